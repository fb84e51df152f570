import { expect, test } from 'vitest';
import type { FieldName, Language } from '../../src/core/message.ts';
import { REPLY_KINDS, renderReply, type ReplyInput } from '../../src/core/replies/index.ts';

const LANGUAGES: Language[] = ['fr', 'nl', 'en'];
const REF = 'REC-2026-000042';
const all = LANGUAGES.flatMap((language) => REPLY_KINDS.map((kind) => ({ language, kind })));

function render(input: Partial<ReplyInput> & Pick<ReplyInput, 'kind' | 'language'>) {
  return renderReply({ ticketRef: REF, ...input });
}

test.each(all)('$kind in $language renders a subject carrying the ticket reference', ({ language, kind }) => {
  const { subject, text } = render({ language, kind });
  expect(subject.startsWith(`[${REF}] `)).toBe(true);
  expect(text.length).toBeGreaterThan(100);
  expect(text).toContain(REF);
});

test('the French acknowledgement subject reads as the product promises', () => {
  expect(render({ kind: 'acknowledgement', language: 'fr' }).subject).toBe('[REC-2026-000042] Votre demande de réinitialisation 2FA');
});

test('without a ticket there is no reference in the subject', () => {
  const { subject } = renderReply({ kind: 'wrong_address', language: 'en', ticketRef: null });
  expect(subject).not.toContain('[');
  expect(subject).not.toContain('REC-');
});

test.each(all)('$kind in $language never asks for identity documents', ({ language, kind }) => {
  const { text, subject } = render({ language, kind, missing: ['fullName', 'organisation', 'explanation'], reason: 'x' });
  const forbidden =
    /identit(y|é|eit)s?[- ]?(document|card|kaart|bewijs)|carte d'identité|passport|passeport|paspoort|driving licen|permis de conduire|rijbewijs|selfie|copy of your id|copie de votre|kopie van uw/i;
  expect(`${subject}\n${text}`).not.toMatch(forbidden);
});

test.each(all)('$kind in $language carries nothing from the inbound message', ({ language, kind }) => {
  // Whatever a caller smuggles in beside the fixed input never reaches the mail.
  const smuggled = { language, kind, ticketRef: REF, subject: 'CANARY-SUBJECT', text: 'CANARY-BODY', inbound: 'CANARY-INBOUND' };
  const { subject, text } = renderReply(smuggled as unknown as ReplyInput);
  expect(`${subject}\n${text}`).not.toMatch(/CANARY|undefined|null|\[object/);
});

test.each(LANGUAGES)('request_details names each missing field in %s, in procedure order', (language) => {
  const names: Record<Language, Record<FieldName, RegExp>> = {
    fr: { fullName: /nom complet/, organisation: /organisation que vous gérez/, explanation: /explication/ },
    nl: { fullName: /volledige naam/, organisation: /organisatie die u beheert/, explanation: /uitleg/ },
    en: { fullName: /full name/, organisation: /organisation you manage/, explanation: /explanation/ },
  };
  const only = render({ kind: 'request_details', language, missing: ['explanation'] }).text;
  expect(only).toMatch(names[language].explanation);
  expect(only).not.toMatch(names[language].fullName);
  const both = render({ kind: 'request_details', language, missing: ['explanation', 'fullName'] }).text;
  expect(both.search(names[language].fullName)).toBeLessThan(both.search(names[language].explanation));
  expect(both).not.toMatch(names[language].organisation);
});

test.each(LANGUAGES)('the confirmation in %s says 2FA was removed and urges re-enabling it', (language) => {
  const { text } = render({ kind: 'confirmation', language });
  const removed = { fr: /a été retirée/, nl: /is van uw Bpart-account verwijderd/, en: /has been removed/ }[language];
  const reenable = { fr: /réactivez la double authentification/, nl: /meteen opnieuw aan/, en: /turn two-factor authentication back on/ }[language];
  expect(text).toMatch(removed);
  expect(text).toMatch(reenable);
});

test.each(LANGUAGES)("a rejection in %s includes the agent's reason", (language) => {
  const { text } = render({ kind: 'rejection', language, reason: 'Le nom ne correspond pas au titulaire du compte.' });
  expect(text).toContain('Le nom ne correspond pas au titulaire du compte.');
});

test("the agent's reason loses control and bidi characters", () => {
  const { text } = render({ kind: 'rejection', language: 'en', reason: 'bad\u0007 name\u202e' });
  expect(text).toContain('bad name');
  expect(text).not.toMatch(/[\u0007\u202e]/);
});

test.each(LANGUAGES)('wrong_address in %s tells the writer to use the address linked to the account', (language) => {
  const { text } = renderReply({ kind: 'wrong_address', language, ticketRef: null });
  expect(text).toMatch({ fr: /adresse e-mail liée à votre compte/, nl: /aan uw Bpart-account gekoppeld/, en: /linked to your Bpart account/ }[language]);
});

test.each(LANGUAGES)('approved_notice in %s announces the delayed reset with the cancel link', (language) => {
  const url = 'https://desk.bpart.be/cancel/abc';
  const { text } = render({ kind: 'approved_notice', language, cancelUrl: url });
  expect(text).toContain(url);
  expect(text).toMatch({ fr: /après un délai/, nl: /na een wachttijd/, en: /after a waiting period/ }[language]);
  expect(render({ kind: 'approved_notice', language }).text).not.toContain('https://');
});

test.each(LANGUAGES)('the confirmation link appears in the %s acknowledgement when given', (language) => {
  const url = 'https://desk.bpart.be/confirm/xyz';
  expect(render({ kind: 'acknowledgement', language, confirmUrl: url }).text).toContain(url);
  expect(render({ kind: 'acknowledgement', language }).text).not.toContain('https://');
});

const DISPUTE = 'https://desk.bpart.be/r/not-me/tok';
const SAYS_WHAT_IT_DOES: Record<Language, RegExp> = {
  en: /If you did not ask for this, use this link: it (stops the recovery|alerts our team at once) and locks email recovery for 30 days/,
  fr: /Si vous n'êtes pas à l'origine de cette demande, utilisez ce lien : il (arrête la récupération|alerte immédiatement notre équipe) et bloque la récupération par e-mail pendant 30 jours/,
  nl: /Hebt u dit niet gevraagd\? Gebruik dan deze link: hij (stopt het herstel|verwittigt ons team meteen) en blokkeert herstel via e-mail gedurende 30 dagen/,
};
const aboutRecovery = all.filter(({ kind }) => kind !== 'wrong_address');

test.each(aboutRecovery)('$kind in $language carries the "This wasn\'t me" link and says plainly what it does', ({ language, kind }) => {
  const { text } = render({
    language,
    kind,
    disputeUrl: DISPUTE,
    cancelUrl: 'https://desk.bpart.be/r/cancel/c',
    confirmUrl: 'https://desk.bpart.be/r/confirm/c',
  });
  expect(text).toContain(DISPUTE);
  expect(text).toMatch(SAYS_WHAT_IT_DOES[language]);
  // The old advice (reply if it was not you) went to a mailbox that ignored it.
  expect(text).not.toMatch(
    /reply to this message (to let us know|immediately)|contact us immediately by replying|en répondant à ce message|répondez immédiatement|door op dit bericht te antwoorden|Antwoord dan onmiddellijk/,
  );
});

test.each(LANGUAGES)("wrong_address in %s (to an address that is no account's) never carries the link", (language) => {
  expect(renderReply({ kind: 'wrong_address', language, ticketRef: null, disputeUrl: DISPUTE }).text).not.toContain(DISPUTE);
});
