// The learned explanation reader (stop 26, issue 14): its features, how it combines with the rules (one way only: it fills an
// explanation the rules did not read, never removes nor replaces theirs), what it keeps none for (a bare reset ask, a
// symptom), and that the shipped weights are what scripts/explanation-compare.ts writes.
import { expect, test } from 'vitest';
import { analyse } from '../../src/core/analyse.ts';
import {
  EXPLANATION_BUCKETS,
  explanationBucket,
  mayExplain,
  messageFeatures,
  readExplanation,
  type ExplanationModel,
} from '../../src/core/explanation-model.ts';
import { EXPLANATION_COMBINATION, EXPLANATION_MODEL } from '../../src/core/explanation-weights.ts';
import { renderExplanation } from '../../src/cli/inspect.ts';
import { explanationExamples, fitExplanation, L2, spanLabel, trainingFiles, type ExplanationExample } from '../../scripts/explanation-compare.ts';
import { inbound } from './message-builder.ts';

const mail = (text: string, name = 'Marie Dubois') => inbound({ subject: '2FA', text, from: [{ address: 'marie.dubois@lesamis.be', name }] });

// Events told in words the rules' vocabulary lacks, written for this test (fr, nl, en): the rules read no explanation in them.
const TOLD = {
  fr: 'Bonjour,\n\nMon vieux smartphone a gonflé sous la batterie et le magasin l’a gardé pour le recyclage.\n\nPouvez-vous réinitialiser ma double authentification ?\n\nMerci,\nMarie Dubois\n',
  nl: 'Hallo,\n\nMijn oude smartphone is opgezwollen door de batterij en de winkel hield hem voor recyclage.\n\nKunnen jullie mijn tweestapsverificatie resetten?\n\nGroeten,\nMarie Dubois\n',
  en: 'Hello,\n\nMy old smartphone swelled up from the battery and the shop kept it for recycling.\n\nCould you reset my two-factor authentication?\n\nThanks,\nMarie Dubois\n',
};
const BARE_ASK = 'Hello,\n\nCould you please reset my two-factor authentication?\n\nThanks,\nMarie Dubois\n';
const SYMPTOM =
  'Hello,\n\nSince this morning the app keeps saying the code is invalid when I try to sign in.\n\nCould you reset my 2FA?\n\nThanks,\nMarie Dubois\n';
const LOCK_OUT =
  "Bonjour,\n\nJe n'arrive plus à me connecter depuis ce matin.\n\nPouvez-vous réinitialiser ma double authentification ?\n\nMerci,\nMarie Dubois\n";

/**
 * A model fitted here on a few sentences in the three languages (the words of swelling and recycling positive, asks, greetings
 * and symptoms negative): the combination's mechanics, apart from what the shipped fit learned.
 */
function smallModel(): ExplanationModel {
  const example = (sentences: string[], labels: (0 | 1)[]): ExplanationExample => ({
    file: 'x',
    expectedKind: 'recovery_request',
    expected: null,
    rulesKind: 'recovery_request',
    rulesRead: false,
    sentences,
    labels,
    features: messageFeatures(sentences),
  });
  const train: ExplanationExample[] = [];
  for (let i = 0; i < 6; i++) {
    train.push(example(['Hello,', `My tablet swelled up and went for recycling ${i}.`, 'Could you reset my 2FA?', 'Thanks,'], [0, 1, 0, 0]));
    train.push(example(['Bonjour,', `Ma tablette a gonflé, partie au recyclage ${i}.`, 'Pouvez-vous réinitialiser ma 2FA ?', 'Merci,'], [0, 1, 0, 0]));
    train.push(example(['Hallo,', `Mijn tablet is opgezwollen, naar recyclage ${i}.`, 'Kunnen jullie mijn 2FA resetten?', 'Groeten,'], [0, 1, 0, 0]));
    train.push(example(['Hello,', `I can't log in since this morning ${i}.`, 'Please reset my two-factor authentication.', 'Thanks,'], [0, 0, 0, 0]));
  }
  return fitExplanation(train, 0.001, 300);
}

