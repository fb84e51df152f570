// The console's escaping (src/web/html.ts): markup is text, and Unicode format characters (bidi
// overrides, zero-width characters …) are shown as their code point, never obeyed (stop 23, third pass).
import { describe, expect, test } from 'vitest';
import { escapeHtml, html, toText } from '../../src/web/html.ts';

describe('escapeHtml', () => {
  test('markup characters are escaped', () => {
    expect(escapeHtml(`<a href="x">'&'</a>\``)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;&#96;');
  });

  test('bidi controls, isolates, zero-width characters, the soft hyphen, the BOM and tag characters are shown as code points', () => {
    expect(escapeHtml('a\u202Eb\u2066c\u2069d\u200Be\u200Df\u00ADg\uFEFFh\u{E0041}i\u061Cj')).toBe(
      'a[U+202E]b[U+2066]c[U+2069]d[U+200B]e[U+200D]f[U+00AD]g[U+FEFF]h[U+E0041]i[U+061C]j',
    );
  });

  test('control: letters of any script, accents and emoji are kept as written', () => {
    const text = 'Zoë Ḿartin Ελένη Иван محمد 李 🙂';
    expect(escapeHtml(text)).toBe(text);
    expect(toText(html`<b>${text}</b>`)).toBe(`<b>${text}</b>`);
  });
});

describe('escapeHtml: default-ignorable characters outside Cf (stop 23, fourth pass)', () => {
  test('the combining grapheme joiner, Hangul fillers, variation selectors and their kin are shown as code points', () => {
    expect(escapeHtml('A\u034Fl\u115Fi\u1160c\u3164e\uFFA0 \uFE00M\u{E0100}a\u180Br\u17B4t')).toBe(
      'A[U+034F]l[U+115F]i[U+1160]c[U+3164]e[U+FFA0] [U+FE00]M[U+E0100]a[U+180B]r[U+17B4]t',
    );
  });
});
