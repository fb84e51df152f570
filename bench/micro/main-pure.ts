// CPU of the main thread's pure work on each message before and after the inspection thread:
// the shape limits on the raw bytes (shapeViolation) and the From identity (checkIdentity), over
// the bench's mail (bench/corpus.ts, 400 messages, ~3% with a 1 MiB attachment). `--base DIR`
// loads another checkout's `src/` over the same messages; the trees alternate run by run and
// their results are compared message by message. Medians of CPU µs per message (all messages).
//   RECOVERY_DESK_ENV=development node bench/micro/main-pure.ts [--n 400] [--runs 9] [--base DIR]
import { resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { makeCorpus, makeDkimKey } from '../corpus.ts';
import { parseMessage } from '../../src/adapters/mail/parse.ts';

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '400' }, runs: { type: 'string', default: '9' }, base: { type: 'string' } } });
const { messages } = await makeCorpus({ count: Number(args.n), seed: 20260302, dkim: makeDkimKey() });
const raws = messages.map((m) => m.raw);
const parsed = await Promise.all(raws.map((raw) => parseMessage(raw)));
const limits = { maxMessageBytes: 25 * 1024 * 1024, maxHeaderBytes: 256 * 1024, maxMimeParts: 200 };
const roots: [string, string][] = [['this tree', resolve(import.meta.dirname, '..', '..')]];
if (args.base) roots.push(['base', resolve(args.base)]);
const trees = await Promise.all(
  roots.map(async ([name, root]) => ({
    name,
    limits: await import(pathToFileURL(`${root}/src/core/limits.ts`).href),
    identity: await import(pathToFileURL(`${root}/src/core/address-identity.ts`).href),
  })),
);
const results = trees.map((t) => raws.map((raw, i) => [t.limits.shapeViolation(raw, limits), t.identity.checkIdentity(parsed[i], parsed[i]!.from)]));
for (let i = 1; i < results.length; i++) console.log(isDeepStrictEqual(results[0], results[i]) ? 'same results from both trees' : 'RESULTS DIFFER');
const cpu = (fn: () => void) => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / raws.length;
};
const samples = trees.map(() => ({ shape: [] as number[], identity: [] as number[] }));
for (let r = 0; r < Number(args.runs) + 1; r++) {
  for (const [i, t] of trees.entries()) {
    const shape = cpu(() => raws.forEach((raw) => t.limits.shapeViolation(raw, limits)));
    const identity = cpu(() => parsed.forEach((m) => t.identity.checkIdentity(m, m.from)));
    if (r > 0) (samples[i]!.shape.push(shape), samples[i]!.identity.push(identity));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [i, t] of trees.entries()) {
  console.log(`${t.name}: shapeViolation ${median(samples[i]!.shape).toFixed(1)} µs/msg, checkIdentity ${median(samples[i]!.identity).toFixed(1)} µs/msg`);
}
