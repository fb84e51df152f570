// The learned kind model (issue 14, seventh loop): its hashing, its weights, how it combines with the
// rules, and that machine-written mail never reaches it.
import { expect, test } from 'vitest';
import { analyse } from '../../src/core/analyse.ts';
import { combinedIsRequest, KIND_BUCKETS, kindBucket, kindFeatures, requestProbability, type KindModel } from '../../src/core/kind-model.ts';
import { KIND_COMBINATION, KIND_MODEL } from '../../src/core/kind-weights.ts';
import { renderExplanation } from '../../src/cli/inspect.ts';
import { fitKind, type KindExample } from '../../scripts/fit-kind.ts';
import { inbound } from './message-builder.ts';

test('hashing is stable: the fitted weights depend on the same key landing in the same bucket on every machine', () => {
  // FNV-1a 32 bits modulo 4096; changing the hash silently scrambles every shipped weight.
  expect(KIND_BUCKETS).toBe(4096);
  expect(kindBucket('')).toBe(0x811c9dc5 % 4096);
  expect(kindBucket('w:reset')).toBe(kindBucket('w:reset'));
  expect([kindBucket('w:reset'), kindBucket('signal:twoFa'), kindBucket('b:mon telephone')]).toEqual([1539, 1584, 1865]);
});

test('features are folded words, bigrams and 4-grams of the subject and the text, plus the rules signals', () => {
  const keys = kindFeatures(
    'Re: Téléphone volé',
    'Mon téléphone a été volé. Pouvez-vous réinitialiser ma 2FA ?',
    { isRecovery: true, reasons: [] },
    'text+signals',
  ).map((f) => f.key);
  expect(keys).toEqual(expect.arrayContaining(['s:telephone', 'w:reinitialiser', 'b:telephone a', 'c:_tel', 'w:?', 'signal:twoFa', 'signal:question-mark']));
  expect(keys).not.toContain('s:re');
  // The rules' verdict is a feature only in the 'all' set.
  expect(keys).not.toContain('rule:request');
  expect(kindFeatures('x', 'y', { isRecovery: true, reasons: ['text:2fa-term'] }, 'all').map((f) => f.key)).toEqual(
    expect.arrayContaining(['rule:request', 'reason:text:2fa-term']),
  );
  expect(kindFeatures('x', '2FA?', { isRecovery: false, reasons: [] }, 'text').some((f) => f.key.startsWith('signal:'))).toBe(false);
});

test('the shipped weights load: a model on the declared features, buckets in range, and it only adds requests the rules missed', () => {
  expect(['text', 'text+signals', 'all']).toContain(KIND_MODEL.features);
  const buckets = Object.keys(KIND_MODEL.weights).map(Number);
  expect(buckets.length).toBeGreaterThan(100);
  expect(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < KIND_BUCKETS)).toBe(true);
  expect(Number.isFinite(KIND_MODEL.bias)).toBe(true);
  // Stop 25: refitted on the seen set, combined where it read more of the loops' unseen batches (kind-compare.ts), and only
  // adding requests where the rules found no 2FA named (a request read as other leaves a holder without a ticket).
  expect(KIND_COMBINATION.direction).toBe('adds-requests');
  // It has learned something: a stolen phone and a reset asked for reads as a request, a question about enabling 2FA does not.
  const p = (subject: string, text: string) =>
    requestProbability(KIND_MODEL, kindFeatures(subject, text, { isRecovery: false, reasons: [] }, KIND_MODEL.features));
  expect(p('2FA', 'My phone was stolen and I cannot log in any more. Please reset my two-factor authentication.')).toBeGreaterThan(0.5);
  expect(p('Question', 'How do I enable two-factor authentication for the other volunteers of our club?')).toBeLessThan(0.5);
});

test('the margin: the model overrides the rules only when it is surer than 0.5 ± margin', () => {
  expect(combinedIsRequest(false, 0.8, 0.3)).toBe(false);
  expect(combinedIsRequest(false, 0.81, 0.3)).toBe(true);
  expect(combinedIsRequest(true, 0.21, 0.3)).toBe(true);
  expect(combinedIsRequest(true, 0.19, 0.3)).toBe(false);
  // Margin 0 is the model alone.
  expect(combinedIsRequest(true, 0.49, 0)).toBe(false);
  expect(combinedIsRequest(false, 0.51, 0)).toBe(true);
});

