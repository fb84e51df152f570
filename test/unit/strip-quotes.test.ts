import { expect, test } from 'vitest';
import { ownText } from '../../src/core/strip-quotes.ts';

test("lines quoted with > are not the writer's text", () => {
  const own = ownText('Merci, voici mon nom.\n\n> Nom complet : Jean Exemple\n> Organisation : ASBL Exemple\n');
  expect(own).toBe('Merci, voici mon nom.');
});

test('everything below "Le … a écrit :" is history', () => {
  const text = [
    "Je m'appelle Luc Martin.",
    '',
    'Le lun. 2 mars 2026 à 09:14, Support Bpart <support@bpart.be> a écrit :',
    'Bonjour, quel est votre nom ?',
  ].join('\n');
  expect(ownText(text)).toBe("Je m'appelle Luc Martin.");
});

test('a Gmail attribution wrapped over two lines still cuts the history', () => {
  const text =
    'Mijn gsm is gestolen.\n\nOp di 3 mrt 2026 om 14:05 schreef Koen Claes <\nkoen.claes@muziekschool-aalst.be>:\n\nIk ben secretaris van Muziekschool Aalst vzw.';
  expect(ownText(text)).toBe('Mijn gsm is gestolen.');
});

test('everything below "On … wrote:" is history', () => {
  expect(ownText('Thanks!\n\nOn Mon, Mar 2, 2026 at 9:14 AM Support <support@bpart.be> wrote:\n> What is your name?')).toBe('Thanks!');
});

test('"Op … schreef …:" starts Dutch history', () => {
  expect(ownText('Dank u.\n\nOp 2 mrt. 2026, om 09:14 heeft Support Bpart <support@bpart.be> het volgende geschreven:\n\nOud bericht')).toBe('Dank u.');
});

test('an Outlook "-----Original Message-----" block is history', () => {
  const text =
    'New text here.\n\n-----Original Message-----\nFrom: Olivia <o@example.com>\nSent: 01 March 2026 19:22\nSubject: x\n\nI run Bennett Consulting Ltd.';
  expect(ownText(text)).toBe('New text here.');
});

test('an Outlook header block without a separator line is history (fr and nl labels)', () => {
  const fr = 'Voici ma réponse.\n\nDe : Support Bpart <support@bpart.be>\nEnvoyé : lundi 2 mars 2026 09:14\nÀ : Marie Dubois\nObjet : 2FA\n\nAncien texte';
  expect(ownText(fr)).toBe('Voici ma réponse.');
  const nl =
    'Zie hieronder.\n________________________________\nVan: Support Bpart\nVerzonden: maandag 2 maart 2026 09:14\nAan: Jan\nOnderwerp: 2FA\n\nOude tekst';
  expect(ownText(nl)).toBe('Zie hieronder.');
});

test("a forwarded message is not the writer's text", () => {
  const text = 'See below.\n\n---------- Forwarded message ---------\nFrom: Tom Baker <tom@example.com>\nDate: Mon, 2 Mar 2026\n\nMy name is Tom Baker.';
  expect(ownText(text)).toBe('See below.');
  expect(ownText("Voir ci-dessous.\n\n-------- Message transféré --------\nSujet : x\n\nJe m'appelle Paul Durand.")).toBe('Voir ci-dessous.');
  expect(ownText('Zie onder.\n\nBegin doorgestuurd bericht:\n\nVan: Piet')).toBe('Zie onder.');
});

test('"sent from my phone" footers are dropped in all three languages', () => {
  expect(ownText('Mon GSM est cassé.\n\nEnvoyé de mon iPhone')).toBe('Mon GSM est cassé.');
  expect(ownText('Mijn gsm is kapot.\n\nVerstuurd vanaf mijn iPhone')).toBe('Mijn gsm is kapot.');
  expect(ownText('My phone broke.\n\nSent from my Galaxy')).toBe('My phone broke.');
  expect(ownText('Phone lost.\n\nGet Outlook for Android')).toBe('Phone lost.');
});

