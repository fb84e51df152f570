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

test('a reply under our ticket subject that brings a detail is part of the recovery request; one that brings none is not', () => {
  const details = analyse(
    inbound({ subject: 'Re: [REC-2026-000412] Details needed', text: 'Hello,\n\nI am Pieter Claes, secretary of the Riverside Rowing Club.\n\nPieter' }),
  );
  expect(details.kind).toBe('recovery_request');
  expect(details.reasons).toContain('text:details-for-our-ticket');
  expect(analyse(inbound({ subject: 'Re: [REC-2026-000412] Details needed', text: 'Thanks, will do.' })).kind).toBe('other');
  // Without our reference, a reply is read on its words alone.
  expect(analyse(inbound({ subject: 'Re: hello', text: 'Hello,\n\nI am Pieter Claes, secretary of the Riverside Rowing Club.' })).kind).toBe('other');
});

test('a password reset is not a 2FA reset, even beside a word about the authenticator', () => {
  expect(analyse(inbound({ subject: 'password', text: 'My authenticator app is fine, I only need a password reset e-mail please.' })).kind).toBe('other');
  expect(
    analyse(inbound({ subject: '2FA', text: 'Mon tel a été volé, je ne peux plus me connecter. Pouvez-vous réinitialiser la double authentification ?' })).kind,
  ).toBe('recovery_request');
});

test('what happened, in words the vocabulary did not have: handed back, traded in, left the club, gave up the ghost', () => {
  for (const text of [
    'The work phone was returned to the office when I changed jobs and the app was on it. Please reset my 2FA.',
    'Ik heb mijn gsm ingeruild voor een nieuwe en de authenticator stond op de oude. Kunnen jullie de 2FA resetten?',
    "Notre trésorier a quitté l'association et c'est son téléphone qui recevait les codes. Pouvez-vous réinitialiser la 2FA ?",
    "Mon portable a rendu l'âme et l'application d'authentification avec. Pouvez-vous réinitialiser la 2FA ?",
  ]) {
    const a = analyse(inbound({ subject: '2FA', text }));
    expect(a.kind, text).toBe('recovery_request');
    expect(a.fields.explanation, text).not.toBeNull();
  }
});

test('recoveries in other words (sold, left at home, dropped, a code from an app deleted) and a move with the old phone at hand', () => {
  for (const text of [
    "L'appli est restée sur mon ancien téléphone que j'ai revendu, je ne peux plus me connecter. Merci de m'aider.",
    'Bij het inloggen vraagt het platform een code uit een app die ik heb verwijderd. Wat nu?',
    "I'm abroad and left my phone at home, so I can't get the 2FA code. Can you disable it for now?",
    "Ma fille a fait tomber mon portable dans l'évier, plus rien ne fonctionne et je suis bloquée à l'étape du code.",
  ]) {
    const a = analyse(inbound({ subject: 'Help', text }));
    expect(a.kind, text).toBe('recovery_request');
    expect(a.fields.explanation, text).not.toBeNull();
  }
  expect(
    analyse(inbound({ subject: 'gsm', text: 'Ik heb een nieuwe telefoon en wil de authenticator overzetten. Hoe doe ik dat? Ik heb de oude nog.' })).kind,
  ).toBe('other');
});

test('a body named only in the writer’s disclaimer is read from there, never from the text as a statement', () => {
  const text =
    'Hello,\n\nMy phone was stolen on the tram yesterday and the authenticator app went with it. Could you reset the 2FA on my account?\n\nKind regards,\n\nLaura Mertens\nSenior Adviser\nT +32 9 123 45 67\n\nThis message and any attachments are confidential and the property of Mertens & Wouters Accountants BV. If you are not the intended recipient, please delete it.';
  const reading = analyse(inbound({ text, from: [{ address: 'laura@mw-accountants.be', name: 'Laura Mertens' }] }));
  expect(reading.fields).toMatchObject({ fullName: 'Laura Mertens', organisation: 'Mertens & Wouters Accountants BV' });
});

test('a signed "any news?" under our ticket is a follow-up (other), not details for the ticket; details under it still are', () => {
  const news = analyse(
    inbound({
      subject: 'RE: [REC-2026-000786] Uw aanvraag om 2FA te resetten',
      text: 'Hallo,\n\nIs er al nieuws over mijn aanvraag? Ik kan nog altijd niet inloggen.\n\nGroeten,\nBart Van Damme',
    }),
  );
  expect(news.kind).toBe('other');
  expect(news.reasons).toContain('text:status-query');
  const details = analyse(
    inbound({
      subject: 'RE: [REC-2026-000786] Uw aanvraag om 2FA te resetten',
      text: 'Hallo,\n\nIk ben Bart Van Damme, voorzitter van de Wielerclub Oudenaarde.\n\nGroeten,\nBart Van Damme',
    }),
  );
  expect(details.kind).toBe('recovery_request');
});