test('hashing is stable: the fitted weights depend on the same key landing in the same bucket on every machine', () => {
  expect(EXPLANATION_BUCKETS).toBe(4096);
  expect(explanationBucket('w:lost')).toBe(explanationBucket('w:lost'));
  expect(explanationBucket('')).toBe(0x811c9dc5 % 4096);
});

test('features: folded words, bigrams, 4-grams, word endings, position, length, the rules cues of the sentence and its neighbours', () => {
  const features = messageFeatures(['Bonjour,', 'Mon téléphone est tombé dans le canal.', 'Pouvez-vous réinitialiser ma 2FA ?']);
  const keys = features[1]!.map((f) => f.key);
  expect(keys).toEqual(expect.arrayContaining(['w:telephone', 'b:est tombe', 'c:_tel', 'e:mbe', 'len:6-10', 'pos:2', 'cue:device', 'cue:event']));
  expect(keys.some((k) => k.startsWith('next:'))).toBe(true);
  expect(features[2]!.map((f) => f.key)).toEqual(expect.arrayContaining(['pos:last', 'shape:question', 'cue:s:resetAsk', 'prev:device']));
  // The rules' explanation verdict itself is never a feature: it is false wherever the model may decide.
  expect(features.flat().some((f) => f.key.includes('deviceEvent'))).toBe(false);
});

test('a refused code alone is a symptom the model may not take (SPEC §4); told beside an event it may', () => {
  const [refused, withEvent] = messageFeatures(['The app keeps saying the code is invalid.', 'My phone fell in the canal and now the code is invalid.']);
  expect(mayExplain(refused!)).toBe(false);
  expect(mayExplain(withEvent!)).toBe(true);
});

test('the labelled span: sentences inside it are positives, the others negatives, a partial overlap left out', () => {
  const label = 'I lost my phone on the train. The app was on it.';
  expect(spanLabel('I lost my phone on the train.', label)).toBe(1);
  expect(spanLabel('The app was on it.', label)).toBe(1);
  expect(spanLabel('Thanks,', label)).toBe(0);
  expect(spanLabel('I lost my phone on the train yesterday evening.', label)).toBeNull();
  expect(spanLabel('Uitleg: gsm verloren op de trein', 'gsm verloren op de trein')).toBe(1);
  expect(spanLabel('Anything', null)).toBe(0);
});

test('fr, nl, en: the model fills an event the rules miss, as the writer wrote it, and says so', () => {
  const model = { model: smallModel(), combination: { chooser: 'adds' as const, threshold: 0.8 } };
  for (const [lang, text] of Object.entries(TOLD)) {
    const rules = analyse(mail(text), { explanationModel: null });
    expect(rules.kind, lang).toBe('recovery_request');
    expect(rules.fields.explanation, lang).toBeNull();
    const read = analyse(mail(text), { explanationModel: model });
    expect(read.fields.explanation, lang).toMatch(/(swelled|gonflé|opgezwollen)/);
    // The writer's own words, contiguous.
    expect(text.replace(/’/g, "'")).toContain(read.fields.explanation!.replace(/’/g, "'"));
    expect(read.missing, lang).not.toContain('explanation');
    expect(read.reasons.at(-1), lang).toMatch(/^model:explanation p=\d\.\d\d$/);
    expect(read.snippets.explanation, lang).toBe(read.fields.explanation);
  }
});

test('it keeps none for a bare reset ask and for a symptom, fitted here or shipped', () => {
  for (const explanationModel of [{ model: smallModel(), combination: { chooser: 'adds' as const, threshold: 0.8 } }, undefined]) {
    for (const text of [BARE_ASK, SYMPTOM, LOCK_OUT]) {
      const read = analyse(mail(text), explanationModel === undefined ? {} : { explanationModel });
      expect(read.kind, text).toBe('recovery_request');
      expect(read.fields.explanation, text).toBeNull();
      expect(read.missing, text).toContain('explanation');
    }
  }
});

