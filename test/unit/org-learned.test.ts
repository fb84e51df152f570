// The general organisation generator (org-spans.ts) and its learned chooser (org-learned.ts), one way: where the rules read
// no organisation on a request, the chooser may supply its best candidate; a role, a town or our own name stays out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { analyse } from '../../src/core/analyse.ts';
import { renderExplanation } from '../../src/cli/inspect.ts';
import { organisationSpans } from '../../src/core/fields/org-spans.ts';
import { ORG_LEARNED } from '../../src/core/fields/org-learned-weights.ts';
import { inbound } from './message-builder.ts';
import { lowerCased } from '../../scripts/org-augment.ts';

const read = (name: string, address: string, text: string) =>
  analyse(inbound({ from: [{ address, name }], subject: '2FA', text }), { companyNames: ['bpart'], explain: true });
const top = (a: ReturnType<typeof read>) => a.organisationModel?.candidates[0]?.value;

test('a body named in parentheses after the given name, from its shared mailbox, is supplied where the rules read none (nl)', () => {
  const a = read(
    'BC Zwevegem',
    'info@bczwevegem.be',
    'Hallo\nDe gsm van onze penningmeester is kapot. De codes zijn weg.\nKunnen jullie de 2FA van dit account resetten?\nGroetjes Joris (BC Zwevegem)\n',
  );
  expect(a.fields.organisation).toBe('BC Zwevegem');
  expect(a.organisationModel).toMatchObject({ mayDecide: true, decided: true });
  expect(renderExplanation(a)).toMatch(/learned chooser \(decided[^\n]*\n {2}- "BC Zwevegem" from [a-z+]+ p 0\.\d\d/);
});

test('the body a writer says they act for in prose is the chooser’s first candidate (fr, en)', () => {
  const fr = read(
    'Claire Dumont',
    'claire.dumont@gmail.com',
    "Bonjour,\n\nJ'ai perdu mon téléphone avec l'application. Je gère le compte de la Chorale Les Voix du Hain. Pouvez-vous réinitialiser ma double authentification ?\n\nMerci,\nClaire\n",
  );
  expect(top(fr)).toBe('Chorale Les Voix du Hain');
  const en = read(
    'Anna Berg',
    'anna.berg@gmail.com',
    'Hello,\n\nI dropped my phone in the lake and the authenticator app is gone. Could you reset my 2FA?\n\nKind regards,\nAnna (Riverside Rowing Club)\n',
  );
  expect(top(en)).toBe('Riverside Rowing Club');
});

test('in a lower-case writer’s mail the generator proposes the phrase by position, and the chooser puts it first', () => {
  const text =
    'hi there\nphone smashed and dead now. the authenticator was on it. can you turn off the 2fa on the leuven chess club account so i can get in. cheers\ntom\n';
  expect(organisationSpans(text).map((c) => c.value)).toContain('leuven chess club');
  expect(top(read('Tom Hale', 'tomhale@me.com', text))).toBe('leuven chess club');
});

test('a role or a town alone under the name is left empty', () => {
  const body = 'hi there\nphone smashed and dead now. the authenticator was on it. can you turn off the 2fa please. cheers\ntom\n';
  for (const last of ['treasurer', 'leuven']) {
    const a = read('Tom Hale', 'tomhale@me.com', `${body}${last}\n`);
    expect(a.fields.organisation).toBeNull();
    expect(a.organisationModel).toMatchObject({ mayDecide: true, decided: false });
  }
});

test('our own company name is never supplied', () => {
  const a = read(
    'Sam Porter',
    'samporter@gmail.com',
    'Hi,\n\nMy phone was stolen on the bus yesterday and the authenticator app was on it. Can you reset my 2FA please? I use Bpart every day.\n\nThanks,\nSam Porter\n(Bpart)\n',
  );
  expect(a.fields.organisation).toBeNull();
});

test('the chooser reads nothing where it may not decide, unless explained (the worker’s hot path)', () => {
  const a = analyse(inbound({ subject: '2FA', text: 'My phone was stolen, please reset my 2FA.\n\nRegards,\nTom Baker\nRiverside Rowing Club\n' }), {
    companyNames: ['bpart'],
  });
  expect(a.fields.organisation).toBe('Riverside Rowing Club');
  expect(a).not.toHaveProperty('organisationModel');
});

test('the weights file is the one scripts/org-compare.ts writes, combined one way', () => {
  const source = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'core', 'fields', 'org-learned-weights.ts'), 'utf8');
  expect(source).toMatch(/^\/\/ Written by scripts\/org-compare\.ts --write \(do not edit by hand\)/);
  expect(ORG_LEARNED.combination).toBe('adds');
  expect(ORG_LEARNED.threshold).toBeGreaterThanOrEqual(0.3);
  expect(Object.keys(ORG_LEARNED.weights).length).toBeGreaterThan(100);
});

test('a training copy lower-cased for the chooser keeps its label right: the whole mail, or only the lines that hold the body (stop 27)', () => {
  const message = inbound({
    from: [{ address: 'kate@gmail.com', name: 'Kate Brennan' }],
    subject: 'Reset 2FA',
    text: 'Hi,\nMy phone fell in the pool. Please reset my 2FA.\n\nThanks,\nKate Brennan\nTreasurer, Vossem Otters Swim Team\n',
  });
  const right = ['vossem otters swim team'];
  const whole = lowerCased(message, 'lower', right)!;
  expect(whole.text).toBe(message.text.toLowerCase());
  expect(whole.subject).toBe('reset 2fa');
  const lines = lowerCased(message, 'lines', right)!;
  expect(lines.text).toContain('Kate Brennan\ntreasurer, vossem otters swim team\n');
  expect(lines.text).toContain('Please reset my 2FA.');
  expect(organisationSpans(lines.text).map((c) => c.value)).toContain('vossem otters swim team');
  // No labelled body, or nothing left to lower: no copy.
  expect(lowerCased(message, 'lines', [])).toBeNull();
  expect(lowerCased(lines, 'lines', right)).toBeNull();
  expect(lowerCased(message, 'none', right)).toBeNull();
});