test('common legal disclaimers are dropped', () => {
  const text = [
    'Mijn telefoon is gestolen.',
    '',
    'Jan Peeters',
    '',
    'Dit bericht is vertrouwelijk en uitsluitend bestemd voor de geadresseerde. Indien u dit bericht',
    'onterecht ontvangt, wordt u verzocht de afzender te verwittigen.',
    '',
    'This e-mail and any attachments are confidential and intended solely for the addressee.',
  ].join('\n');
  expect(ownText(text)).toBe('Mijn telefoon is gestolen.\n\nJan Peeters');
});

test("a signature under a closing is kept: it is the writer's own statement", () => {
  const own = ownText("Mon téléphone a été volé.\n\nCordialement,\nMarie Dubois\nASBL Les Amis\n\n--\nPensez à l'environnement avant d'imprimer ce mail.");
  expect(own).toContain('Marie Dubois\nASBL Les Amis');
  expect(own).not.toContain('environnement');
});

test("a signature's last line is not glued to the attribution below it", () => {
  const own = ownText('Bien à vous,\nLuc\n\nLe lun. 2 mars 2026 à 09:14, Support Bpart <support@bpart.be> a écrit :\n> Bonjour');
  expect(own).toBe('Bien à vous,\nLuc');
});

test('text without history comes back unchanged apart from whitespace', () => {
  expect(ownText('  Hello,\r\n\r\n\r\n\r\nI lost my phone.  \r\n')).toBe('Hello,\n\nI lost my phone.');
});

test('a huge body is bounded: only its beginning is read', () => {
  // Hangs are caught by the test timeout; speed itself is measured in benchmarks.
  const own = ownText(`Mon téléphone est cassé.\n${'bla '.repeat(200_000)}`);
  expect(own.startsWith('Mon téléphone est cassé.')).toBe(true);
  expect(own.length).toBeLessThanOrEqual(20_000);
});

test('bottom-posting: text typed under a quoted message is the writer’s own, the quote is not', () => {
  const text = [
    'Le lun. 9 févr. 2026 à 10:02, Support <support@example.com> a écrit :',
    '> Pourriez-vous nous donner votre nom et votre organisation ?',
    '>',
    "> L'équipe support",
    '',
    'Bonjour, je suis Wout Mertens du Club de natation Les Dauphins. On m’a volé mon GSM.',
    '',
    'Wout Mertens',
  ].join('\n');
  const own = ownText(text);
  expect(own).toContain('Wout Mertens du Club de natation Les Dauphins');
  expect(own).not.toContain('Pourriez-vous');
  // Text above the quote is still the writer's only text.
  expect(ownText(`Bedankt!\n\n${text}`)).toBe('Bedankt!');
});

test("a forward of the writer's own earlier message counts as theirs; someone else's forward and a quoted reply do not", () => {
  const forward = (from: string, marker = '---------- Forwarded message ---------') =>
    [
      'Wrong address last time, sending it again here.',
      '',
      marker,
      `From: ${from}`,
      'Date: Mon, 2 Mar 2026 at 09:00',
      'Subject: 2FA',
      'To: sales@example.com',
      '',
      'My phone went into the harbour, so the authenticator is gone.',
    ].join('\n');
  expect(ownText(forward('Ann Lee <ann@lee.example>'), 'ann@lee.example')).toContain('went into the harbour');
  expect(ownText(forward('Bob Stone <bob@stone.example>'), 'ann@lee.example')).not.toContain('harbour');
  expect(ownText(forward('Ann Lee <ann@lee.example>'), null)).not.toContain('harbour');
  expect(ownText(forward('Ann Lee <ann@lee.example>', '-----Original Message-----'), 'ann@lee.example')).not.toContain('harbour');
});

test('lines quoted with “|”, “:” or “}” (mutt’s quote_regexp, Outlook’s chosen prefix) are not the writer’s', () => {
  const quoted = (prefix: string) =>
    `What is this?\n\n${prefix}-----Original Message-----\n${prefix}From: Eve <eve@evil.example>\n${prefix}\n${prefix}I lost my phone.`;
  for (const prefix of ['| ', ': ', '} ', '  | ']) expect(ownText(quoted(prefix))).toBe('What is this?');
  // Control: a colon or a bar inside the writer's own lines stays.
  expect(ownText('Alice Martin | Good Example SRL\nTel: 0470 12 34 56')).toBe('Alice Martin | Good Example SRL\nTel: 0470 12 34 56');
});

