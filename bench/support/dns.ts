// A DNS server on 127.0.0.1 for the bench, so the worker's DKIM and DMARC lookups stay on
// loopback and are answered the same way on every machine: TXT records for the bench's
// DKIM selector, NXDOMAIN for every other name. The worker is pointed at it by
// bench/support/dns-preload.ts (node --import), which calls dns.setServers().
import { createSocket, type Socket } from 'node:dgram';

export interface DnsStub {
  /** 127.0.0.1:PORT, for dns.setServers(). */
  address: string;
  /** Queries answered so far, by "TYPE name". */
  queries: Map<string, number>;
  close(): Promise<void>;
}

const TYPE_TXT = 16;
const TYPE_NAMES: Record<number, string> = { 1: 'A', 5: 'CNAME', 15: 'MX', 16: 'TXT', 28: 'AAAA' };

/** `txt(name)` returns the TXT strings for a lower-cased name, or null for NXDOMAIN. */
export async function startDnsStub(txt: (name: string) => string | null): Promise<DnsStub> {
  const socket: Socket = createSocket('udp4');
  const queries = new Map<string, number>();
  socket.on('message', (query, peer) => {
    const parsed = parseQuestion(query);
    if (!parsed) return;
    const key = `${TYPE_NAMES[parsed.type] ?? parsed.type} ${parsed.name}`;
    queries.set(key, (queries.get(key) ?? 0) + 1);
    const value = parsed.type === TYPE_TXT ? txt(parsed.name) : null;
    socket.send(answer(query, parsed.end, value), peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {});
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function parseQuestion(query: Buffer): { name: string; type: number; end: number } | null {
  if (query.length < 17 || query.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let at = 12;
  while (at < query.length) {
    const length = query[at]!;
    if (length === 0) break;
    if (length > 63) return null; // no compression in questions
    labels.push(query.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  if (at + 5 > query.length) return null;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at + 1), end: at + 5 };
}

function answer(query: Buffer, questionEnd: number, txt: string | null): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // id
  header.writeUInt16BE(0x8180 | (query.readUInt16BE(2) & 0x0100) | (txt === null ? 3 : 0), 2); // QR RD RA, NXDOMAIN or NOERROR
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(txt === null ? 0 : 1, 6);
  const question = query.subarray(12, questionEnd);
  if (txt === null) return Buffer.concat([header, question]);
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(txt, 'latin1');
  for (let i = 0; i < bytes.length; i += 255) {
    const part = bytes.subarray(i, i + 255);
    chunks.push(Buffer.from([part.length]), part);
  }
  const rdata = Buffer.concat(chunks);
  const record = Buffer.alloc(12);
  record.writeUInt16BE(0xc00c, 0); // the name in the question
  record.writeUInt16BE(TYPE_TXT, 2);
  record.writeUInt16BE(1, 4); // IN
  record.writeUInt32BE(300, 6);
  record.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([header, question, record, rdata]);
}
