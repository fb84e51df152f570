// The general name generator (name-candidates.ts) and its learned chooser (name-learned.ts), one way: where the rules read
// no full name on a request, the chooser may supply its best candidate; a rule's reading is never replaced, and the
// organisation the rules read is never taken for the writer's name.
import { expect, test } from 'vitest';
import { analyse } from '../../src/core/analyse.ts';
import { renderExplanation } from '../../src/cli/inspect.ts';
import { nameCandidates } from '../../src/core/fields/name-candidates.ts';
import { nameChoice, type LearnedName } from '../../src/core/fields/name-learned.ts';
import { NAME_LEARNED } from '../../src/core/fields/name-learned-weights.ts';
import { fitNames, nameExamples, NAME_L2 } from '../../scripts/name-compare.ts';
import { seenFiles } from '../../scripts/eval.ts';
import { inbound } from './message-builder.ts';

const values = (text: string) => nameCandidates(text).map((c) => c.value);
const sourcesOf = (text: string, value: string) => nameCandidates(text).find((c) => c.value === value)?.sources ?? [];

test('the generator reads the name on real signature shapes: degrees after it, a run-on line, a surname in parentheses', () => {
  expect(values('Thanks,\nTom\n\nThomas Ashworth MRICS\nManaging Partner\nAshworth & Lemaire BV\n')).toContain('Thomas Ashworth');
  expect(values('pouvez vous remettre a zero? merci\nfrançois lecocq imprimerie lecocq gembloux\n')).toContain('françois lecocq');
  expect(values('Bedankt!\njuf Sarah (Van Acker)\n')).toContain('Sarah Van Acker');
  expect(sourcesOf('Bedankt!\njuf Sarah (Van Acker)\n', 'Sarah Van Acker')).toContain('paren');
});

test('the generator reads self-introductions, the last clause of one paragraph and a surname first in capitals', () => {
  const intro = "Hi, name is Robert Hanlon and it's for the Mechelen Model Flying Club (I'm the treasurer). Thanks";
  expect(sourcesOf(intro, 'Robert Hanlon')).toContain('introduction');
  expect(values('mon gsm est tombé, pouvez vous la retirer svp. laurent wauters, orthopédie wauters à mons')).toContain('laurent wauters');
  expect(values('Met vriendelijke groeten,\nDE CLERCQ, Hilde\nBibliotheek\n')).toContain('DE CLERCQ Hilde');
  // A first name alone is no full name: never a candidate.
  expect(values('Groetjes,\nJeroen\n')).toEqual([]);
});

const read = (name: string, address: string, text: string, explain = true) =>
  analyse(inbound({ from: [{ address, name }], subject: '2FA', text }), { companyNames: ['bpart'], explain });

const SCOUTS =
  'Dag bPart,\n\nIk ben sinds september groepsleider en beheer ons groepsaccount. Mijn voorganger had de tweestapsverificatie op zijn eigen gsm en heeft die verkocht.\n\nKunnen jullie de 2FA van het account resetten?\n\nStevige linker,\nStijn Maes\nGroepsleider Scouts Sint-Laurentius Zedelgem\n';

test('where the rules read no name, the chooser supplies its best candidate, and --explain shows it', () => {
  const rules = analyse(
    inbound({ from: [{ address: 'groepsleiding@scoutszedelgem.be', name: 'Groepsleiding Scouts Zedelgem' }], subject: '2FA', text: SCOUTS }),
    {
      companyNames: ['bpart'],
      nameModel: null,
    },
  );
  expect(rules.fields.fullName).toBeNull();
  const a = read('Groepsleiding Scouts Zedelgem', 'groepsleiding@scoutszedelgem.be', SCOUTS);
  expect(a.fields.fullName).toBe('Stijn Maes');
  expect(a.missing).not.toContain('fullName');
  expect(a.reasons.some((r) => r.startsWith('model:name p='))).toBe(true);
  expect(a.nameModel).toMatchObject({ mayDecide: true, decided: true });
  expect(renderExplanation(a)).toMatch(
    /fullName: "Stijn Maes"\n {2}rule: learned chooser[^\n]*\n[^]*learned chooser \(decided[^\n]*\n {2}- "Stijn Maes" from [a-z+-]+ p 0\.\d\d/,
  );
});

test('a rule’s reading is never replaced, and the chooser is not read there unless explained (the worker’s hot path)', () => {
  const text = 'My phone was stolen, please reset my 2FA.\n\nRegards,\nTom Baker\nRiverside Rowing Club\n';
  const explained = read('Tom Baker', 'tom.baker@gmail.com', text);
  expect(explained.fields.fullName).toBe('Tom Baker');
  expect(explained.nameModel).toMatchObject({ mayDecide: false, decided: false });
  const plain = read('Tom Baker', 'tom.baker@gmail.com', text, false);
  expect(plain.fields.fullName).toBe('Tom Baker');
  expect(plain).not.toHaveProperty('nameModel');
});

test('the organisation the rules read is never supplied as the name, however high it scores', () => {
  const candidate = (value: string, probability: number) => ({ value, probability }) as LearnedName;
  const model = { ...NAME_LEARNED, combination: 'adds' as const, threshold: 0.5 };
  const scored = [candidate('Dorpsfeesten Zwevezele', 0.9), candidate('Sofie Claes', 0.6)];
  expect(nameChoice(model, scored, 'Dorpsfeesten Zwevezele')?.value).toBe('Sofie Claes');
  expect(nameChoice(model, scored.slice(0, 1), 'Dorpsfeesten Zwevezele')).toBeNull();
  expect(nameChoice({ ...model, combination: 'off' }, scored, null)).toBeNull();
});

test('the shipped weights are what scripts/name-compare.ts writes: refitted on the seen set, the same model', { timeout: 600_000 }, async () => {
  expect(['adds', 'off']).toContain(NAME_LEARNED.combination);
  const refit = fitNames(await nameExamples(seenFiles()), NAME_L2);
  expect({ bias: refit.bias, weights: refit.weights }).toEqual({ bias: NAME_LEARNED.bias, weights: NAME_LEARNED.weights });
});
