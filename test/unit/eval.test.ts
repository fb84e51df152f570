// The labelled sets (fixtures/emails + fixtures/eval: fr/nl/en, every kind, as
// real people and clients write) must read at the bars issue 5 sets. The same
// scoring as `npm run eval`, which prints each mismatch.
//
// The bars hold the seen set only: issue 14's later batches, each written by someone who never
// saw the reader's changes, are measured, not tuned, so they stay outside them until a loop reads
// them (p and q were read by the rebuild, t and u by the second loop, v and w by the third, x and y
// by the fourth, z and j by the fifth; c and d, read by the sixth and eighth, and e and f, read by
// the ninth, joined once the ninth brought all four to the bars; g and i by the tenth, l and n by the
// eleventh, s by the twelfth, aa and ab by the thirteenth, ac and ad by the fourteenth, ae and af by the fifteenth, ag and ah by the sixteenth, ai and aj by the seventeenth).
// Unseen today: ak and al (the seventeenth loop's judges).

import { expect, test } from 'vitest';
import {
  categoriesReport,
  errorCategories,
  evaluate,
  FIELDS,
  isUnseen,
  labelledFiles,
  seenFiles,
  table,
  THRESHOLDS,
  type Mismatch,
} from '../../scripts/eval.ts';

const result = await evaluate(seenFiles());

test('the labelled set is large and balanced enough to mean something', () => {
  const files = seenFiles();
  expect(files.filter((f) => f.includes('/fixtures/eval/')).length).toBeGreaterThanOrEqual(140);
  for (const lang of ['fr', 'nl', 'en'] as const) {
    expect(result.scores.kind[lang].total, lang).toBeGreaterThanOrEqual(45);
  }
});

test("issue 14's batches p, q, t, u, v, w, x, y, z, j, c, d, e, f, g, i, l, n, s, aa, ab, ac, ad, ae, af, ag and ah are now seen and held to the bars", () => {
  const names = labelledFiles().map((f) => f.split('/').pop()!);
  const seen = seenFiles().map((f) => f.split('/').pop()!);
  for (const batch of [
    /^..-p\d\d-/,
    /^..-q\d\d-/,
    /^..-t\d\d-/,
    /^..-u\d\d-/,
    /^..-v\d\d-/,
    /^..-w\d\d-/,
    /^..-x\d\d-/,
    /^..-y\d\d-/,
    /^..-z\d\d-/,
    /^..-j\d\d-/,
    /^..-c\d\d-/,
    /^..-d\d\d-/,
    /^..-e\d\d-/,
    /^..-f\d\d-/,
    /^..-g\d\d-/,
    /^..-i\d\d-/,
    /^..-l\d\d-/,
    /^..-n\d\d-/,
    /^..-s\d\d-/,
    /^..-aa\d\d-/,
    /^..-ab\d\d-/,
    /^..-ac\d\d-/,
    /^..-ad\d\d-/,
    /^..-ae\d\d-/,
    /^..-af\d\d-/,
    /^..-ag\d\d-/,
    /^..-ah\d\d-/,
    /^..-ai\d\d-/,
    /^..-aj\d\d-/,
  ]) {
    const files = names.filter((n) => batch.test(n));
    expect(files.length, String(batch)).toBeGreaterThanOrEqual(40);
    expect(files.every((n) => seen.includes(n))).toBe(true);
  }
  // The first set's ids predate issue 14 and stay seen whatever their letter.
  expect(seen).toContain('en-r01-i-run-gmail.eml');
  for (const read of [
    'en-v01',
    'fr-w01',
    'nl-x15',
    'en-y29',
    'fr-z01',
    'nl-j15',
    'en-c29',
    'fr-d01',
    'nl-e15',
    'en-f29',
    'en-t01',
    'en-g29',
    'fr-i01',
    'en-l29',
    'nl-n15',
    'en-s29',
    'fr-aa01',
    'nl-ab15',
    'fr-ac01',
    'nl-ad15',
    'fr-ae01',
    'nl-af15',
    'fr-ag01',
    'nl-ah15',
    'fr-ai01',
    'nl-aj15',
    'nl-ak01',
    'en-al29',
    'fr-am01',
    'nl-an15',
    'en-ao29',
    'en-ar42',
    'nl-at28',
    'en-au30',
    'fr-av02',
    'nl-aw15',
    'en-ax40',
    'fr-ay03',
    'nl-az28',
    'en-ba29',
    'nl-bb16',
    'nl-bg15',
    'en-bh42',
    'en-bi37',
    'fr-bj01',
    'nl-bl20',
    'en-bo33',
    'nl-bs15',
  ]) {
    expect(isUnseen(`${read}-some-new-message.eml`), read).toBe(false);
  }
  expect(seen.some((n) => isUnseen(n))).toBe(false);
  // Later batches have two-letter ids; `aa` and `ab` (the judges of loop 12) were read by loop 13 and joined, `ac` and `ad`
  // (the judges of loop 13) by loop 14, `ae` and `af` (the judges of loop 14) by loop 15, `ag` and `ah` (the judges of loop 15)
  // by loop 16, `ai` and `aj` (the judges of loop 16) by loop 17, `ak` and `al` (the judges of loop 17) by loop 18, `am` and
  // `an` (the judges of loop 18) by loop 19, `ao` and `ar` (the judges of loop 19) by loop 20, `at`, `au` and `av` (judges of
  // loop 20) by loop 21, `aw` … `az`, `ba` and `bb` (judges of loop 21) by loop 22, `bg` and `bh` (judges of loop 23) by loop 24,
  // `bi` by loop 25's first part (25a), `bj` and `bl` by its second (25b), `bo` and `bs` by loop 26's second (26b), `bw` … `bz`
  // by loop 27; `ap`, `aq`, `as`, `bc` … `bf`, `bk`, `bm`, `bn`, `bp` … `br`, `bt` … `bv` and `ca` … `cf` (read, short of a
  // bar), `cg` … `cj` (read by no loop) `ck` … `cp` (stop 25's first fresh batches) `cq` … `ct` (its second) and `cu` … `cx` (its third, written elsewhere) are unseen:
  // measured, never held to the bars nor fitted on. A two-letter id of a batch not named is seen.
  for (const judge of [
    'fr-ap14',
    'nl-aq20',
    'fr-as01',
    'fr-bc01',
    'nl-bd20',
    'en-be33',
    'fr-bf09',
    'fr-bk01',
    'nl-bm01',
    'fr-br09',
    'en-bv42',
    'fr-ca01',
    'en-cf42',
    'fr-cg01',
    'en-cj42',
    'fr-ck01',
    'en-cp42',
    'fr-cq01',
    'en-ct42',
    'fr-cu01',
    'en-cx42',
    'fr-cy01',
    'en-db42',
    'fr-dc01',
    'en-df42',
  ]) {
    expect(isUnseen(`${judge}-some-new-message.eml`), judge).toBe(true);
  }
  expect(isUnseen('nl-dg01-some-new-message.eml')).toBe(false);
  // Read by loop 27 and at every bar: seen.
  expect(isUnseen('fr-bw01-some-new-message.eml')).toBe(false);
  expect(names.filter((n) => isUnseen(n)).every((n) => !seen.includes(n))).toBe(true);
});

