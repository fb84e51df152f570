// `node scripts/org-compare.ts [--l2 X] [--write]`: the general organisation generator (src/core/fields/org-spans.ts) and
// its learned chooser (org-learned.ts), stop 26. Reports:
//  - recall of generation: the share of labelled organisations of recovery requests among today's rule candidates, among
//    the generator's, and among either, on the seen set and on the development batches ck … ct;
//  - the chooser fitted on the seen set only, combined one way (it supplies an organisation only where the rules read
//    none on a recovery request): moved right / moved wrong per threshold, on the seen set by 5-fold cross-validation
//    (by message) and on ck … ct with the model fitted on the whole seen set; and each move on ck … ct.
// With --write it is the one writer of src/core/fields/org-learned-weights.ts: the whole-seen-set fit, at the threshold
// that moves the most right net of wrong on ck … ct without moving any net wrong in the seen set's cross-validation (a tie
// keeps the higher threshold); no gain leaves the combination off. The unseen batches after ct are never read here.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '../src/adapters/mail/parse.ts';
import type { InboundMessage } from '../src/core/message.ts';
import { lowerCased, type Augment } from './org-augment.ts';
import { analyse } from '../src/core/analyse.ts';
import { hashedProbability } from '../src/core/hashed-logistic.ts';
import { fitLogistic } from './fit-logistic.ts';
import { learnedBucket, ORG_LEARNED_BUCKETS, type OrgLearnedModel } from '../src/core/fields/org-learned.ts';
import { extensionBucket, extensionKeys, ORG_EXTENSION_BUCKETS, type OrgExtensionModel } from './org-extension.ts';
import { formatted } from './formatted.ts';
import { ORG_LEARNED as COMMITTED } from '../src/core/fields/org-learned-weights.ts';
import { labelledFiles, normalise, OWN_NAMES, seenFiles } from './eval.ts';

const DEV = /^..-(ck|cl|cm|cn|co|cp|cq|cr|cs|ct)\d\d-/;
const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

interface Example {
  file: string;
  /** A recovery request by its label (only those have their organisation scored). */
  request: boolean;
  /** The labelled organisation and its accepted forms, normalised; [] when it has none. */
  right: string[];
  /** Where the chooser may decide: the rules read it a request and read no organisation (nor a labelled none). */
  mayDecide: boolean;
  ruleCandidates: string[];
  /** The rules' reading, normalised (null: none), and whether it is right by the label. */
  rulesValue: string | null;
  rulesRight: boolean;
  /** The rules' reading as written (the second direction's features read it). */
  rulesRaw: string | null;
  candidates: Candidate[];
  /** The candidates of a transformed copy of the message (training only: never scored, never a move). */
  augmented?: Candidate[];
}

interface Candidate {
  value: string;
  sources: string[];
  buckets: number[];
  positive: boolean;
}

const argValue = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const AUGMENT = (argValue('--augment') ?? 'none') as Augment;

async function candidatesOf(message: InboundMessage, right: readonly string[]): Promise<{ analysis: ReturnType<typeof analyse>; candidates: Candidate[] }> {
  const analysis = analyse(message, { companyNames: OWN_NAMES, explain: true, orgModel: null });
  const candidates = (analysis.organisationModel?.candidates ?? []).map((c) => ({
    value: c.value,
    sources: c.sources,
    buckets: [...new Set(c.keys.map(learnedBucket))],
    positive: right.includes(normalise(c.value)!),
  }));
  return { analysis, candidates };
}

