// The labelled sets (fixtures/emails + fixtures/eval: fr/nl/en, every kind, as
// real people and clients write) must read at the bars issue 5 sets. The same
// scoring as `npm run eval`, which prints each mismatch.

import { expect, test } from 'vitest';
import { evaluate, FIELDS, labelledFiles, table, THRESHOLDS } from '../../scripts/eval.ts';

const result = await evaluate();

test('the labelled set is large and balanced enough to mean something', () => {
  const files = labelledFiles();
  expect(files.filter((f) => f.includes('/fixtures/eval/')).length).toBeGreaterThanOrEqual(140);
  for (const lang of ['fr', 'nl', 'en'] as const) {
    expect(result.scores.kind[lang].total, lang).toBeGreaterThanOrEqual(45);
  }
});

test.each(FIELDS)('%s reads at or above its bar over the whole labelled set', (field) => {
  const s = result.scores[field].all;
  const misses = result.mismatches
    .filter((m) => m.field === field)
    .map((m) => `${m.file}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`);
  expect(s.right / s.total, `${table(result)}\n${misses.join('\n')}`).toBeGreaterThanOrEqual(THRESHOLDS[field]);
});