test.each(FIELDS)('%s reads at or above its bar over the whole labelled set', (field) => {
  const s = result.scores[field].all;
  const misses = result.mismatches
    .filter((m) => m.field === field)
    .map((m) => `${m.file}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`);
  expect(s.right / s.total, `${table(result)}\n${misses.join('\n')}`).toBeGreaterThanOrEqual(THRESHOLDS[field]);
});

test('error categories: missed, spurious and wrong per field, with the wrong kinds named', () => {
  const m = (file: string, field: Mismatch['field'], expected: unknown, got: unknown): Mismatch => ({ file, field, expected, got });
  const c = errorCategories({
    mismatches: [
      // a role line read as the organisation
      m('a', 'organisation', 'Gemeente Zedelgem', 'Schepen van Jeugd en Sport'),
      m('a2', 'organisation', 'Mertens & Laurent Avocats', 'Associé'),
      m('b', 'organisation', null, 'Bpart'),
      m('c', 'organisation', 'Les Amis ASBL', null),
      m('c', 'missing', [], ['organisation']),
      m('d', 'organisation', 'Maison de Jeunes de Ciney ASBL', 'Ciney ASBL'),
      m('e', 'fullName', null, 'Mvg Stijn'),
      m('e', 'missing', ['fullName'], []),
      // a request read as a question: its missing set and fields follow the kind
      m('f', 'kind', 'recovery_request', 'other'),
      m('f', 'missing', ['fullName'], []),
      m('f', 'explanation', 'present (phone lost)', null),
      m('g', 'explanation', null, 'please reset'),
    ],
  });
  expect(c.organisation).toEqual({
    missed: 1,
    spurious: 1,
    wrong: 3,
    kinds: { 'role or title': 2, 'own company name': 1, 'part of the right value': 1 },
  });
  expect(c.fullName).toMatchObject({ missed: 0, spurious: 1, wrong: 0, kinds: { 'closing word': 1 } });
  expect(c.explanation).toMatchObject({ missed: 1, spurious: 1, wrong: 0, kinds: { 'kind misread': 1 } });
  expect(c.missing).toEqual({ wronglyMissing: { organisation: 1 }, wronglyPresent: { fullName: 1 }, kindMisread: 1 });
  expect(c.kind).toEqual({ 'recovery_request → other': 1 });
  const report = categoriesReport(c);
  expect(report).toContain('organisation 5 misread: missed 1, spurious 1, wrong 3');
  expect(report).toContain('wrongly missing: organisation 1; wrongly present: fullName 1; kind misread: 1');
});

test('--by-batch reads the "all" column of a batch before-file, field by field', async () => {
  const { beforeFigures } = await import('../../scripts/eval.ts');
  const text = [
    '42 labelled messages (matching /^..-cp\\d\\d-/)',
    '',
    '| field        | all            | fr             | nl             | en             | bar    |',
    '|--------------|----------------|----------------|----------------|----------------|--------|',
    '| kind         | 97.6% (41/42)  | 100.0% (14/14) | 92.9% (13/14)  | 100.0% (14/14) | ≥ 100% |',
    '| organisation | 86.7% (26/30)  | 100.0% (10/10) | 70.0% (7/10)   | 90.0% (9/10)   | ≥ 95%  |',
  ].join('\n');
  expect(beforeFigures(text)).toEqual({ kind: { right: 41, total: 42 }, organisation: { right: 26, total: 30 } });
});