async function examples(files: string[], augment: Augment = 'none'): Promise<Example[]> {
  const out: Example[] = [];
  for (const path of files) {
    const exp = JSON.parse(readFileSync(path.replace(/\.eml$/, '.expected.json'), 'utf8')) as {
      kind: string;
      fields: { organisation: string | null };
      accept?: { organisation?: string[] };
    };
    const message = await parseMessage(readFileSync(path));
    const right = exp.fields.organisation === null ? [] : [exp.fields.organisation, ...(exp.accept?.organisation ?? [])].map((v) => normalise(v)!);
    const { analysis, candidates } = await candidatesOf(message, right);
    const transformed = exp.kind === 'recovery_request' ? lowerCased(message, augment, right) : null;
    const augmented = transformed ? (await candidatesOf(transformed, right)).candidates : undefined;
    const reading = analysis.organisationModel;
    out.push({
      file: path.split('/').pop()!,
      request: exp.kind === 'recovery_request',
      right,
      mayDecide: reading?.mayDecide ?? false,
      rulesValue: normalise(analysis.fields.organisation),
      rulesRaw: analysis.fields.organisation,
      rulesRight: analysis.fields.organisation === null ? right.length === 0 : right.includes(normalise(analysis.fields.organisation)!),
      ruleCandidates: [...(analysis.explain?.organisation.candidates.map((c) => c.value) ?? []), analysis.fields.organisation ?? ''].map((v) => normalise(v)!),
      candidates,
      ...(augmented ? { augmented } : {}),
    });
  }
  return out;
}

/** L2-regularised logistic regression over every candidate of the requests given, full batch, Adam (as fit-kind.ts). */
function fit(train: readonly Example[], l2: number): OrgLearnedModel {
  const { bias, weights } = fitRows(
    train.filter((e) => e.request).flatMap((e) => [...e.candidates, ...(e.augmented ?? [])]),
    ORG_LEARNED_BUCKETS,
    l2,
  );
  return { bias, weights, threshold: 1, combination: 'off' };
}

/** The candidates' logistic regression (scripts/fit-logistic.ts) over rows of buckets. */
function fitRows(rows: readonly { buckets: number[]; positive: boolean }[], buckets: number, l2: number, iterations = 300, rate = 0.05) {
  return fitLogistic(
    rows.map((r) => ({ features: r.buckets.map((bucket) => ({ bucket })), y: r.positive ? 1 : 0 })),
    buckets,
    l2,
    iterations,
    rate,
  );
}

/** The chooser's best candidate of a message and its probability. */
function best(model: OrgLearnedModel, e: Example): { value: string; p: number; positive: boolean } | null {
  let top: { value: string; p: number; positive: boolean } | null = null;
  for (const c of e.candidates) {
    const p = hashedProbability(model, c.buckets);
    if (!top || p > top.p) top = { value: c.value, p, positive: c.positive };
  }
  return top;
}

interface Move {
  file: string;
  value: string;
  p: number;
  right: boolean;
  expected: string;
}

/** What the one-way combination supplies on the requests where it may decide, with each move's probability. */
function moves(model: OrgLearnedModel, xs: readonly Example[]): Move[] {
  return xs
    .filter((e) => e.request && e.mayDecide)
    .flatMap((e) => {
      const b = best(model, e);
      return b ? [{ file: e.file, value: b.value, p: b.p, right: b.positive, expected: e.right[0] ?? '(none)' }] : [];
    });
}

interface Extension extends Move {
  /** The rules' reading was right (a move away from it is a loss) or wrong. */
  wasRight: boolean;
  rulesP: number;
}

const chooserP = (model: OrgLearnedModel, c: Example['candidates'][number]) => hashedProbability(model, c.buckets);

/** Every longer candidate holding the rules' reading on a request, with its pair features under the chooser given. */
function pairs(model: OrgLearnedModel, xs: readonly Example[]) {
  return xs
    .filter((e) => e.request && e.rulesRaw !== null)
    .flatMap((e) => {
      const own = e.candidates.find((c) => normalise(c.value) === e.rulesValue);
      const rulesP = own ? chooserP(model, own) : 0;
      return e.candidates.flatMap((c) => {
        const keys = extensionKeys(e.rulesRaw!, c.value, c.sources, chooserP(model, c), rulesP);
        return keys.length === 0 ? [] : [{ e, c, rulesP, buckets: [...new Set(keys.map(extensionBucket))] }];
      });
    });
}