test('"any news?" that brings the organisation or what happened gives the ticket details: part of the request', () => {
  const a = analyse(
    inbound({
      subject: 'Re: [REC-2026-000100] Your 2FA reset request',
      text: 'Any news? Also, I am Tom Price, treasurer of the Riverside Rowing Club.\n\nTom Price',
    }),
  );
  expect(a.kind).toBe('recovery_request');
});

test('loop 11: a nudge under the writer’s own subject ("Re: GSM perdu - plus accès") that brings a detail is the request; a bare one is not', () => {
  const withDetail = [
    [
      'Re: GSM perdu - plus accès à Bpart',
      "Je vous ai écrit vendredi et toujours pas de réponse ! C'est pour le Cercle d'Échecs de Wavre, je suis le trésorier.\n\nMarc",
    ],
    ['Re: Lost phone - no access to Bpart', "I wrote on Saturday and I'm still waiting for a reply. It's for the Ghent Rugby Club, I'm the treasurer.\n\nTom"],
    [
      'Re: gsm gestolen: geen toegang tot Bpart',
      'Ik mailde zaterdag al en nog geen antwoord. Het gaat om Volleybalclub Herentals, ik ben de secretaris.\n\nAn',
    ],
  ];
  for (const [subject, text] of withDetail) {
    const a = analyse(inbound({ subject, text }));
    expect(a.kind, subject).toBe('recovery_request');
    expect(a.fields.organisation, subject).not.toBeNull();
  }
  // Control: the same nudges bringing nothing stay a follow-up.
  const bare = [
    ['Re: GSM perdu - plus accès à Bpart', 'Je vous ai écrit vendredi et toujours pas de réponse !\n\nMarc'],
    ['Re: Lost phone - no access to Bpart', "I wrote on Saturday and I'm still waiting for a reply.\n\nTom"],
  ];
  for (const [subject, text] of bare) expect(analyse(inbound({ subject, text })).kind, subject).toBe('other');
  // Control: access that is not needed is no lock-out.
  expect(analyse(inbound({ subject: 'Question', text: 'New volunteers: no access needed for the bar shifts, right?\n\nTom' })).kind).toBe('other');
});

test('loop 27a: under a nudge, an organisation on a signature line of its own signs it; told in a sentence it is a detail brought', () => {
  const signed = analyse(
    inbound({
      subject: 'Re: reset tweestapsverificatie',
      text: 'Hallo,\n\nIk had vrijdag gemaild over mijn tweestapsverificatie. Is daar al nieuws over?\n\nGroeten,\nKoen Maes\nHistorische Kring Oud-Mechelen vzw',
    }),
  );
  expect(signed.kind).toBe('other');
  // Control: the same body told in a sentence is a detail brought with the nudge.
  const told = analyse(
    inbound({
      subject: 'Re: reset tweestapsverificatie',
      text: 'Hallo,\n\nIk had vrijdag gemaild en nog geen antwoord. Het gaat om Historische Kring Oud-Mechelen vzw, ik ben de secretaris.\n\nKoen',
    }),
  );
  expect(told.kind).toBe('recovery_request');
  expect(told.fields.organisation).not.toBeNull();
  // Stop 24: a nudge that says the writer still cannot get in asks for access again, signed body or not.
  const lockedOut = analyse(
    inbound({
      subject: 'Re: reset tweestapsverificatie',
      text: 'Hallo,\n\nIk had vrijdag gemaild over mijn tweestapsverificatie. Is daar al nieuws over? Ik kan nog steeds niet inloggen.\n\nGroeten,\nKoen Maes\nHistorische Kring Oud-Mechelen vzw',
    }),
  );
  expect(lockedOut.kind).toBe('recovery_request');
  expect(lockedOut.missing).toEqual(['explanation']);
});

test('loop 11: regional words for the phone ("natel", "cellulaire", "my cell", "telefoontje", "Mobiltelefon") name the device in what happened', () => {
  const cases = [
    ["Mon natel est tombé dans le lac samedi et il ne s'allume plus. Pouvez-vous désactiver la double authentification ?\n\nJean-Daniel Pittet", 'fr'],
    ["Mon cellulaire a été volé dans le métro, je n'ai plus accès à l'application d'authentification.\n\nSophie Tremblay", 'fr'],
    ['Mijn telefoontje is in de gracht gevallen en nu kan ik niet meer inloggen met de authenticator.\n\nMark de Vries', 'nl'],
    ['My cell got stolen at the station and the authenticator app was on it. Could you reset my 2FA?\n\nKatie Moore', 'en'],
  ];
  for (const [text] of cases) {
    const a = analyse(inbound({ subject: 'help', text }));
    expect(a.kind, text).toBe('recovery_request');
    expect(a.fields.explanation, text).not.toBeNull();
  }
  // Control: a natel that is fine says nothing happened.
  expect(
    analyse(inbound({ subject: 'question', text: "J'ai un nouveau natel la semaine prochaine : dois-je transférer l'application d'abord ?\n\nJean" })).fields
      .explanation,
  ).toBeNull();
});

