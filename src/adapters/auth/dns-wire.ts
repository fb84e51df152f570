// A small DNS client for sender authentication's lookups that, unlike node:dns's resolve*(),
// returns each answer's TTL and, for NXDOMAIN and NODATA, the SOA's negative-caching TTL
// (RFC 2308), so dns-cache.ts can keep answers exactly as long as their owners allow. It asks
// the servers node:dns uses (resolv.conf, or dns.setServers()), over UDP, then over TCP when
// the answer is truncated; errors carry node:dns's codes (ENOTFOUND, ENODATA, ESERVFAIL,
// ETIMEOUT…), so mailauth and dns-retry.ts read them as before.
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import dns from 'node:dns';
import { connect } from 'node:net';

export interface WireAnswer {
  /** As node:dns's resolve(name, type) returns it. */
  value: unknown;
  /** Seconds the answer may be kept (the smallest TTL of the records it is made of). */
  ttl: number;
}

/** A lookup that failed; `ttl` is set for NXDOMAIN and NODATA answers that carried an SOA. */
export type WireError = Error & { code: string; ttl?: number };

export interface WireOptions {
  /** "ip", "ip:port", "[ipv6]:port"; node:dns's servers when absent (read at each lookup). */
  servers?: string[];
  /** Per server and try (default 2000 ms). */
  timeoutMs?: number;
}

const TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };
const RCODES: Record<number, string> = { 1: 'EFORMERR', 2: 'ESERVFAIL', 3: 'ENOTFOUND', 4: 'ENOTIMP', 5: 'EREFUSED' };

export const supportedType = (type: string): boolean => type in TYPES && type !== 'SOA';

export async function wireResolve(name: string, type: string, options: WireOptions = {}): Promise<WireAnswer> {
  const qtype = TYPES[type];
  if (!qtype || !supportedType(type)) throw failure('ENOTIMP', `${type} ${name}: type not supported`);
  const servers = (options.servers ?? dns.getServers()).map(parseServer);
  if (servers.length === 0) throw failure('ECONNREFUSED', `${type} ${name}: no DNS server`);
  const query = buildQuery(name, qtype);
  let lastError: WireError = failure('ETIMEOUT', `${type} ${name}: no answer`);
  for (const server of servers) {
    try {
      let reply = await udpExchange(server, query, options.timeoutMs ?? 2000);
      if (reply.readUInt16BE(2) & 0x0200) reply = await tcpExchange(server, query, options.timeoutMs ?? 2000);
      return readAnswer(reply, query, name, qtype, type);
    } catch (error) {
      lastError = error as WireError;
      // A definite answer (the name does not exist, has no such record) ends the lookup.
      if (lastError.code === 'ENOTFOUND' || lastError.code === 'ENODATA') throw lastError;
    }
  }
  throw lastError;
}

function failure(code: string, message: string, ttl?: number): WireError {
  return Object.assign(new Error(`${code}: ${message}`), { code }, ttl === undefined ? {} : { ttl });
}

function parseServer(server: string): { host: string; port: number; family: 4 | 6 } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 53), family: 6 };
  if (server.includes(':') && server.indexOf(':') !== server.lastIndexOf(':')) return { host: server, port: 53, family: 6 };
  const [host, port] = server.split(':');
  return { host: host!, port: Number(port ?? 53), family: 4 };
}