test('it never removes nor replaces an explanation the rules read, however sure it is', () => {
  // A model that reads every sentence as an explanation, very surely.
  const sure = { model: { bias: 8, weights: {} }, combination: { chooser: 'adds' as const, threshold: 0.5 } };
  const text = 'Hello,\n\nI lost my phone on the train yesterday.\n\nCould you reset my 2FA?\n\nThanks,\nMarie Dubois\n';
  const rules = analyse(mail(text), { explanationModel: null });
  expect(rules.fields.explanation).toBe('I lost my phone on the train yesterday.');
  const read = analyse(mail(text), { explanationModel: sure, explain: true });
  expect(read.fields.explanation).toBe(rules.fields.explanation);
  expect(read.reasons).toEqual(rules.reasons);
  // Not even read there.
  expect(read.explanationModel).toBeNull();
  // Nor on mail that is no request, nor when the rules choose.
  const other = analyse(inbound({ subject: 'Invoice', text: 'Hello,\n\nWhere is our invoice for March?\n\nThanks,\nMarie Dubois\n' }), {
    explanationModel: sure,
  });
  expect(other.kind).toBe('other');
  expect(other.fields.explanation).toBeNull();
  expect(analyse(mail(BARE_ASK), { explanationModel: { ...sure, combination: { chooser: 'rules', threshold: 0.5 } } }).fields.explanation).toBeNull();
  expect(analyse(mail(BARE_ASK), { explanationModel: sure }).fields.explanation).not.toBeNull();
});

test('readExplanation joins a neighbour that clears the threshold too, contiguous', () => {
  const sure: ExplanationModel = { bias: 8, weights: {} };
  expect(readExplanation(sure, ['A b c.', 'D e f.'], 0.5)?.value).toBe('A b c. D e f.');
  expect(readExplanation({ bias: -8, weights: {} }, ['A b c.', 'D e f.'], 0.5)?.decided).toBe(false);
  expect(readExplanation(sure, [], 0.5)).toBeNull();
});

test('inspect --explain prints the reader best sentence, its probability and whether it decided', () => {
  const text = renderExplanation(analyse(mail(BARE_ASK), { companyNames: ['bpart'], explain: true }));
  expect(text).toMatch(/\n {2}learned reader: p\(explanation\) 0\.\d\d, below the threshold 0\.\d+: not decided; best sentence ".+"\n/);
  const plain = analyse(mail(BARE_ASK), { companyNames: ['bpart'] });
  expect(plain).not.toHaveProperty('explanationModel');
});

test(
  'the shipped weights are what scripts/explanation-compare.ts writes: refitted on the seen set and ap … cj, the same model',
  { timeout: 600_000 },
  async () => {
    expect(['rules', 'adds']).toContain(EXPLANATION_COMBINATION.chooser);
    const { seen, read } = trainingFiles();
    const refit = fitExplanation([...(await explanationExamples(seen)), ...(await explanationExamples(read))], L2);
    expect(refit).toEqual(EXPLANATION_MODEL);
  },
);

test('stop 27: the event abstracted, whatever its words: a device of any make with a past verb, a time, a place, another person holding it', () => {
  const keys = (s: string) => new Set(messageFeatures([s])[0]!.map((f) => f.key));
  const laptop = keys('I had to hand the laptop back last Friday.');
  for (const k of ['a:device', 'a:past', 'a:when', 'a:device+past', 'a:device+past+context']) expect(laptop).toContain(k);
  expect(keys('Mon portable est resté dans le train hier.')).toContain('a:device+where');
  expect(keys('Mijn gsm is in het buitenland gebleven.')).toContain('a:device+past');
  expect(keys('De app staat op de gsm van mijn man.')).toContain('a:other');
  expect(keys('She took her iPad to England.')).toContain('a:where');
  // A code and no event: a symptom's shape. An English article is no French auxiliary.
  expect(keys('The six-digit code does not work.')).toContain('a:code-only');
  expect(keys('I would like a phone reset please.')).not.toContain('a:past');
});
