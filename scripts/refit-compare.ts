// `node scripts/refit-compare.ts`: does refitting the organisation scorer on today's seen set read unseen mail better than the
// committed weights? Each model picks among the very candidates the reader generates (fit-reader's pick), on the seen set
// (in-sample) and on the unseen batches (never fitted), grouped by the stop that wrote them. Stop 25: refits moved 0–2 of 950
// unseen requests: the choosing is not what misreads; the candidates are (README, "Where issue 14 stands after stop 25").
import { examples, fit, accuracy, pick } from './fit-reader.ts';
import { isUnseen, labelledFiles, normalise } from './eval.ts';
import type { Weights } from '../src/core/fields/org-candidates.ts';
import { ORG_MODEL } from '../src/core/fields/weights.ts';
type Ex = Awaited<ReturnType<typeof examples>>[number];
const seen = await examples();
const unseen = await examples(labelledFiles().filter((f) => isUnseen(f.split('/').pop()!)));
const groups: Record<string, Ex[]> = {
  'ap-bv': unseen.filter((e) => e.batch < 'c'),
  'ca-cf': unseen.filter((e) => /^c[a-f]$/.test(e.batch)),
  'cg-cj': unseen.filter((e) => /^c[g-j]$/.test(e.batch)),
  'ck-cp': unseen.filter((e) => /^c[k-p]$/.test(e.batch)),
};
const report = (label: string, m: Weights) => {
  const parts = Object.entries(groups).map(([g, xs]) => {
    const a = accuracy(xs, (e) => pick(e, m));
    return `${g} ${a.right}/${a.total}`;
  });
  const s = accuracy(seen, (e) => pick(e, m));
  console.log(`${label.padEnd(28)} seen ${s.right}/${s.total}  ${parts.join('  ')}  thr ${m.threshold}`);
};
report('committed ORG_MODEL', ORG_MODEL);
// The ceiling of any choosing: a message is within reach when its body is among the candidates (or none is labelled).
const reach = (xs: Ex[]) => xs.filter((e) => e.expected.length === 0 || e.candidates.some((c) => e.expected.includes(normalise(c.value)!))).length;
console.log(
  `${'within reach of a chooser'.padEnd(28)} seen ${reach(seen)}/${seen.length}  ${Object.entries(groups)
    .map(([g, xs]) => `${g} ${reach(xs)}/${xs.length}`)
    .join('  ')}`,
);
for (const [label, args] of [
  ['refit l2h=0.01', [4000, 0.3, 0.001, 0.01]],
  ['refit l2h=0.03', [4000, 0.3, 0.001, 0.03]],
  ['refit l2h=0.003', [4000, 0.3, 0.001, 0.003]],
  ['refit no hashed', [4000, 0.3, 0.001, null]],
  ['refit l2=0.01 l2h=0.03', [4000, 0.3, 0.01, 0.03]],
] as const) {
  const m = fit(seen, ...(args as [number, number, number, number | null]));
  report(label, m);
}