/** The second direction's model: fitted on the pairs where exactly one of the two is right (the others say nothing of which to prefer). */
function fitExtension(model: OrgLearnedModel, train: readonly Example[], l2: number): OrgExtensionModel {
  const rows = pairs(model, train)
    .filter((p) => p.c.positive !== p.e.rulesRight)
    .map((p) => ({ buckets: p.buckets, positive: p.c.positive }));
  return { ...fitRows(rows, ORG_EXTENSION_BUCKETS, l2), threshold: 1, combination: 'off' };
}

/** The best longer candidate per request by the second direction's model, with its probability. */
function extensions(model: OrgLearnedModel, extension: OrgExtensionModel, xs: readonly Example[]): Extension[] {
  const byFile = new Map<string, Extension>();
  for (const p of pairs(model, xs)) {
    const q = hashedProbability(extension, p.buckets);
    const known = byFile.get(p.e.file);
    if (!known || q > known.p)
      byFile.set(p.e.file, {
        file: p.e.file,
        value: p.c.value,
        p: q,
        right: p.c.positive,
        expected: p.e.right[0] ?? '(none)',
        wasRight: p.e.rulesRight,
        rulesP: p.rulesP,
      });
  }
  return [...byFile.values()];
}

const tallyExtensions = (xs: readonly Extension[], t: number) => {
  const taken = xs.filter((m) => m.p >= t);
  return {
    right: taken.filter((m) => m.right && !m.wasRight).length,
    wrong: taken.filter((m) => !m.right && m.wasRight).length,
    still: taken.filter((m) => !m.right && !m.wasRight).length,
  };
};

const tally = (ms: readonly Move[], t: number) => {
  const taken = ms.filter((m) => m.p >= t);
  return { right: taken.filter((m) => m.right).length, wrong: taken.filter((m) => !m.right).length };
};

function recall(xs: readonly Example[]): string {
  const named = xs.filter((e) => e.request && e.right.length > 0);
  const inRules = named.filter((e) => e.ruleCandidates.some((v) => e.right.includes(v))).length;
  const inNew = named.filter((e) => e.candidates.some((c) => c.positive)).length;
  const either = named.filter((e) => e.ruleCandidates.some((v) => e.right.includes(v)) || e.candidates.some((c) => c.positive)).length;
  const pct = (n: number) => `${n}/${named.length} (${((100 * n) / named.length).toFixed(1)}%)`;
  const missed = named.filter((e) => !e.ruleCandidates.some((v) => e.right.includes(v)));
  const recovered = missed.filter((e) => e.candidates.some((c) => c.positive)).length;
  return `rules' candidates ${pct(inRules)} · generator's ${pct(inNew)} · either ${pct(either)} · of the rules' ${missed.length} misses the generator holds ${recovered}`;
}

const l2 = Number(argValue('--l2') ?? 0.0005);
const extensionL2 = Number(argValue('--extension-l2') ?? 0.005);
const all = labelledFiles();
// --cache FILE keeps the examples read once (for trying regularisation or features of the second direction only: the
// candidates' features are read by the code that wrote the cache).
const cache = argValue('--cache');
const { seen, dev } =
  cache && existsSync(cache)
    ? (JSON.parse(readFileSync(cache, 'utf8')) as { seen: Example[]; dev: Example[] })
    : { seen: await examples(seenFiles(all), AUGMENT), dev: await examples(all.filter((f) => DEV.test(f.split('/').pop()!))) };
if (cache && !existsSync(cache)) writeFileSync(cache, JSON.stringify({ seen, dev }));
const lines: string[] = [];
lines.push(`recall of generation (labelled organisations of recovery requests)`);
lines.push(`  seen   ${recall(seen)}`);
lines.push(`  ck-ct  ${recall(dev)}`);
const rows = seen.filter((e) => e.request).reduce((n, e) => n + e.candidates.length, 0);
const augmentedRows = seen.reduce((n, e) => n + (e.augmented?.length ?? 0), 0);
lines.push(
  `fit: ${rows} candidates of ${seen.filter((e) => e.request).length} seen requests, l2 ${l2}` +
    (AUGMENT === 'none' ? '' : `; with ${augmentedRows} of ${seen.filter((e) => e.augmented).length} lower-cased copies (--augment ${AUGMENT})`),
);