test('loop 11: the worker (reading only mail it acts on) also reads the nudge that brings a detail outside our thread', () => {
  const a = analyse(
    inbound({
      subject: 'Re: GSM perdu - plus accès à Bpart',
      text: "Toujours pas de réponse ! C'est pour le Cercle d'Échecs de Wavre, je suis le trésorier.\n\nMarc",
    }),
    { onlyActedOn: true },
  );
  expect(a.kind).toBe('recovery_request');
  // Control: the bare nudge stays other for the worker too.
  expect(analyse(inbound({ subject: 'Re: GSM perdu - plus accès à Bpart', text: 'Toujours pas de réponse !\n\nMarc' }), { onlyActedOn: true }).kind).toBe(
    'other',
  );
});

test('under our ticket, a thanks that says the writer is back in (with a modal, "again") settles the request', () => {
  const settled = (text: string) =>
    analyse(inbound({ subject: 'Re: [REC-2027-000777] Your request', text, from: [{ address: 'tom.baert@example.be', name: 'Tom Baert' }] })).kind;
  expect(settled('Thanks, I can log in again with the new phone. All sorted now!\n\nTom')).toBe('other');
  expect(settled('Merci, je peux de nouveau me connecter avec mon nouveau téléphone.\n\nTom')).toBe('other');
  expect(settled('Bedankt, alles is terug in orde met de nieuwe gsm.\n\nTom')).toBe('other');
  // Control: a detail brought under our ticket without saying it is over is the request.
  expect(settled('Here is what happened: my phone was stolen on the tram.\n\nTom')).toBe('recovery_request');
});

// A forwarded mail's subject is its author's words, whatever prefix the writer's client put before it:
// the forward is known by the quoted header line that carries the same subject.
test.each([
  ['I: ', 'Subject'],
  ['PD: ', 'Temat'],
  ['VB: ', 'Ämne'],
  ['İLT: ', 'Konu'],
  ['Fwd: ', 'Oggetto'],
])('"%s" with a quoted "%s:" line: the forwarded subject asks for nothing of the writer', (prefix, label) => {
  const subject = 'Lost my phone, please reset my 2FA';
  const text = [
    'Hello, I received the mail below. Is it really from you?',
    '',
    'Alice Martin',
    'Good Example SRL',
    '',
    '-------- Messaggio inoltrato --------',
    'Da: Eve <eve@evil.example>',
    'Data: lun 7 dic 2026 09:00',
    `${label}: ${subject}`,
    'A: Alice Martin <alice@good.example>',
    '',
    'Hi Alice, see the subject.',
  ].join('\n');
  const forwarded = analyse(inbound({ from: [{ address: 'alice@good.example', name: 'Alice Martin' }], subject: `${prefix}${subject}`, text }));
  expect(forwarded.kind).toBe('other');
  // control: the same mail under the writer's own subject (no quoted line carries it) is their request
  const own = analyse(
    inbound({ from: [{ address: 'alice@good.example', name: 'Alice Martin' }], subject: 'Lost my phone yesterday, please reset my 2FA', text }),
  );
  expect(own.kind).toBe('recovery_request');
});

test('a reply to our own request for details under an unlisted prefix, quoting its header block, stays the request it answers', () => {
  const text = [
    'Alice Martin, Good Example SRL. My phone fell in the canal.',
    '',
    'Da: Support bPart <support@bpart.be>',
    'Inviato: lunedì 7 dicembre 2026 09:00',
    'Oggetto: [REC-2026-000123] We need a few details',
    '',
    'Please tell us your full name, your organisation and what happened.',
  ].join('\n');
  const a = analyse(inbound({ from: [{ address: 'alice@good.example', name: 'Alice Martin' }], subject: 'R: [REC-2026-000123] We need a few details', text }));
  expect(a.kind).toBe('recovery_request');
  expect(a.fields.explanation).not.toBeNull();
});

