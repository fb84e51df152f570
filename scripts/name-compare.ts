// `node scripts/name-compare.ts [--l2 X] [--write]`: the general name generator (src/core/fields/name-candidates.ts) and its
// learned chooser (name-learned.ts), stop 27. Reports:
//  - recall of generation: the share of labelled full names of recovery requests among the rules' readings and among the
//    generator's candidates, on the seen set, on the development batches ck … ct and on the earlier unseen batches the loops
//    read (ap … cj, never a judge);
//  - the chooser fitted on the seen set only, combined one way (it supplies a full name only where the rules read none on a
//    recovery request): moved right / moved wrong per threshold, on the seen set by 5-fold cross-validation (by message),
//    on ck … ct and on ap … cj with the model fitted on the whole seen set; and each move;
//  - the second direction, measured only: the chooser's best candidate over a rule's reading it scores higher.
// With --write it is the one writer of src/core/fields/name-learned-weights.ts: the whole-seen-set fit, at the threshold
// that moves the most right on ck … ct while moving none wrong there (nor on ap … cj) and none net wrong in the seen set's
// cross-validation (a tie keeps the higher threshold); no gain leaves the combination off. The judges (cu … df) are never
// read here.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '../src/adapters/mail/parse.ts';
import { analyse } from '../src/core/analyse.ts';
import { hashedProbability } from '../src/core/hashed-logistic.ts';
import { fitLogistic } from './fit-logistic.ts';
import { isReadOrganisation, nameBucket, NAME_LEARNED_BUCKETS, type NameLearnedModel } from '../src/core/fields/name-learned.ts';
import { formatted } from './formatted.ts';
import { labelledFiles, normalise, OWN_NAMES, seenFiles } from './eval.ts';

export const DEV = /^..-(ck|cl|cm|cn|co|cp|cq|cr|cs|ct)\d\d-/;
export const EARLIER = /^..-(ap|aq|as|bc|bd|be|bf|bk|bm|bn|bp|bq|br|bt|bu|bv|ca|cb|cc|cd|ce|cf|cg|ch|ci|cj)\d\d-/;
const JUDGES = /^..-(cu|cv|cw|cx|cy|cz|da|db|dc|dd|de|df)\d\d-/;
const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export interface NameExample {
  file: string;
  /** A recovery request by its label (only those have their name scored). */
  request: boolean;
  /** The labelled full name and its accepted forms, normalised; [] when it has none. */
  right: string[];
  /** Where the chooser may decide: the rules read it a request and read no full name. */
  mayDecide: boolean;
  rulesValue: string | null;
  rulesRight: boolean;
  candidates: { value: string; sources: string[]; buckets: number[]; positive: boolean; readOrganisation: boolean }[];
}

const argValue = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

export async function nameExamples(files: string[]): Promise<NameExample[]> {
  const out: NameExample[] = [];
  for (const path of files) {
    const file = path.split('/').pop()!;
    if (JUDGES.test(file)) throw new Error(`a judge is never read here: ${file}`);
    const exp = JSON.parse(readFileSync(path.replace(/\.eml$/, '.expected.json'), 'utf8')) as {
      kind: string;
      fields: { fullName: string | null };
      accept?: { fullName?: string[] };
    };
    const analysis = analyse(await parseMessage(readFileSync(path)), { companyNames: OWN_NAMES, explain: true, nameModel: null, orgModel: null });
    const right = exp.fields.fullName === null ? [] : [exp.fields.fullName, ...(exp.accept?.fullName ?? [])].map((v) => normalise(v)!);
    const reading = analysis.nameModel;
    const rulesValue = normalise(analysis.fields.fullName);
    out.push({
      file,
      request: exp.kind === 'recovery_request',
      right,
      mayDecide: reading?.mayDecide ?? false,
      rulesValue,
      rulesRight: rulesValue === null ? right.length === 0 : right.includes(rulesValue),
      candidates: (reading?.candidates ?? []).map((c) => ({
        value: c.value,
        sources: c.sources,
        buckets: [...new Set(c.keys.map(nameBucket))],
        positive: right.includes(normalise(c.value)!),
        readOrganisation: isReadOrganisation(c, analysis.fields.organisation),
      })),
    });
  }
  return out;
}

/** The regularisation and the weight of the requests where the chooser decides (the committed fit's; flags may try others). */
export const NAME_L2 = 0.001;
export const NAME_WEIGHT = 5;
const WEIGHT = Number(argValue('--weight') ?? NAME_WEIGHT);

/** L2-regularised logistic regression over every candidate of the requests given (scripts/fit-logistic.ts). */
export function fitNames(train: readonly NameExample[], l2: number, weight = WEIGHT): NameLearnedModel {
  // The requests where the rules read no name are where the chooser decides: their candidates count WEIGHT times.
  const rows = train
    .filter((e) => e.request)
    .flatMap((e) => (e.mayDecide ? Array<NameExample['candidates']>(weight).fill(e.candidates).flat() : e.candidates))
    .map((c) => ({ features: c.buckets.map((bucket) => ({ bucket })), y: c.positive ? 1 : 0 }));
  const { bias, weights } = fitLogistic(rows, NAME_LEARNED_BUCKETS, l2, 300, 0.05);
  return { bias, weights, threshold: 1, combination: 'off' };
}

