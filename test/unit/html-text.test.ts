import { expect, test } from 'vitest';
import { htmlToReadableText } from '../../src/adapters/mail/html-text.ts';

test('a blockquote stays quoted when the converter fails on the quoted mail’s own markup', () => {
  // html-to-text throws on this list; the last-resort reading must still mark the quote.
  const html = (inner: string) =>
    `<div>What is this?<br>Alice</div><blockquote type="cite">${inner}<div>I lost my phone.<br>Eve</div></blockquote><div>Below.</div>`;
  for (const inner of ['<ol type="i" start="1000000000"><li>x</li></ol>', '']) {
    const lines = htmlToReadableText(html(inner)).split('\n');
    expect(lines.filter((l) => /lost|Eve/.test(l)).every((l) => l.startsWith('>'))).toBe(true);
    expect(lines).toContain('What is this?');
    expect(lines).toContain('Below.');
  }
});