// --gap: a second fit whose candidates also carry how far each stands above the best rival of its message (a candidate
// sharing none of its words), by the first fit: a lone plausible phrase in a lower-case mail stands far above the rest.
const GAP = process.argv.includes('--gap');
const logit = (model: OrgLearnedModel, c: Candidate) => {
  const p = hashedProbability(model, c.buckets);
  return Math.log(p / (1 - p));
};
const wordsOf = (v: string) =>
  new Set(
    normalise(v)!
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3),
  );
function gapKeys(model: OrgLearnedModel, cs: readonly Candidate[]): Candidate[] {
  const zs = cs.map((c) => logit(model, c));
  const ws = cs.map((c) => wordsOf(c.value));
  return cs.map((c, i) => {
    let rival = -Infinity;
    for (let j = 0; j < cs.length; j++) if (j !== i && ![...ws[j]!].some((w) => ws[i]!.has(w))) rival = Math.max(rival, zs[j]!);
    const gap = zs[i]! - rival;
    const bin = gap >= 4 ? '4' : gap >= 3 ? '3' : gap >= 2 ? '2' : gap >= 1 ? '1' : gap >= 0 ? '0' : '-';
    return { ...c, buckets: [...c.buckets, learnedBucket(`gap:${bin}`)] };
  });
}
const gapped = (model: OrgLearnedModel, xs: readonly Example[]): Example[] =>
  xs.map((e) => ({ ...e, candidates: gapKeys(model, e.candidates), ...(e.augmented ? { augmented: gapKeys(model, e.augmented) } : {}) }));
/** The chooser fitted on `train`, and how it reads `test` (with --gap, the second fit over the first's gaps). */
function fitAndRead(train: readonly Example[], tests: readonly (readonly Example[])[]): { model: OrgLearnedModel; read: Example[][] } {
  const first = fit(train, l2);
  if (!GAP) return { model: first, read: tests.map((t) => [...t]) };
  return { model: fit(gapped(first, train), l2), read: tests.map((t) => gapped(first, t)) };
}

// Cross-validation on the seen set, 5 folds by message.
const folds = 5;
const cvMoves: Move[] = [];
const cvExtensions: Extension[] = [];
for (let k = 0; k < folds; k++) {
  const model = fit(
    seen.filter((_, i) => i % folds !== k),
    l2,
  );
  const extension = fitExtension(
    model,
    seen.filter((_, i) => i % folds !== k),
    extensionL2,
  );
  cvExtensions.push(
    ...extensions(
      model,
      extension,
      seen.filter((_, i) => i % folds === k),
    ),
  );
  const chooser = fitAndRead(
    seen.filter((_, i) => i % folds !== k),
    [seen.filter((_, i) => i % folds === k)],
  );
  cvMoves.push(...moves(chooser.model, chooser.read[0]!));
}
const wholeRead = fitAndRead(seen, [dev]);
const whole = fit(seen, l2);
// --model-out FILE keeps the whole-seen fit for inspecting one message's candidates (not the committed weights).
if (argValue('--model-out')) writeFileSync(argValue('--model-out')!, JSON.stringify(whole));
const devMoves = moves(wholeRead.model, wholeRead.read[0]!);
lines.push(
  `one way (supplied where the rules read none on a request): seen may decide on ${cvMoves.length}, ck-ct on ${devMoves.length}`,
  `  threshold  seen (5-fold) right/wrong   ck-ct right/wrong`,
);
for (const t of THRESHOLDS) {
  const s = tally(cvMoves, t);
  const d = tally(devMoves, t);
  lines.push(`  ${t.toFixed(2)}       ${`+${s.right} / -${s.wrong}`.padEnd(24)}  +${d.right} / -${d.wrong}`);
}
const wholeExtension = fitExtension(whole, seen, extensionL2);
const devExtensions = extensions(whole, wholeExtension, dev);
lines.push(
  `second direction (the best longer candidate holding the rules' reading, by its own model): seen ${cvExtensions.length}, ck-ct ${devExtensions.length}`,
  `  threshold  seen (5-fold) right/wrong/still wrong   ck-ct right/wrong/still wrong`,
);
for (const t of THRESHOLDS) {
  const s = tallyExtensions(cvExtensions, t);
  const d = tallyExtensions(devExtensions, t);
  lines.push(`  ${t.toFixed(2)}       ${`+${s.right} / -${s.wrong} / ${s.still}`.padEnd(30)}  +${d.right} / -${d.wrong} / ${d.still}`);
}
console.log(lines.join('\n'));
const showExtension = (m: Extension) =>
  `  ${m.right ? 'right' : 'WRONG'}${m.wasRight ? ' (was right)' : ''} p ${m.p.toFixed(2)} over ${m.rulesP.toFixed(2)} ${m.file}: ${JSON.stringify(m.value)} (label ${JSON.stringify(m.expected)})`;
