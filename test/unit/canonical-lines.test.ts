// The body lines the relaxed DKIM canonicalisation reads differently from mailsplit are handed to
// the parser as the canonicalisation reads them (src/adapters/mail/canonical-lines.ts).
import { expect, test } from 'vitest';
import { canonicalStructureLines } from '../../src/adapters/mail/canonical-lines.ts';
import { parseMessage } from '../../src/adapters/mail/parse.ts';

const canon = (text: string) => canonicalStructureLines(Buffer.from(text, 'latin1')).toString('latin1');

test('delimiter-like lines lose their trailing whitespace, whitespace-only lines become empty, in the body only', () => {
  // (the text line before the line of whitespace ends a paragraph: see the format=flowed test below)
  expect(canon('Subject: x\r\n \r\n\tfolded\r\n\r\n--b1 \t \r\ntext  \r\n  \t\r\n--b1--   ')).toBe(
    'Subject: x\r\n \r\n\tfolded\r\n\r\n--b1\r\ntext\r\n\r\n--b1--',
  );
  // a boundary holding a space (Lotus Notes): each run of whitespace is one space
  expect(canon('A: b\r\n\r\n--=_mixed \t 0040  \r\n--=_mixed 0040--\r\n')).toBe('A: b\r\n\r\n--=_mixed 0040\r\n--=_mixed 0040--\r\n');
  // LF endings, and a header block ending in LF then CR LF
  expect(canon('A: b\n\n--x  \n \n')).toBe('A: b\n\n--x\n\n');
  expect(canon('A: b\n\r\n--x  \r\n')).toBe('A: b\n\r\n--x\r\n');
});

test('nothing else changes, and an unchanged message is the same Buffer', () => {
  // "-- " separates a signature; text keeps its spaces; a CR before the line end is content
  for (const text of ['A: b\r\n\r\nHi\r\n-- \r\nAlice  \r\n', 'A: b\r\n\r\n--b1 \r\r\n', 'A: b\r\n\r\n - x \r\n', 'A: b\r\n']) {
    const raw = Buffer.from(text, 'latin1');
    expect(canonicalStructureLines(raw)).toBe(raw);
  }
});

test('the parser reads a padded delimiter and a line of spaces as the signature hashed them', async () => {
  const mail = (pad: string, gap: string) =>
    Buffer.from(
      [
        'From: a@example.com',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        gap,
        'Mine.',
        `--b1${pad}`,
        'Content-Type: text/plain; name="f.txt"',
        'Content-Disposition: attachment; filename="f.txt"',
        '',
        'Not mine.',
        '--b1--',
        '',
      ].join('\r\n'),
    );
  const genuine = await parseMessage(mail('', ''));
  expect(genuine.text.trim()).toBe('Mine.');
  for (const [pad, gap] of [
    [' '.repeat(1200), ''],
    ['', '  '],
  ] as const) {
    const read = await parseMessage(mail(pad, gap));
    expect(read.text).toBe(genuine.text);
    expect(read.attachments.map((a) => a.filename)).toEqual(['f.txt']);
  }
});

test('format=flowed: a space added before an empty line does not join the next paragraph to the writer’s text', async () => {
  // RFC 3676: an empty line ends a paragraph. mailparser's decoder joined "Alice " across it, so the
  // forward marker below became part of the writer's last line and was no longer seen.
  expect(canon('A: b\r\n\r\nAlice \t\r\n\r\nnext\r\n-- \r\n\r\nsig  \n\nend')).toBe('A: b\r\n\r\nAlice\r\n\r\nnext\r\n-- \r\n\r\nsig\n\nend');
  const flowed = (own: string) =>
    Buffer.from(
      [
        'From: a@example.com',
        'Content-Type: text/plain; charset=utf-8; format=flowed',
        '',
        'Is this from you? ',
        own,
        '',
        '-------- Forwarded Message --------',
        'From: Eve <eve@evil.example>',
        '',
        'Text.',
      ].join('\r\n'),
    );
  expect((await parseMessage(flowed('Alice '))).text).toContain('Alice\n\n-------- Forwarded Message --------');
  expect((await parseMessage(flowed('Alice '))).text).not.toContain('Alice -------- Forwarded');
  // a soft break between two lines of one paragraph still joins them
  expect((await parseMessage(flowed('Alice'))).text).toContain('Is this from you? Alice');
});