function buildQuery(name: string, qtype: number): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'latin1');
    if (bytes.length > 63) throw failure('EBADNAME', `${name}: label too long`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  const header = Buffer.alloc(12);
  header.writeUInt16BE(randomInt(0, 0x10000), 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(qtype, 1);
  tail.writeUInt16BE(1, 3); // IN
  return Buffer.concat([header, ...parts, tail]);
}

function udpExchange(server: { host: string; port: number; family: 4 | 6 }, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(server.family === 6 ? 'udp6' : 'udp4');
    const done = (error: Error | null, reply?: Buffer) => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply!);
    };
    const timer = setTimeout(() => done(failure('ETIMEOUT', `no answer from ${server.host} within ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', (error) => done(failure('ECONNREFUSED', error.message)));
    socket.on('message', (reply, peer) => {
      // Only the answer to this question, from the server asked: anything else is ignored.
      if (peer.port === server.port && sameQuestion(reply, query)) done(null, reply);
    });
    socket.send(query, server.port, server.host);
  });
}

/** A response (QR) with the query's id and, byte for byte but for letter case, its question. */
function sameQuestion(reply: Buffer, query: Buffer): boolean {
  if (reply.length < query.length || reply.readUInt16BE(0) !== query.readUInt16BE(0) || !(reply[2]! & 0x80)) return false;
  if (reply.readUInt16BE(4) !== 1) return false;
  return reply.subarray(12, query.length).toString('latin1').toLowerCase() === query.subarray(12).toString('latin1').toLowerCase();
}

function tcpExchange(server: { host: string; port: number }, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => done(failure('ETIMEOUT', `no TCP answer from ${server.host} within ${timeoutMs} ms`)), timeoutMs);
    const done = (error: Error | null, reply?: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply!);
    };
    socket.on('error', (error) => done(failure('ECONNREFUSED', error.message)));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length, 0);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      const reply = received.subarray(2, 2 + received.readUInt16BE(0));
      done(sameQuestion(reply, query) ? null : failure('EBADRESP', `an answer to another question from ${server.host}`), reply);
    });
  });
}

/** A domain name at `at` (compression pointers followed): the name and where the field ends. */
function readName(message: Buffer, at: number): { name: string; end: number } {
  const labels: string[] = [];
  let end = -1;
  for (let hops = 0; hops < 64; hops++) {
    const length = message[at];
    if (length === undefined) throw failure('EBADRESP', 'name past the end');
    if (length === 0) return { name: labels.join('.'), end: end < 0 ? at + 1 : end };
    if ((length & 0xc0) === 0xc0) {
      if (end < 0) end = at + 2;
      at = ((length & 0x3f) << 8) | message[at + 1]!;
      continue;
    }
    labels.push(message.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  throw failure('EBADRESP', 'name compression loop');
}

interface Record_ {
  name: string;
  type: number;
  ttl: number;
  data: Buffer;
  offset: number;
}

function readAnswer(reply: Buffer, query: Buffer, name: string, qtype: number, type: string): WireAnswer {
  const flags = reply.readUInt16BE(2);
  const rcode = flags & 0x0f;
  const counts = [reply.readUInt16BE(4), reply.readUInt16BE(6), reply.readUInt16BE(8)] as const;
  let at = 12;
  for (let i = 0; i < counts[0]; i++) at = readName(reply, at).end + 4;
  const sections: Record_[][] = [[], []];
  for (const [section, count] of [counts[1], counts[2]].entries()) {
    for (let i = 0; i < count; i++) {
      const owner = readName(reply, at);
      at = owner.end;
      const rtype = reply.readUInt16BE(at);
      const ttl = reply.readUInt32BE(at + 4);
      const length = reply.readUInt16BE(at + 8);
      sections[section]!.push({ name: owner.name, type: rtype, ttl, data: reply.subarray(at + 10, at + 10 + length), offset: at + 10 });
      at += 10 + length;
    }
  }
  const [answers, authority] = sections as [Record_[], Record_[]];
  // RFC 2308 §5: a negative answer is kept for min(SOA TTL, SOA MINIMUM).
  const soa = authority.find((r) => r.type === TYPES.SOA);
  const negativeTtl = soa ? Math.min(soa.ttl, soa.data.readUInt32BE(soa.data.length - 4)) : undefined;
  const what = `${type} ${name}`;
  if (rcode !== 0) throw failure(RCODES[rcode] ?? 'ESERVFAIL', what, rcode === 3 ? negativeTtl : undefined);
  void query;
  // The records of the asked type (the CNAME chain to them counts in the TTL).
  const matching = answers.filter((r) => r.type === qtype);
  if (matching.length === 0) throw failure('ENODATA', what, negativeTtl);
  const ttl = Math.min(...answers.filter((r) => r.type === qtype || r.type === TYPES.CNAME).map((r) => r.ttl));
  return { value: matching.map((r) => decode(reply, r, type)), ttl };
}

function decode(reply: Buffer, record: Record_, type: string): unknown {
  const { data } = record;
  switch (type) {
    case 'A':
      return [...data].join('.');
    case 'AAAA': {
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(data.readUInt16BE(i).toString(16));
      return compressV6(groups);
    }
    case 'TXT': {
      const strings: string[] = [];
      for (let i = 0; i < data.length;) {
        const length = data[i]!;
        strings.push(data.subarray(i + 1, i + 1 + length).toString('utf8'));
        i += 1 + length;
      }
      return strings;
    }
    case 'MX':
      return { priority: data.readUInt16BE(0), exchange: readName(reply, record.offset + 2).name };
    default: // CNAME, NS, PTR
      return readName(reply, record.offset).name;
  }
}

/** 2001:db8:0:0:0:0:0:1 → 2001:db8::1, as node:dns writes it. */
function compressV6(groups: string[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** What the cache asks in production: this client for the types it reads, node:dns (kept a minute) for the rest. */
export async function systemLookup(name: string, type: string): Promise<WireAnswer> {
  if (supportedType(type)) return wireResolve(name, type);
  return { value: await dns.promises.resolve(name, type as 'TXT'), ttl: 60 };
}
