// `node scripts/kind-compare.ts [--l2 X]`: the learned kind model refitted on today's seen set, against the rules and the
// committed model, on every unseen batch (never fitted), grouped by the stop that wrote them; for each way of reading the
// kind (the rules alone, the model alone, the model overriding the rules beyond a margin). Mail a machine wrote keeps the
// rules' kind whatever the reading.
// With --write: the refitted model goes to src/core/kind-weights.ts, combined with the rules at the margin that reads the
// most of the unseen batches the reading loops have read (`ap` … `cp`: never fitted, the rules' own in-sample), or the
// rules alone if none beats them; the batches written after (`cq` …) judge it and never choose.
import { KIND_MODEL } from '../src/core/kind-weights.ts';
import type { KindModel } from '../src/core/kind-model.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitKind, kindExamples, readKind, type KindExample } from './fit-kind.ts';
import { formatted } from './formatted.ts';
import { isUnseen, labelledFiles, seenFiles } from './eval.ts';

const at = process.argv.indexOf('--l2');
const l2 = at >= 0 ? Number(process.argv[at + 1]) : 0.001;
const seen = await kindExamples(seenFiles(), KIND_MODEL.features);
const unseen = await kindExamples(
  labelledFiles().filter((f) => isUnseen(f.split('/').pop()!)),
  KIND_MODEL.features,
);
const groups: [string, RegExp][] = [
  ['ap-bv', /^(a[p-z]|b[a-v])$/],
  ['ca-cf', /^c[a-f]$/],
  ['cg-cj', /^c[g-j]$/],
  ['ck-cp', /^c[k-p]$/],
  ['cq-ct', /^c[q-t]$/],
  ['cu-cx', /^c[u-x]$/],
];
// A margin alone reads both ways; `+margin`: the model only adds requests the rules read as other (KindCombination.direction).
type How = 'rules' | 'model' | number | `+${number}`;
const HOWS: How[] = ['rules', 'model', 0.2, 0.3, 0.4, 0.45, '+0.2', '+0.3', '+0.4', '+0.45'];
const readAs = (e: KindExample, m: KindModel, how: How) =>
  typeof how === 'string' && how.startsWith('+') ? readKind(e, m, Number(how.slice(1)), 'adds-requests') : readKind(e, m, how as 'rules' | 'model' | number);
const show = (xs: KindExample[], m: KindModel, how: How) => `${xs.filter((e) => readAs(e, m, how) === e.expected).length}/${xs.length}`;
const refit = fitKind(seen, KIND_MODEL.features, l2);
const lines: string[] = [];
for (const [name, model] of [
  ['committed model', KIND_MODEL],
  [`refit on ${seen.length} seen (l2 ${l2})`, refit],
] as const) {
  lines.push(name);
  for (const how of HOWS) {
    const cells = groups.map(([g, re]) => [g, unseen.filter((e) => re.test(e.batch))] as const).filter(([, xs]) => xs.length > 0);
    lines.push(
      `  ${String(typeof how === 'number' ? `margin ${how}` : how.startsWith('+') ? `adds ${how.slice(1)}` : how).padEnd(11)} seen ${show(seen, model, how)}  ${cells.map(([g, xs]) => `${g} ${show(xs, model, how)}`).join('  ')}`,
    );
  }
}
console.log(lines.join('\n'));
// The choice: the model only adds requests (a request read as other leaves a locked-out holder without a ticket; an
// other read as a request costs an agent a glance); its margin on the batches the loops read (never fitted), the seen
// set kept whole; a tie keeps the larger margin, no gain keeps the rules.
const read = unseen.filter((e) => /^(a[p-z]|b[a-z]|c[a-p])$/.test(e.batch));
const right = (how: How) => read.filter((e) => readAs(e, refit, how) === e.expected).length;
const whole = (how: How) => seen.every((e) => readAs(e, refit, how) === e.expected);
const best = (['+0.2', '+0.3', '+0.4', '+0.45'] as const).filter(whole).sort((a, b) => right(b) - right(a) || Number(b.slice(1)) - Number(a.slice(1)))[0];
const combined = best !== undefined && right(best) > right('rules');
const margin = best === undefined ? 0.45 : Number(best.slice(1));
const verdict = combined
  ? `combined, the model adding requests beyond 0.5 + ${margin}: ${right(best)}/${read.length} of ap … cp against the rules' ${right('rules')}`
  : `rules: no margin beats them on ap … cp (${right('rules')}/${read.length})`;
console.log(`\nchoice: ${verdict}`);
if (process.argv.includes('--write')) {
  const file = join(import.meta.dirname, '..', 'src', 'core', 'kind-weights.ts');
  const body = [
    `// Written by scripts/kind-compare.ts --write (do not edit by hand): the learned kind model (kind-model.ts), fitted on`,
    `// the seen set's mail a person wrote (features ${KIND_MODEL.features}, l2 ${l2}), and how it combines with the rules.`,
    `// Right kinds per group of unseen batches (never fitted), by reading:`,
    ...lines.map((l) => `// ${l}`),
    `// Choice (on ap … cp only; cq … and later judge): ${verdict}.`,
    `import type { KindCombination, KindModel } from './kind-model.ts';`,
    ``,
    `export const KIND_COMBINATION: KindCombination = ${JSON.stringify({ chooser: combined ? 'combined' : 'rules', margin, direction: 'adds-requests' })};`,
    ``,
    `export const KIND_MODEL: KindModel = ${JSON.stringify(refit)};`,
    ``,
  ].join('\n');
  writeFileSync(file, await formatted(file, body));
  console.log(`wrote ${file}`);
}