test('a framed line naming a mailbox or a moment opens someone else’s mail (mutt’s forward, GroupWise’s reply)', () => {
  expect(
    ownText('Is this you?\n\n----- Forwarded message from Alice, please reset my 2FA <eve@evil.example> -----\n\nDate: Mon, 7 Dec 2026\n\nI lost my phone.'),
  ).toBe('Is this you?');
  expect(ownText('What is this?\n\n>>> Eve <eve@evil.example> 12/7/2026 9:00 AM >>>\nI lost my phone.')).toBe('What is this?');
  // Control: a framed heading of the writer's own, with no address nor time, cuts nothing.
  expect(ownText('Hello,\n\n----- My situation -----\nI lost my phone.')).toContain('I lost my phone.');
});

test('an attribution wrapped over many lines (a long display name) is cut whole; a sentence of the writer’s ending in “wrote:” is not', () => {
  const wrapped = [
    'What is this?',
    '',
    'On Mon, 7 Dec 2026 at 09:00, Alice Martin, Good',
    'Example SRL: I lost my phone and my',
    'authenticator app, please reset my 2FA',
    '<eve@evil.example> wrote:',
    '> Hi',
  ];
  expect(ownText(wrapped.join('\n'))).toBe('What is this?');
  expect(ownText('I lost my phone. Here is what my colleague\nwrote:\n> Reset it please')).toBe('I lost my phone. Here is what my colleague\nwrote:');
});

test('an attribution naming an address in angle brackets is cut however long the display name (Yahoo’s one-line HTML attribution)', () => {
  const text = (name: string) =>
    `Lost my phone.\n\nOn Monday, December 7, 2026, 09:00 AM GMT+1, ${name} <eve@evil.example> wrote:\n\nBest regards,\nEve\nZebra Holdings`;
  expect(ownText(text('z'.repeat(400)))).toBe('Lost my phone.');
  expect(ownText(text('Eve'))).toBe('Lost my phone.');
});

test('loop 26a: answers typed between the quoted questions are the writer’s, with what follows the last quoted line', () => {
  const inline = [
    'Hi, see my replies in your mail.',
    '',
    'On Wed, 3 Mar 2027 at 10:00, Help Desk <help@desk.example> wrote:',
    '> Which association do you look after?',
    '',
    'The Riverside Rowing Club.',
    '',
    '> What happened to the device?',
    '> (lost, stolen, broken)',
    '',
    'It fell out of my jacket on the towpath last Friday.',
    '',
    '> Regards, the desk',
    '',
    'Thanks,',
    'Pat',
  ];
  const own = ownText(inline.join('\n'));
  expect(own).toContain('Hi, see my replies in your mail.');
  expect(own).toContain('The Riverside Rowing Club.');
  expect(own).toContain('It fell out of my jacket on the towpath last Friday.');
  expect(own).toContain('Pat');
  expect(own).not.toContain('Which association');
  expect(own).not.toContain('Regards, the desk');
});

test('loop 26a: a quoted line wrapped by the client (run on with no blank line) is no inline answer; a top-posted reply keeps its quote out', () => {
  const wrapped = [
    'Please see below.',
    '',
    'On Wed, 3 Mar 2027 at 10:00, Eve <eve@evil.example> wrote:',
    '> I lost my phone on the bus and my',
    'authenticator went with it, reset it please',
    '> Eve',
  ];
  expect(ownText(wrapped.join('\n'))).toBe('Please see below.');
  const topPosted = ['Any news on this?', '', 'On Wed, 3 Mar 2027 at 10:00, Eve <eve@evil.example> wrote:', '> I lost my phone.', '>', '> Eve'];
  expect(ownText(topPosted.join('\n'))).toBe('Any news on this?');
});