interface Move {
  file: string;
  value: string;
  p: number;
  right: boolean;
  expected: string;
  /** The second direction: the rules' reading, right or not. */
  was?: string | null;
  wasRight?: boolean;
}

function best(model: NameLearnedModel, e: NameExample) {
  let top: { value: string; p: number; positive: boolean } | null = null;
  for (const c of e.candidates) {
    if (c.readOrganisation) continue;
    const p = hashedProbability(model, c.buckets);
    if (!top || p > top.p) top = { value: c.value, p, positive: c.positive };
  }
  return top;
}

/** What the one-way combination supplies on the requests where it may decide. */
function moves(model: NameLearnedModel, xs: readonly NameExample[]): Move[] {
  return xs
    .filter((e) => e.request && e.mayDecide)
    .flatMap((e) => {
      const b = best(model, e);
      return b ? [{ file: e.file, value: b.value, p: b.p, right: b.positive, expected: e.right[0] ?? '(none)' }] : [];
    });
}

/** The second direction: where the rules read a name, the chooser's best candidate when it is another and scores above the rules' one. */
function replacements(model: NameLearnedModel, xs: readonly NameExample[]): Move[] {
  return xs
    .filter((e) => e.request && e.rulesValue !== null)
    .flatMap((e) => {
      const b = best(model, e);
      if (!b || normalise(b.value) === e.rulesValue) return [];
      const own = e.candidates.find((c) => normalise(c.value) === e.rulesValue);
      const ownP = own ? hashedProbability(model, own.buckets) : 0;
      if (b.p <= ownP) return [];
      return [{ file: e.file, value: b.value, p: b.p, right: b.positive, expected: e.right[0] ?? '(none)', was: e.rulesValue, wasRight: e.rulesRight }];
    });
}

const tally = (ms: readonly Move[], t: number) => {
  const taken = ms.filter((m) => m.p >= t);
  // A replacement moves right only from a wrong reading, and wrong only from a right one.
  return {
    right: taken.filter((m) => m.right && m.wasRight !== true).length,
    wrong: taken.filter((m) => !m.right && m.wasRight !== false).length,
  };
};

function recall(xs: readonly NameExample[]): string {
  const named = xs.filter((e) => e.request && e.right.length > 0);
  const inRules = named.filter((e) => e.rulesRight).length;
  const inNew = named.filter((e) => e.candidates.some((c) => c.positive)).length;
  const missed = named.filter((e) => !e.rulesRight);
  const recovered = missed.filter((e) => e.candidates.some((c) => c.positive)).length;
  const pct = (n: number) => `${n}/${named.length}`;
  const perRequest = xs.filter((e) => e.request).reduce((n, e) => n + e.candidates.length, 0) / Math.max(1, xs.filter((e) => e.request).length);
  return `rules read right ${pct(inRules)} · generator holds ${pct(inNew)} · of the rules' ${missed.length} misses it holds ${recovered} · ${perRequest.toFixed(1)} candidates a request`;
}

