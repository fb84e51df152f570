// Every reading of every message we hold, as JSON: a change to how the reader computes (not what it
// reads) must leave this file byte for byte the same. Reads with one checkout's src/ (--root, this
// tree by default) the labelled sets (fixtures/emails, fixtures/eval), the shared corpus
// (/work/shared/corpus, as test/support/corpus.ts reads it) and the bench's mail (bench/corpus.ts,
// seed 20260302), each parsed as the worker parses it and analysed under every set of options the
// callers use: `inspect` and the evaluation (companyNames only), the worker (onlyActedOn, with and
// without ourThread), and `inspect --explain` (the explanation and the kind model's reading too).
//   RECOVERY_DESK_ENV=development node bench/reading-dump.ts [--root DIR] [--n 400] > FILE
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { makeCorpus, makeDkimKey } from './corpus.ts';
import { corpusManifest } from '../test/support/corpus.ts';

const { values: args } = parseArgs({
  options: { root: { type: 'string', default: resolve(import.meta.dirname, '..') }, n: { type: 'string', default: '400' } },
});
const root = resolve(args.root!);
const load = (path: string) => import(pathToFileURL(join(root, path)).href);
const [{ parseMessage }, { analyse }, { companyNames, loadConfig }] = await Promise.all([
  load('src/adapters/mail/parse.ts'),
  load('src/core/analyse.ts'),
  load('src/config.ts'),
]);
const OWN = companyNames(loadConfig({})) as string[];

const sources: [string, Buffer][] = [];
const dirs = ['fixtures/emails', 'fixtures/eval'].map((d) => join(import.meta.dirname, '..', d));
for (const dir of dirs)
  for (const name of readdirSync(dir, { recursive: true }) as string[])
    if (name.endsWith('.eml')) sources.push([`${dir.split('/').slice(-2).join('/')}/${name}`, readFileSync(join(dir, name))]);
for (const row of corpusManifest()) sources.push([`corpus/${row.path}`, row.raw]);
const { messages } = await makeCorpus({ count: Number(args.n), seed: 20260302, dkim: makeDkimKey() });
messages.forEach((m, i) => sources.push([`bench/${i}`, Buffer.from(m.raw)]));
sources.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const optionSets: [string, object][] = [
  ['inspect', { companyNames: OWN }],
  ['worker', { companyNames: ['bpart'], onlyActedOn: true }],
  ['worker-ours', { companyNames: OWN, onlyActedOn: true, ourThread: true }],
  ['worker-not-ours', { companyNames: OWN, onlyActedOn: true, ourThread: false }],
  ['explain', { companyNames: OWN, explain: true }],
  ['rules-only', { companyNames: OWN, kindModel: null }],
];
const write = (line: string) => process.stdout.write(`${line}\n`);
for (const [name, raw] of sources) {
  let message;
  try {
    message = await parseMessage(raw);
  } catch (error) {
    write(JSON.stringify({ name, parseError: String(error) }));
    continue;
  }
  for (const [set, options] of optionSets) {
    let result: unknown;
    try {
      result = analyse(message, options);
    } catch (error) {
      result = { error: String(error) };
    }
    write(JSON.stringify({ name, set, result }));
  }
}