test('an answer quoting nothing to a mail that is not ours: its subject is the stranger’s, the signature no detail', () => {
  const answer = (over: Partial<Parameters<typeof inbound>[0]> = {}) =>
    inbound({
      subject: 'Re: Lost my phone, please reset my 2FA',
      inReplyTo: '<phish@evil.example>',
      references: ['<phish@evil.example>'],
      text: 'Who are you? I did not ask for this.\n\nMarie Dubois\nLes Amis ASBL',
      ...over,
    });
  expect(analyse(answer(), { ourThread: false }).kind).toBe('other');
  expect(analyse(answer({ subject: 'Auto: Lost my phone, please reset my 2FA' }), { ourThread: false }).kind).toBe('other');
  // Controls: a reply to our own mail, and the reading without our key (inspect, the evaluation), as before.
  expect(analyse(answer(), { ourThread: true }).kind).toBe('recovery_request');
  expect(analyse(answer()).kind).toBe('recovery_request');
  // The writer's own words saying what happened still make the request.
  const own = answer({ text: 'I lost my phone with my authenticator app, please reset my 2FA.\n\nMarie Dubois\nLes Amis ASBL' });
  expect(analyse(own, { ourThread: false }).kind).toBe('recovery_request');
});

test('under a stranger’s quote a nudge brings no request: only the writer’s own account of what happened does', () => {
  const reply = (own: string, quotedFrom: string) =>
    inbound({
      subject: 'Re: Your 2FA reset request',
      inReplyTo: '<phish@evil.example>',
      text: `${own}\n\nMarie Dubois\nLes Amis ASBL\n\nOn Mon, 7 Dec 2026 at 09:00, X <${quotedFrom}> wrote:\n> Your 2FA reset request was received.`,
    });
  expect(analyse(reply('Any news? I never asked you for a reset.', 'eve@evil.example'), { ourThread: false }).kind).toBe('other');
  // Controls: the same nudge under the writer's own earlier mail, and a stranger's quote under the writer's own account.
  // (Loop 27a: the nudge brings its body in a sentence; the signature's line alone only signs it.)
  expect(
    analyse(reply('Any news? I submitted my request on Friday for Les Amis ASBL, where I am the secretary.', 'marie.dubois@lesamis.be'), { ourThread: false })
      .kind,
  ).toBe('recovery_request');
  expect(analyse(reply('I lost my phone with my authenticator app, please reset my 2FA.', 'eve@evil.example'), { ourThread: false }).kind).toBe(
    'recovery_request',
  );
});

test('loop 25a: a nudge under a reply subject whose only body is the From display name brings no detail', () => {
  const from = [{ address: 'campingdelinde@gmail.com', name: 'Camping De Linde' }];
  const nudge = 'Hebben jullie mijn aanvraag al bekeken? Ik kan nog altijd niet inloggen.\n\nPiet';
  expect(analyse(inbound({ from, subject: 'Re: tweestapsverificatie', text: nudge })).kind).toBe('other');
  // Control: the body named in the text is a detail the nudge brings (loop 14's rule).
  const withBody = 'Hebben jullie mijn aanvraag al bekeken? Ik kan nog altijd niet inloggen. Het gaat om het account van Camping De Linde vzw.\n\nPiet';
  expect(analyse(inbound({ from, subject: 'Re: tweestapsverificatie', text: withBody })).kind).toBe('recovery_request');
});

test('loop 28a: who passes on a colleague’s mail, telling the lock-out and asking us to act, makes the request (its reason missing)', () => {
  const forward = (own: string) =>
    analyse(
      inbound({
        from: [{ address: 'onthaal@sportkring.example', name: 'Els Wouters' }],
        subject: 'Doorst: telefoon gestolen - bPart',
        text: [
          own,
          '',
          'Els Wouters',
          'Onthaal Sportkring Noord vzw',
          '',
          '________________________________',
          'Van: Tom Claes <tom.claes@sportkring.example>',
          'Verzonden: maandag 9 maart 2026 08:10',
          'Aan: Els Wouters <onthaal@sportkring.example>',
          'Onderwerp: telefoon gestolen - bPart',
          '',
          'Els, mijn telefoon is gestolen op de markt. Wil jij het aan bPart vragen?',
          'Tom',
        ].join('\n'),
      }),
    );
  const asked = forward('Dag,\n\nHieronder de mail van onze trainer. Hij geraakt er niet meer in. Zouden jullie hem kunnen helpen?\n\nGroeten,');
  expect(asked.kind).toBe('recovery_request');
  expect(asked.missing).toContain('explanation');
  // Control: passed on for information, nobody shut out nor anything asked of us: the forwarded subject asks nothing of the writer.
  expect(forward('Dag,\n\nTer info de mail hieronder, die ik gisteren kreeg.\n\nGroeten,').kind).toBe('other');
});