const question = inbound({ subject: 'Question', text: 'Hello,\n\nIs two-factor authentication compulsory for all our volunteers?\n\nThanks,\nAnn Peeters\n' });
// A model that reads everything as a request, very surely.
const sure: KindModel = { features: 'text', bias: 8, weights: {} };

test('combined, a sure model replaces the rules on mail a person wrote, and says so in the reasons', () => {
  expect(analyse(question, { kindModel: null }).kind).toBe('other');
  const combined = analyse(question, { kindModel: { model: sure, combination: { chooser: 'combined', margin: 0.3 } } });
  expect(combined.kind).toBe('recovery_request');
  expect(combined.reasons.at(-1)).toMatch(/^model:request p=1\.00$/);
  // Not beyond a margin it cannot pass, nor when the rules are the chooser.
  expect(analyse(question, { kindModel: { model: { ...sure, bias: 1 }, combination: { chooser: 'combined', margin: 0.3 } } }).kind).toBe('other');
  expect(analyse(question, { kindModel: { model: sure, combination: { chooser: 'rules', margin: 0 } } }).kind).toBe('other');
});

test('machine-written mail never reaches the model, however sure it is', () => {
  const ooo = inbound({
    subject: 'Out of office',
    text: 'I lost my phone, please reset my 2FA',
    headerLines: { 'Auto-Submitted': 'auto-replied' },
  });
  const list = inbound({ subject: 'Digest', text: 'Reset your 2FA after losing your phone', headerLines: { 'List-Id': '<news.example.org>' } });
  for (const m of [ooo, list]) {
    const reading = analyse(m, { kindModel: { model: sure, combination: { chooser: 'combined', margin: 0 } }, explain: true });
    expect(reading.kind).not.toBe('recovery_request');
    expect(reading.kindModel).toBeNull();
  }
});

test('inspect --explain prints the model probability and its strongest features beside the rules verdict', () => {
  const text = renderExplanation(analyse(question, { companyNames: ['bpart'], explain: true }));
  expect(text).toMatch(/^kind: other \(/);
  expect(text).toMatch(/\n {2}learned model: p\(recovery_request\) 0\.\d\d \(rules: other\)\n/);
  expect(text).toMatch(/\n {4}[+-]\d\.\d\d (w|b|c|s|signal):/);
  const plain = analyse(question, { companyNames: ['bpart'] });
  expect(plain).not.toHaveProperty('kindModel');
});

test('the fit learns a word that marks requests, beyond what the rules said', () => {
  const example = (i: number, request: boolean): KindExample => ({
    file: `x-${i}`,
    batch: 'seen',
    expected: request ? 'recovery_request' : 'other',
    reasons: [],
    rules: 'other',
    eligible: true,
    features: kindFeatures('', `${request ? 'telemovel' : 'newsletter'} number ${i}`, { isRecovery: false, reasons: [] }, 'text'),
  });
  const train = Array.from({ length: 40 }, (_, i) => example(i, i % 2 === 0));
  const model = fitKind(train, 'text', 0.001, 200);
  const p = (text: string) => requestProbability(model, kindFeatures('', text, { isRecovery: false, reasons: [] }, 'text'));
  expect(p('telemovel number 99')).toBeGreaterThan(0.8);
  expect(p('newsletter number 99')).toBeLessThan(0.2);
});

test('stop 25: the model adds a request only where the rules found no 2FA named; their readings of questions and nudges stand', async () => {
  const { combinedIsRequest, modelMayAdd } = await import('../../src/core/kind-model.ts');
  // A lost phone or a deleted app in words the vocabulary lacks: the rules say other for want of a 2FA word.
  expect(modelMayAdd(['text:2fa-lost-device', 'text:no-2fa-mention'])).toBe(true);
  expect(combinedIsRequest(false, 0.9, 0.2, 'adds-requests', ['text:no-2fa-mention'])).toBe(true);
  // Controls: not below the margin; never over a password question, a how-to or a nudge; never a request made other.
  expect(combinedIsRequest(false, 0.65, 0.2, 'adds-requests', ['text:no-2fa-mention'])).toBe(false);
  expect(combinedIsRequest(false, 0.99, 0.2, 'adds-requests', ['text:2fa-term', 'text:2fa-no-recovery-ask'])).toBe(false);
  expect(combinedIsRequest(false, 0.99, 0.2, 'adds-requests', ['text:2fa-lost-device', 'text:status-query'])).toBe(false);
  expect(combinedIsRequest(true, 0.01, 0.2, 'adds-requests', [])).toBe(true);
});
