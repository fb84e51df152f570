import { expect, test } from 'vitest';
import { analyse } from '../../src/core/analyse.ts';
import { inbound } from './message-builder.ts';

test('the reading has exactly the §4 keys plus reasons and snippets', () => {
  const a = analyse(inbound({ subject: '2FA', text: "J'ai perdu mon téléphone, merci de réinitialiser ma 2FA." }));
  expect(Object.keys(a).sort()).toEqual(['fields', 'kind', 'language', 'missing', 'reasons', 'sender', 'snippets']);
  expect(Object.keys(a.fields).sort()).toEqual(['explanation', 'fullName', 'organisation']);
});

test('the sender is the first From mailbox, as written in From', () => {
  const a = analyse(
    inbound({
      from: [
        { address: 'marie.dubois@lesamis.be', name: 'Marie Dubois' },
        { address: 'x@example.com', name: null },
      ],
    }),
  );
  expect(a.sender).toEqual({ address: 'marie.dubois@lesamis.be', name: 'Marie Dubois' });
  expect(analyse(inbound({ from: [] })).sender).toBeNull();
});

test('missing lists absent fields of a recovery request in procedure order', () => {
  const a = analyse(inbound({ subject: 'Reset', text: 'Please reset my 2FA.\n\nRegards,\nKyle' }));
  expect(a.kind).toBe('recovery_request');
  expect(a.missing).toEqual(['fullName', 'organisation', 'explanation']);
  const b = analyse(inbound({ subject: 'Reset', text: 'My phone was stolen, please reset my 2FA.\n\nBest regards,\nSarah Connor' }));
  expect(b.missing).toEqual(['organisation']);
});

test('missing is empty for anything that is not a recovery request', () => {
  expect(analyse(inbound({ subject: 'Invoice', text: 'Please send the February invoice.' })).missing).toEqual([]);
  expect(analyse(inbound({ subject: 'Out of Office', text: 'Back Monday.' })).missing).toEqual([]);
});

test('nothing is read from the body of automatic mail', () => {
  const a = analyse(inbound({ subject: 'Automatic reply: 2FA', text: "Je suis Marie Dubois, présidente de l'ASBL Les Amis. Mon téléphone est cassé." }));
  expect(a.kind).toBe('auto_reply');
  expect(a.fields).toEqual({ fullName: null, organisation: null, explanation: null });
});

test('the language comes from the subject when the body is empty, and is null with no words at all', () => {
  expect(analyse(inbound({ subject: 'Re: Réinitialisation de la double authentification', text: '' })).language).toBe('fr');
  expect(analyse(inbound({ subject: '', text: '' })).language).toBeNull();
});

test.each([
  ['blank lines', '\n'.repeat(50_000)],
  ['one endless word', 'a'.repeat(100_000)],
  ['repeated attribution starts', 'abc. x skrev y\n'.repeat(3_000)],
  ['repeated quote headers', 'De: a <\n'.repeat(3_000)],
  ['angle brackets', `${'<'.repeat(30_000)}@${'>'.repeat(30_000)}`],
  ['repeated name triggers', 'Je suis Marie '.repeat(5_000)],
])('hostile text (%s) is read without blowing up', (_, text) => {
  const a = analyse(inbound({ subject: 'x', text }));
  expect(['recovery_request', 'other', 'auto_reply', 'bounce']).toContain(a.kind);
});
