// A DNS server on 127.0.0.1 for tests: answers from a table the test can change, counts every
// query it gets ("TYPE name"), and can answer NXDOMAIN or NODATA with an SOA (its negative
// TTL), SERVFAIL, or nothing at all (a timeout).
import { createSocket } from 'node:dgram';

export type Behaviour =
  /** TXT records; one given as a list is one record of several character-strings. */
  | { txt: (string | string[])[]; ttl: number }
  | { a: string[]; ttl: number }
  | { nxdomain: true; soaMinimum?: number }
  | { nodata: true; soaMinimum?: number }
  | { servfail: true }
  | { drop: true }
  /** A forged answer: the records asked for, but under another question (then nothing). */
  | { spoof: { txt: string[]; ttl: number } };

export interface TestDnsServer {
  /** 127.0.0.1:PORT */
  address: string;
  /** "TYPE name" → behaviour; unknown names get NXDOMAIN without an SOA. */
  zone: Map<string, Behaviour>;
  queries: Map<string, number>;
  count(key: string): number;
  close(): Promise<void>;
}

const TYPE_NAMES: Record<number, string> = { 1: 'A', 5: 'CNAME', 15: 'MX', 16: 'TXT', 28: 'AAAA' };

export async function startTestDnsServer(): Promise<TestDnsServer> {
  const socket = createSocket('udp4');
  const zone = new Map<string, Behaviour>();
  const queries = new Map<string, number>();
  socket.on('message', (query, peer) => {
    let at = 12;
    const labels: string[] = [];
    while (query[at]) {
      labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString('latin1'));
      at += 1 + query[at]!;
    }
    const type = query.readUInt16BE(at + 1);
    const key = `${TYPE_NAMES[type] ?? type} ${labels.join('.').toLowerCase()}`;
    queries.set(key, (queries.get(key) ?? 0) + 1);
    const behaviour = zone.get(key) ?? { nxdomain: true };
    if ('drop' in behaviour) return;
    if ('spoof' in behaviour) {
      const other = Buffer.from(query);
      other[13] = other[13]! ^ 0x01; // the first letter of the name changed
      socket.send(reply(other, at + 5, type, behaviour.spoof), peer.port, peer.address);
      return;
    }
    socket.send(reply(query, at + 5, type, behaviour), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    zone,
    queries,
    count: (key) => queries.get(key) ?? 0,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function reply(query: Buffer, questionEnd: number, type: number, behaviour: Exclude<Behaviour, { drop: true } | { spoof: unknown }>): Buffer {
  const rcode = 'nxdomain' in behaviour ? 3 : 'servfail' in behaviour ? 2 : 0;
  const answers: Buffer[] = [];
  const authority: Buffer[] = [];
  if ('txt' in behaviour && type === 16) {
    for (const texts of behaviour.txt) {
      const strings = (Array.isArray(texts) ? texts : [texts]).map((text) => Buffer.from(text, 'utf8'));
      answers.push(record(16, behaviour.ttl, Buffer.concat(strings.flatMap((bytes) => [Buffer.from([bytes.length]), bytes]))));
    }
  }
  if ('a' in behaviour && type === 1) for (const ip of behaviour.a) answers.push(record(1, behaviour.ttl, Buffer.from(ip.split('.').map(Number))));
  if (('nxdomain' in behaviour || 'nodata' in behaviour) && behaviour.soaMinimum !== undefined) {
    // example.test. SOA: mname and rname as the root (one zero byte each), then five numbers.
    const rdata = Buffer.alloc(2 + 20);
    rdata.writeUInt32BE(behaviour.soaMinimum, 18);
    authority.push(record(6, 3600, rdata));
  }
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8180 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  header.writeUInt16BE(authority.length, 8);
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers, ...authority]);
}

function record(type: number, ttl: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // the question's name
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt32BE(ttl, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}
