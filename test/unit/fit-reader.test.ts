// The organisation scorer's fitting (scripts/fit-reader.ts): plain logistic regression that
// learns which features mark the right candidate, and a threshold for "none".
import { expect, test } from 'vitest';
import { FEATURES, type Feature, type OrgCandidate } from '../../src/core/fields/org-candidates.ts';
import { accuracy, fit } from '../../scripts/fit-reader.ts';

function candidate(value: string, on: Feature[]): OrgCandidate {
  const features = Object.fromEntries(FEATURES.map((f) => [f, f === 'bias' || on.includes(f) ? 1 : 0])) as Record<Feature, number>;
  return { value, snippet: value, sources: ['block'], features };
}

test('the fit learns that a legal form marks the organisation and a role does not, and keeps "none" when only roles are there', () => {
  const examples = Array.from({ length: 30 }, (_, i) => ({
    file: `x-${i}`,
    batch: 'seen',
    expected: i % 3 === 0 ? [] : [`acme ${i} nv`],
    candidates:
      i % 3 === 0
        ? [candidate(`Treasurer ${i}`, ['role_first'])]
        : [candidate(`Treasurer ${i}`, ['role_first']), candidate(`Acme ${i} NV`, ['legal_form', 'capitalised'])],
  }));
  const model = fit(examples, 1500);
  expect(model.weights.legal_form!).toBeGreaterThan(0);
  expect(model.weights.role_first!).toBeLessThan(model.weights.legal_form!);
  expect(
    accuracy(examples, (e) => {
      const scored = e.candidates.map((c) => ({ c, z: FEATURES.reduce((s, f) => s + (model.weights[f] ?? 0) * c.features[f], 0) }));
      const best = scored.sort((a, b) => b.z - a.z)[0]!;
      return 1 / (1 + Math.exp(-best.z)) >= model.threshold ? best.c.value : null;
    }),
  ).toEqual({ right: 30, total: 30 });
});
