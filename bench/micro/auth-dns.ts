// Stop 27: where sender authentication's DNS queries come from, on the bench's corpus: by the path that decided
// (our MX's pass relied on, trusted-mx.ts; or the full mailauth pass) and by what was asked (a DKIM key, a DMARC
// record, an SPF record). The zone answers as the bench's loopback stub does (the bench's key under its selector,
// "no such name" for everything else), behind the worker's own cache (dns-cache.ts): what reaches the zone is what
// the stub counts in the burst. Also the CPU each path spends per message (one thread, messages one at a time).
//   RECOVERY_DESK_ENV=development node bench/micro/auth-dns.ts [--n 2000] [--seed 20260302]
import { parseArgs } from 'node:util';
import { createDnsCache } from '../../src/adapters/auth/dns-cache.ts';
import { authenticateSender, type DnsResolver } from '../../src/adapters/auth/sender-auth.ts';
import { BENCH_AUTHSERV, DKIM_SELECTOR, makeCorpus, makeDkimKey } from '../corpus.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20260302' },
  },
});
const N = Number(args.n);

const dkim = makeDkimKey();
const corpus = await makeCorpus({ count: N, seed: Number(args.seed), dkim });
let asked: string[] = [];
const zone = async (name: string, type: string) => {
  const lower = name.toLowerCase();
  asked.push(`${type} ${lower}`);
  if (type === 'TXT' && lower.startsWith(`${DKIM_SELECTOR}._domainkey.`)) return { value: [[dkim.record]], ttl: 300 };
  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};
const cache = createDnsCache(zone);
const resolver: DnsResolver = cache.resolve;
const what = (query: string) => (query.includes('._domainkey.') ? 'DKIM key' : query.includes(' _dmarc.') ? 'DMARC record' : `SPF (${query.split(' ')[0]})`);

const byPath = new Map<string, { messages: number; ms: number; queries: Map<string, number> }>();
const opts = { trustedAuthservIds: [BENCH_AUTHSERV], ourDomains: ['bpart.test'], resolver };
// A warm-up pass on a copy of the cache's options, so the JIT is warm for the timed one.
for (const message of corpus.messages.slice(0, 100)) await authenticateSender(message.raw, { ...opts, resolver: createDnsCache(zone).resolve });
asked = [];
// The worker authenticates recovery requests and, as in the corpus, auto-replies (they answer one of our mails);
// bounces and other mail outside our threads get no verdict (inspect.ts, noVerdictNeeded).
const workerAsks = (kind: string) => kind === 'recovery_request' || kind === 'auto_reply';
let workerQueries = 0;
let workerMessages = 0;
for (const message of corpus.messages) {
  const before = asked.length;
  const t = process.cpuUsage();
  const verdict = await authenticateSender(message.raw, opts);
  const used = process.cpuUsage(t);
  const ar = /^Authentication-Results: [^;]*; dkim=(\w+)/m.exec(message.raw.toString('latin1'))?.[1];
  const path = `${verdict.evidence.reliedOnMx ? 'MX relied on' : 'full path'} (A-R dkim=${ar ?? 'no A-R'}; ${verdict.reason})`;
  const entry = byPath.get(path) ?? { messages: 0, ms: 0, queries: new Map() };
  entry.messages += 1;
  entry.ms += (used.user + used.system) / 1000;
  for (const query of asked.slice(before)) entry.queries.set(what(query), (entry.queries.get(what(query)) ?? 0) + 1);
  byPath.set(path, entry);
  if (workerAsks(message.kind)) {
    workerMessages += 1;
    workerQueries += asked.length - before;
  }
}
const total = asked.length;
console.log(`auth-dns: ${N} messages, ${total} queries reached the zone (${(total / N).toFixed(3)}/msg), ${new Set(asked).size} distinct`);
console.log(
  `  of which the ${workerMessages} messages the worker authenticates: ${workerQueries} queries (${(workerQueries / N).toFixed(3)} per message of the ${N})`,
);
for (const [path, e] of [...byPath].sort((a, b) => b[1].messages - a[1].messages)) {
  const q = [...e.queries].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  console.log(`  ${path}: ${e.messages} messages, ${(e.ms / e.messages).toFixed(3)} ms CPU/msg; queries: ${q}`);
}