console.log(`\nck-ct, second direction:\n${devExtensions.map(showExtension).join('\n')}`);
console.log(
  `\nseen (5-fold), second direction at p ≥ 0.3:\n${cvExtensions
    .filter((m) => m.p >= 0.3)
    .map(showExtension)
    .join('\n')}`,
);
const show = (m: Move) => `  ${m.right ? 'right' : 'WRONG'} p ${m.p.toFixed(2)} ${m.file}: ${JSON.stringify(m.value)} (label ${JSON.stringify(m.expected)})`;
console.log(`\nck-ct, the best candidate where the chooser may decide:\n${devMoves.map(show).join('\n')}`);
console.log(
  `\nseen (5-fold), taken at p ≥ 0.5:\n${cvMoves
    .filter((m) => m.p >= 0.5)
    .map(show)
    .join('\n')}`,
);

const net = (ms: readonly Move[], t: number) => tally(ms, t).right - tally(ms, t).wrong;
const chosen = THRESHOLDS.filter((t) => net(cvMoves, t) >= 0 && net(devMoves, t) > 0).sort((a, b) => net(devMoves, b) - net(devMoves, a) || b - a)[0];
const verdict =
  chosen === undefined
    ? 'off: no threshold moves more right than wrong on ck … ct without a net loss in cross-validation'
    : `adds at p ≥ ${chosen}: ck … ct +${tally(devMoves, chosen).right} / -${tally(devMoves, chosen).wrong}, seen 5-fold +${tally(cvMoves, chosen).right} / -${tally(cvMoves, chosen).wrong}`;
console.log(`\nchoice: ${verdict}`);
// --check: the whole-seen fit must be the committed one (the same features, data and fitting reproduce the weights file).
if (process.argv.includes('--check')) {
  const same = JSON.stringify({ bias: whole.bias, weights: whole.weights }) === JSON.stringify({ bias: COMMITTED.bias, weights: COMMITTED.weights });
  console.log(
    `check: the refit ${same ? 'reproduces' : 'DIFFERS FROM'} the committed weights (${Object.keys(whole.weights).length} buckets, bias ${whole.bias})`,
  );
  if (!same) process.exitCode = 1;
}
if (process.argv.includes('--write')) {
  const file = join(import.meta.dirname, '..', 'src', 'core', 'fields', 'org-learned-weights.ts');
  const model: OrgLearnedModel = { ...whole, threshold: chosen ?? 1, combination: chosen === undefined ? 'off' : 'adds' };
  const body = [
    `// Written by scripts/org-compare.ts --write (do not edit by hand): the learned chooser of the general organisation`,
    `// generator's candidates (org-learned.ts), fitted on the seen set's recovery requests, and how it combines with the rules.`,
    ...lines.map((l) => `// ${l}`),
    `// Choice (threshold on ck … ct, the seen set's cross-validation kept whole): ${verdict}.`,
    `import type { OrgLearnedModel } from './org-learned.ts';`,
    ``,
    `export const ORG_LEARNED: OrgLearnedModel = ${JSON.stringify(model)};`,
    ``,
  ].join('\n');
  writeFileSync(file, await formatted(file, body));
  console.log(`wrote ${file}`);
}
