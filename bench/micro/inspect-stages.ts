// Stop 27 (the inspection thread): two of its stages alone, this tree against another checkout's, in alternating
// rounds in one process, by this thread's CPU: mailparser's parse of the bench's messages that carry an attachment
// (the part `checksumAlgo: false` touches), and the learned choosers on the requests where both run (a request without
// a full name nor an organisation read by the rules: the name chooser weighs the organisation chooser's candidates,
// then the organisation chooser asks for them again).
//   RECOVERY_DESK_ENV=development node bench/micro/inspect-stages.ts --base DIR [--n 2000] [--rounds 5]
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeCorpus, makeDkimKey } from '../corpus.ts';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    n: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20260302' },
  },
});
const { messages } = await makeCorpus({ count: Number(args.n), seed: Number(args.seed), dkim: makeDkimKey() });
const trees = [
  ['head', resolve(import.meta.dirname, '../..')],
  ['base', resolve(args.base!)],
] as const;
const loaded = await Promise.all(
  trees.map(async ([name, root]) => {
    const load = (p: string) => import(pathToFileURL(resolve(root, p)).href);
    const [{ parseMessage }, { learnedCandidates }, { learnedNames }] = await Promise.all([
      load('src/adapters/mail/parse.ts'),
      load('src/core/fields/org-learned.ts'),
      load('src/core/fields/name-learned.ts'),
    ]);
    return { name, parseMessage, learnedCandidates, learnedNames };
  }),
);
const cpu = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};
const withFiles = messages.filter((m) => m.raw.length > 200_000).map((m) => Buffer.from(m.raw));
// The choosers' inputs on requests: the text as the rules read it is the message's text here (the same for both trees).
const { parseMessage } = loaded[0]!;
const texts: { text: string; sender: any; subject: string }[] = [];
for (const m of messages.filter((m) => m.kind === 'recovery_request').slice(0, 300)) {
  const p = await parseMessage(Buffer.from(m.raw));
  texts.push({ text: p.text, sender: p.from[0] ?? null, subject: p.subject });
}
const sums = new Map<string, { parse: number[]; choosers: number[] }>();
for (let r = 0; r < Number(args.rounds) + 1; r++)
  for (const t of r % 2 ? [...loaded].reverse() : loaded) {
    let at = cpu();
    for (const raw of withFiles) await t.parseMessage(raw);
    const parse = (cpu() - at) / withFiles.length;
    at = cpu();
    for (const x of texts) {
      const inputs = { text: x.text, sender: x.sender, companyNames: ['bpart'], subject: x.subject };
      t.learnedNames({ ...inputs, ruleValues: [], ruleName: null, ruleOrganisation: null });
      t.learnedCandidates({ ...inputs, fullName: null });
    }
    const choosers = (cpu() - at) / texts.length;
    if (r === 0) continue; // warm-up
    const s = sums.get(t.name) ?? { parse: [], choosers: [] };
    s.parse.push(parse);
    s.choosers.push(choosers);
    sums.set(t.name, s);
  }
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(3);
console.log(`${withFiles.length} messages with an attachment; ${texts.length} requests through both choosers; CPU ms each, median (rounds):`);
for (const [name, s] of sums)
  console.log(
    `  ${name}: parse ${med(s.parse)} (${s.parse.map((x) => x.toFixed(2)).join(' ')}); both choosers ${med(s.choosers)} (${s.choosers.map((x) => x.toFixed(3)).join(' ')})`,
  );