if (import.meta.main) {
  const l2 = Number(argValue('--l2') ?? NAME_L2);
  const all = labelledFiles();
  const name = (f: string) => f.split('/').pop()!;
  const cache = argValue('--cache');
  const { seen, dev, earlier } =
    cache && existsSync(cache)
      ? (JSON.parse(readFileSync(cache, 'utf8')) as { seen: NameExample[]; dev: NameExample[]; earlier: NameExample[] })
      : {
          seen: await nameExamples(seenFiles(all)),
          dev: await nameExamples(all.filter((f) => DEV.test(name(f)))),
          earlier: await nameExamples(all.filter((f) => EARLIER.test(name(f)))),
        };
  if (cache && !existsSync(cache)) writeFileSync(cache, JSON.stringify({ seen, dev, earlier }));
  const lines: string[] = [];
  lines.push(`recall of generation (labelled full names of recovery requests)`);
  lines.push(`  seen   ${recall(seen)}`);
  lines.push(`  ck-ct  ${recall(dev)}`);
  lines.push(`  ap-cj  ${recall(earlier)}`);
  const rows = seen.filter((e) => e.request).reduce((n, e) => n + e.candidates.length, 0);
  lines.push(`fit: ${rows} candidates of ${seen.filter((e) => e.request).length} seen requests (those where the rules read no name ×${WEIGHT}), l2 ${l2}`);
  const folds = 5;
  const cvMoves: Move[] = [];
  const cvReplacements: Move[] = [];
  for (let k = 0; k < folds; k++) {
    const model = fitNames(
      seen.filter((_, i) => i % folds !== k),
      l2,
    );
    const held = seen.filter((_, i) => i % folds === k);
    cvMoves.push(...moves(model, held));
    cvReplacements.push(...replacements(model, held));
  }
  const whole = fitNames(seen, l2);
  const devMoves = moves(whole, dev);
  const earlierMoves = moves(whole, earlier);
  lines.push(
    `one way (supplied where the rules read none on a request): may decide on seen ${cvMoves.length}, ck-ct ${devMoves.length}, ap-cj ${earlierMoves.length}`,
    `  threshold  seen (5-fold) right/wrong   ck-ct right/wrong   ap-cj right/wrong`,
  );
  for (const t of THRESHOLDS) {
    const [s, d, a] = [tally(cvMoves, t), tally(devMoves, t), tally(earlierMoves, t)];
    lines.push(`  ${t.toFixed(2)}       ${`+${s.right} / -${s.wrong}`.padEnd(24)}  ${`+${d.right} / -${d.wrong}`.padEnd(18)}  +${a.right} / -${a.wrong}`);
  }
  const devReplacements = replacements(whole, dev);
  const earlierReplacements = replacements(whole, earlier);
  lines.push(
    `second direction, measured only (the best candidate over a rule's reading it scores higher): seen ${cvReplacements.length}, ck-ct ${devReplacements.length}, ap-cj ${earlierReplacements.length}`,
    `  threshold  seen (5-fold) right/wrong   ck-ct right/wrong   ap-cj right/wrong`,
  );
  for (const t of THRESHOLDS) {
    const [s, d, a] = [tally(cvReplacements, t), tally(devReplacements, t), tally(earlierReplacements, t)];
    lines.push(`  ${t.toFixed(2)}       ${`+${s.right} / -${s.wrong}`.padEnd(24)}  ${`+${d.right} / -${d.wrong}`.padEnd(18)}  +${a.right} / -${a.wrong}`);
  }
  console.log(lines.join('\n'));
  const show = (m: Move) =>
    `  ${m.right ? 'right' : 'WRONG'} p ${m.p.toFixed(2)} ${m.file}: ${JSON.stringify(m.value)} (label ${JSON.stringify(m.expected)}${m.was !== undefined ? `, rules ${JSON.stringify(m.was)}` : ''})`;
  console.log(`\nck-ct, the best candidate where the chooser may decide:\n${devMoves.map(show).join('\n')}`);
  console.log(`\nap-cj, the same:\n${earlierMoves.map(show).join('\n')}`);
  console.log(
    `\nseen (5-fold), at p ≥ 0.3:\n${cvMoves
      .filter((m) => m.p >= 0.3)
      .map(show)
      .join('\n')}`,
  );
  const showRep = (ms: Move[]) =>
    ms
      .filter((m) => m.p >= 0.5)
      .map(show)
      .join('\n');
  console.log(
    `\nsecond direction at p ≥ 0.5: ck-ct\n${showRep(devReplacements)}\nap-cj\n${showRep(earlierReplacements)}\nseen (5-fold)\n${showRep(cvReplacements)}`,
  );
  const net = (ms: readonly Move[], t: number) => tally(ms, t).right - tally(ms, t).wrong;
  const chosen = THRESHOLDS.filter(
    (t) => net(cvMoves, t) >= 0 && tally(devMoves, t).wrong === 0 && tally(earlierMoves, t).wrong === 0 && tally(devMoves, t).right > 0,
  ).sort((a, b) => tally(devMoves, b).right - tally(devMoves, a).right || b - a)[0];
  const verdict =
    chosen === undefined
      ? 'off: no threshold moves a name right on ck … ct without a wrong one there, on ap … cj or net in cross-validation'
      : `adds at p ≥ ${chosen}: ck … ct +${tally(devMoves, chosen).right} / -${tally(devMoves, chosen).wrong}, ap … cj +${tally(earlierMoves, chosen).right} / -${tally(earlierMoves, chosen).wrong}, seen 5-fold +${tally(cvMoves, chosen).right} / -${tally(cvMoves, chosen).wrong}`;
  console.log(`\nchoice: ${verdict}`);
  if (process.argv.includes('--write')) {
    const file = join(import.meta.dirname, '..', 'src', 'core', 'fields', 'name-learned-weights.ts');
    const model: NameLearnedModel = { ...whole, threshold: chosen ?? 1, combination: chosen === undefined ? 'off' : 'adds' };
    const body = [
      `// Written by scripts/name-compare.ts --write (do not edit by hand): the learned chooser of the general name generator's`,
      `// candidates (name-learned.ts), fitted on the seen set's recovery requests, and how it combines with the rules.`,
      ...lines.map((l) => `// ${l}`),
      `// Choice (threshold on ck … ct and ap … cj, the seen set's cross-validation kept whole): ${verdict}.`,
      `import type { NameLearnedModel } from './name-learned.ts';`,
      ``,
      `export const NAME_LEARNED: NameLearnedModel = ${JSON.stringify(model)};`,
      ``,
    ].join('\n');
    writeFileSync(file, await formatted(file, body));
    console.log(`wrote ${file}`);
  }
}
