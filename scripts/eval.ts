// `npm run eval`: the labelled sets (fixtures/emails and fixtures/eval) through
// the very code `recovery-desk inspect` runs (parseMessage → analyse), scored
// field by field against the .expected.json beside each message.
//
// Scoring: kind, language and the missing set on every message; fullName and
// organisation (normalised: case, whitespace, surrounding punctuation) and
// explanation (present or not: its wording varies) on recovery requests, the
// only messages whose details anyone acts on.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '../src/adapters/mail/parse.ts';
import { analyse, type Analysis } from '../src/core/analyse.ts';

export const EVAL_DIRS = ['fixtures/emails', 'fixtures/eval'].map((d) => join(import.meta.dirname, '..', d));
export const FIELDS = ['kind', 'language', 'missing', 'fullName', 'organisation', 'explanation'] as const;
export type ScoredField = (typeof FIELDS)[number];
const LANGS = ['fr', 'nl', 'en'] as const;

/** The bars issue 5 sets (fractions). */
export const THRESHOLDS: Record<ScoredField, number> = {
  kind: 1,
  language: 0.98,
  missing: 0.97,
  fullName: 0.95,
  organisation: 0.95,
  explanation: 0.97,
};

interface Expected {
  kind: string;
  language: string | null;
  fields: { fullName: string | null; organisation: string | null; explanation: string | null };
  missing: string[];
  accept?: { fullName?: string[]; organisation?: string[] };
}

export interface Mismatch {
  file: string;
  field: ScoredField;
  expected: unknown;
  got: unknown;
}

export interface Score {
  right: number;
  total: number;
}

export interface EvalResult {
  files: number;
  scores: Record<ScoredField, Record<'all' | (typeof LANGS)[number], Score>>;
  mismatches: Mismatch[];
}

export function normalise(value: string | null): string | null {
  if (value === null) return null;
  return value
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'“”«»()[\].,;:!?*_-]+|[\s"'“”«»()[\].,;:!?*_-]+$/g, '');
}

function sameValue(expected: string | null, got: string | null, accepted: string[] = []): boolean {
  const g = normalise(got);
  return [expected, ...accepted].some((e) => normalise(e) === g);
}

function compare(file: string, exp: Expected, got: Analysis): { field: ScoredField; ok: boolean; expected: unknown; got: unknown }[] {
  const out: { field: ScoredField; ok: boolean; expected: unknown; got: unknown }[] = [
    { field: 'kind', ok: exp.kind === got.kind, expected: exp.kind, got: got.kind },
    { field: 'language', ok: exp.language === got.language, expected: exp.language, got: got.language },
    {
      field: 'missing',
      ok: [...exp.missing].sort().join(',') === [...got.missing].sort().join(','),
      expected: exp.missing,
      got: got.missing,
    },
  ];
  if (exp.kind === 'recovery_request') {
    const f = got.fields;
    out.push(
      { field: 'fullName', ok: sameValue(exp.fields.fullName, f.fullName, exp.accept?.fullName), expected: exp.fields.fullName, got: f.fullName },
      {
        field: 'organisation',
        ok: sameValue(exp.fields.organisation, f.organisation, exp.accept?.organisation),
        expected: exp.fields.organisation,
        got: f.organisation,
      },
      {
        field: 'explanation',
        ok: (exp.fields.explanation === null) === (f.explanation === null),
        expected: exp.fields.explanation === null ? null : `present (${exp.fields.explanation})`,
        got: f.explanation,
      },
    );
  }
  void file;
  return out;
}

export function labelledFiles(dirs: string[] = EVAL_DIRS): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => join(dir, f)),
  );
}

export async function evaluate(files: string[] = labelledFiles()): Promise<EvalResult> {
  const empty = () => ({ right: 0, total: 0 });
  const scores = Object.fromEntries(FIELDS.map((f) => [f, { all: empty(), fr: empty(), nl: empty(), en: empty() }])) as EvalResult['scores'];
  const mismatches: Mismatch[] = [];
  for (const path of files) {
    const expected = JSON.parse(readFileSync(path.replace(/\.eml$/, '.expected.json'), 'utf8')) as Expected;
    const analysis = analyse(await parseMessage(readFileSync(path)));
    const file = path.split('/').slice(-2).join('/');
    for (const r of compare(file, expected, analysis)) {
      for (const bucket of ['all', expected.language] as const) {
        if (!bucket) continue;
        const s = scores[r.field][bucket as 'all'];
        s.total += 1;
        if (r.ok) s.right += 1;
      }
      if (!r.ok) mismatches.push({ file, field: r.field, expected: r.expected, got: r.got });
    }
  }
  return { files: files.length, scores, mismatches };
}

function pct(s: Score): string {
  return s.total === 0 ? '—' : `${((100 * s.right) / s.total).toFixed(1)}% (${s.right}/${s.total})`;
}

export function table(result: EvalResult): string {
  const head = ['field', 'all', 'fr', 'nl', 'en', 'bar'];
  const rows = FIELDS.map((f) => [
    f,
    pct(result.scores[f].all),
    pct(result.scores[f].fr),
    pct(result.scores[f].nl),
    pct(result.scores[f].en),
    `≥ ${THRESHOLDS[f] * 100}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function failingBars(result: EvalResult): string[] {
  return FIELDS.filter((f) => {
    const s = result.scores[f].all;
    return s.total > 0 && s.right / s.total < THRESHOLDS[f];
  });
}

if (import.meta.main) {
  // `--match REGEX` scores only the files whose name matches (e.g. one batch:
  // `--match '-k\d\d-'`); the bars are checked on the whole set only.
  const at = process.argv.indexOf('--match');
  const pattern = at >= 0 ? new RegExp(process.argv[at + 1] ?? '') : null;
  const files = labelledFiles().filter((f) => !pattern || pattern.test(f.split('/').pop()!));
  const result = await evaluate(files);
  console.log(`${result.files} labelled messages (${pattern ? `matching ${pattern}` : 'fixtures/emails + fixtures/eval'})\n`);
  console.log(table(result));
  console.log(`\n${result.mismatches.length} mismatches${result.mismatches.length ? ':' : ''}`);
  for (const m of result.mismatches) {
    console.log(`  ${m.file}  ${m.field}\n      expected: ${JSON.stringify(m.expected)}\n      got:      ${JSON.stringify(m.got)}`);
  }
  const failing = pattern ? [] : failingBars(result);
  if (failing.length > 0) {
    console.log(`\nbelow the bar: ${failing.join(', ')}`);
    process.exitCode = 1;
  }
}
