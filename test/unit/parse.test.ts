import { expect, test } from 'vitest';
import { MailParseError, parseMessage } from '../../src/adapters/mail/parse.ts';

function eml(lines: string[], body = 'Hello'): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}\r\n`, 'utf8');
}

test('every mailbox of every From line is kept, and From lines are counted on the raw headers', async () => {
  const m = await parseMessage(eml(['From: Marie <Marie.Dubois@LesAmis.be>', 'From: a@example.com, "B, C" <b@example.com>', 'Subject: x']));
  expect(m.fromHeaderCount).toBe(2);
  expect(m.from).toEqual([
    { address: 'marie.dubois@lesamis.be', name: 'Marie' },
    { address: 'a@example.com', name: null },
    { address: 'b@example.com', name: 'B, C' },
  ]);
});

test('a leading mbox "From " separator is not a From header', async () => {
  const raw = Buffer.from('From MAILER-DAEMON Thu Mar  5 10:00:00 2026\nFrom: a@example.com\nSubject: x\n\nbody\n');
  expect((await parseMessage(raw)).fromHeaderCount).toBe(1);
});

test('a null return path is the empty string, a missing one is null', async () => {
  expect((await parseMessage(eml(['Return-Path: <>', 'From: a@example.com']))).returnPath).toBe('');
  expect((await parseMessage(eml(['Return-Path: <Bounce@Example.com>', 'From: a@example.com']))).returnPath).toBe('bounce@example.com');
  expect((await parseMessage(eml(['From: a@example.com']))).returnPath).toBeNull();
});

test('Reply-To and Sender are read separately from From', async () => {
  const m = await parseMessage(eml(['From: a@example.com', 'Reply-To: Evil <evil@example.net>', 'Sender: list@example.org']));
  expect(m.replyTo).toEqual([{ address: 'evil@example.net', name: 'Evil' }]);
  expect(m.sender).toEqual({ address: 'list@example.org', name: null });
});

test('headers are lower-cased, unfolded, decoded and keep every value', async () => {
  const m = await parseMessage(eml(['From: a@example.com', 'X-Note: one', 'X-Note: two\r\n  folded', 'Subject: =?UTF-8?B?UsOpaW5pdGlhbGlzYXRpb24=?= 2FA']));
  expect(m.headers['x-note']).toEqual(['one', 'two  folded']);
  expect(m.headers.subject).toEqual(['Réinitialisation 2FA']);
  expect(m.subject).toBe('Réinitialisation 2FA');
});

test('encoded display names are decoded after the address list is split', async () => {
  const m = await parseMessage(eml(['From: =?UTF-8?Q?Dubois=2C_Marie?= <marie@lesamis.be>']));
  expect(m.from).toEqual([{ address: 'marie@lesamis.be', name: 'Dubois, Marie' }]);
});

test('raw windows-1252 bytes in headers decode as text, not replacement characters', async () => {
  const head = Buffer.from('From: "H\xe9l\xe8ne G\xe9rard" <helene@example.be>\r\nSubject: Probl\xe8me d\'acc\xe8s\r\n\r\nBonjour\r\n', 'latin1');
  const m = await parseMessage(head);
  expect(m.from[0]).toEqual({ address: 'helene@example.be', name: 'Hélène Gérard' });
  expect(m.subject).toBe("Problème d'accès");
});

test('raw UTF-8 bytes in headers stay UTF-8', async () => {
  const m = await parseMessage(eml(['From: "Hélène" <h@example.be>', 'Subject: Réinitialisation']));
  expect(m.subject).toBe('Réinitialisation');
  expect(m.from[0]?.name).toBe('Hélène');
});

test('an HTML-only message becomes readable text without tags, scripts or styles', async () => {
  const html =
    '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body><p>Bonjour &amp; merci,</p><p>Mon t&eacute;l&eacute;phone <b>est cass&eacute;</b>.</p><img src="cid:1" alt="logo"></body></html>';
  const m = await parseMessage(eml(['From: a@example.com', 'Content-Type: text/html; charset=utf-8'], html));
  expect(m.htmlOnly).toBe(true);
  expect(m.text).toContain('Bonjour & merci,');
  expect(m.text).toContain('Mon téléphone est cassé.');
  expect(m.text).not.toMatch(/<|alert|color:red|logo/);
});

test('an HTML table signature keeps each cell on a line of its own, never run into the next cell', async () => {
  const html =
    '<p>Kind regards,</p><table><tr><td><b>Nora Lambrechts</b><br>Office Manager</td><td>Lambrechts &amp; Co BV<br>Markt 3, 3000 Leuven</td></tr><tr><td>016 22 33 44</td><td><a href="https://example.be">example.be</a></td></tr></table>';
  const m = await parseMessage(eml(['From: a@example.com', 'Content-Type: text/html; charset=utf-8'], html));
  const lines = m.text.split('\n').filter((l) => l.trim());
  expect(lines).toEqual(['Kind regards,', 'Nora Lambrechts', 'Office Manager', 'Lambrechts & Co BV', 'Markt 3, 3000 Leuven', '016 22 33 44', 'example.be']);
});

test('a text/plain part wins over its HTML alternative', async () => {
  const body = '--b\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>html words</p>\r\n--b--';
  const m = await parseMessage(eml(['From: a@example.com', 'Content-Type: multipart/alternative; boundary="b"'], body));
  expect(m.htmlOnly).toBe(false);
  expect(m.text.trim()).toBe('plain words');
  expect(m.contentType).toBe('multipart/alternative');
});

test('attachments are described by name, type and size only', async () => {
  const body =
    '--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/pdf; name="f.pdf"\r\nContent-Disposition: attachment; filename="f.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--';
  const m = await parseMessage(eml(['From: a@example.com', 'Content-Type: multipart/mixed; boundary="b"'], body));
  expect(m.attachments).toEqual([{ filename: 'f.pdf', contentType: 'application/pdf', size: 9 }]);
});

test('dates come out as ISO strings, and a broken date is null rather than now', async () => {
  expect((await parseMessage(eml(['From: a@example.com', 'Date: Tue, 3 Mar 2026 08:41:12 +0100']))).date).toBe('2026-03-03T07:41:12.000Z');
  expect((await parseMessage(eml(['From: a@example.com', 'Date: yesterday-ish']))).date).toBeNull();
});

test('a message with CR-only line endings still has its headers read', async () => {
  const m = await parseMessage(Buffer.from('From: a@example.com\rSubject: old mac\r\rbody\r'));
  expect(m.subject).toBe('old mac');
  expect(m.from[0]?.address).toBe('a@example.com');
});

test('an empty buffer is refused with a stable code', async () => {
  await expect(parseMessage(Buffer.alloc(0))).rejects.toMatchObject({ code: 'parse.empty' });
  await expect(parseMessage(Buffer.alloc(0))).rejects.toBeInstanceOf(MailParseError);
});

test('garbage bytes either parse or fail with a coded error, never anything else', async () => {
  const samples = [Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]), Buffer.from('\r\n\r\n\r\n'), Buffer.from('::::\n\n'), Buffer.alloc(4096, 0xff)];
  for (const raw of samples) {
    try {
      const m = await parseMessage(raw);
      expect(typeof m.text).toBe('string');
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as { code?: string }).code).toMatch(/^parse\./);
    }
  }
});

// Regressions from the shared corpus (README "Baseline": mailparser garbles these subjects).
test('raw Shift_JIS/GBK bytes in a Subject are read with the CJK charset the message declares (corpus zammad/mail046, mail093)', async () => {
  const gbk = Buffer.concat([
    Buffer.from('From: a@example.com\r\nSubject: '),
    Buffer.from('d7aab7a2a3bad5fbcce5cce1c9fd', 'hex'), // 转发：整体提升
    Buffer.from('\r\nContent-Type: text/plain; charset="gb2312"\r\n\r\nbody\r\n'),
  ]);
  expect((await parseMessage(gbk)).subject).toBe('转发：整体提升');
  const sjis = Buffer.concat([
    Buffer.from('From: a@example.com\r\nSubject: '),
    Buffer.from('8363815b838b', 'hex'), // ツール
    Buffer.from('\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\nbody\r\n'),
  ]);
  expect((await parseMessage(sjis)).subject).toBe('ツール');
});

test('raw latin1 bytes in a Subject with no CJK declaration stay windows-1252 (a stray byte pair is not Chinese)', async () => {
  const raw = Buffer.concat([
    Buffer.from('From: a@example.com\r\nSubject: R'),
    Buffer.from([0xe9]),
    Buffer.from('sum'),
    Buffer.from([0xe9]),
    Buffer.from('\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nx\r\n'),
  ]);
  expect((await parseMessage(raw)).subject).toBe('Résumé');
});

test('an 8-bit byte inside a Q encoded-word is a byte of its declared charset (corpus zbateson/m2004)', async () => {
  const raw = Buffer.concat([
    Buffer.from('From: a@example.com\r\nSubject: =?iso-8859-1?Q?Die_Hasen_und_die_Fr'),
    Buffer.from([0xf6]),
    Buffer.from('sche?=\r\n\r\nx\r\n'),
  ]);
  expect((await parseMessage(raw)).subject).toBe('Die Hasen und die Frösche');
});

test('UTF-7 encoded-words are decoded (corpus zbateson/m0006)', async () => {
  const m = await parseMessage(eml(['From: a@example.com', 'Subject: =?utf-7?Q?Die_Hasen_und_die_Fr+APY-sche?=']));
  expect(m.subject).toBe('Die Hasen und die Frösche');
});

test('an image alt that names something is a line of its own; file names, "logo" words and repeats are not', async () => {
  const html =
    '<p>Groeten,</p><table><tr><td><img src="https://x.be/l.png" alt="Buurthuis De Linde vzw"><img src="cid:2" alt="image002.png"><img src="cid:3" alt="Linde logo"><img src="cid:4" alt="Els Peeters"></td><td><b>Els Peeters</b><br>Coördinator</td></tr></table>';
  const m = await parseMessage(eml(['From: a@example.com', 'Content-Type: text/html; charset=utf-8'], html));
  const lines = m.text.split('\n').filter((l) => l.trim());
  expect(lines).toEqual(['Groeten,', 'Buurthuis De Linde vzw', 'Els Peeters', 'Coördinator']);
});

test('loop 28b: a plain-text image line ("[Logo X]", "[X logo]", "[cid:…]") is read as what it shows, or as nothing when the letterhead says it', async () => {
  const body = (lines: string[]) => eml(['From: a@example.com', 'Content-Type: text/plain; charset=utf-8'], lines.join('\r\n'));
  // The logo above the letterhead that spells it: the image adds nothing.
  const repeated = await parseMessage(body(['Groeten,', 'Ann Wouters', '[Logo Brouwerij Kroon]', 'Brouwerij Kroon BV', 'Markt 3, 9000 Gent']));
  expect(repeated.text).not.toContain('[Logo');
  expect(repeated.text).toContain('Brouwerij Kroon BV');
  // A logo that names the body alone: its words, without the brackets and the placeholder word.
  const alone = await parseMessage(body(['Best,', 'Ann Wouters', '[Harbour Rowing Club logo]', 'Quai 4, 4000 Liège']));
  expect(alone.text).toContain('\nHarbour Rowing Club\n');
  expect(alone.text).not.toContain('[');
  // A content id or a file name shows nothing.
  const cid = await parseMessage(body(['Best,', 'Ann Wouters', '[cid:image001.png@01DA2B3C.4D5E6F70]', '[image002.jpg]']));
  expect(cid.text).not.toContain('image0');
});

test('loop 28b: a bracketed line that is no image stays as written (a placeholder, a note, one in a quote)', async () => {
  const body = (lines: string[]) => eml(['From: a@example.com', 'Content-Type: text/plain; charset=utf-8'], lines.join('\r\n'));
  const kept = await parseMessage(body(['Hello,', '[No Cc Addresses]', 'The report follows.', '> [Quoted note here]']));
  expect(kept.text).toContain('[No Cc Addresses]');
  expect(kept.text).toContain('> [Quoted note here]');
  // A bracketed phrase inside a sentence is the writer's own.
  const inline = await parseMessage(body(['I read "[Logo Kroon]" on the page.', 'Ann Wouters']));
  expect(inline.text).toContain('[Logo Kroon]');
});
