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

test('the hashed word endings are learned: a profession ending ("-iste") loses to the firm beside it though both come from the signature', async () => {
  const { hashedFeatures } = await import('../../src/core/fields/org-hashed.ts');
  const withHash = (value: string, on: Feature[]) => ({ ...candidate(value, on), hashed: hashedFeatures(value, value) });
  const professions = ['Dentiste', 'Fleuriste', 'Pianiste', 'Kinésiste', 'Juriste', 'Lampiste'];
  const examples = Array.from({ length: 36 }, (_, i) => ({
    file: `x-${i}`,
    batch: 'seen',
    expected: [`atelier ${i}`],
    // The ordered rules pick either one in turn; only the words and their endings tell the profession from the body.
    candidates: [
      withHash(professions[i % 6]!, i % 2 ? ['rule_choice', 'capitalised'] : ['capitalised']),
      withHash(`Atelier ${i}`, i % 2 ? ['capitalised'] : ['rule_choice', 'capitalised']),
    ],
  }));
  const unseen = {
    file: 'y',
    batch: 'seen',
    expected: ['atelier nouveau'],
    candidates: [withHash('Violoniste', ['rule_choice', 'capitalised']), withHash('Atelier Nouveau', ['capitalised'])],
  };
  const score = (m: ReturnType<typeof fit>, c: OrgCandidate) =>
    FEATURES.reduce((s, f) => s + (m.weights[f] ?? 0) * c.features[f], 0) + (c.hashed ?? []).reduce((s, b) => s + (m.hashed?.[b] ?? 0), 0);
  const model = fit(examples, 1500, 0.3, 0.001, 0.001);
  expect(score(model, unseen.candidates[1]!)).toBeGreaterThan(score(model, unseen.candidates[0]!));
  // Without them the two cannot be told apart.
  const without = fit(examples, 1500, 0.3, 0.001, null);
  expect(without.hashed).toBeUndefined();
  expect(score(without, unseen.candidates[1]!)).toBeCloseTo(score(without, unseen.candidates[0]!), 5);
});
