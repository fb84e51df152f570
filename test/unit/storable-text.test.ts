// What PostgreSQL cannot store (a NUL, a lone surrogate) becomes U+FFFD before any statement sees
// it (src/core/storable-text.ts; stop 23, fourth pass).
import { describe, expect, test } from 'vitest';
import { storableJson, storableText } from '../../src/core/storable-text.ts';

describe('storableText', () => {
  test('a NUL and lone surrogates (high, low, at either end) become U+FFFD', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('\uD800x\uDC00')).toBe('\uFFFDx\uFFFD');
    expect(storableText('x\uDBFF')).toBe('x\uFFFD');
    expect(storableText('\uDFFFx')).toBe('\uFFFDx');
  });

  test('control: pairs, emoji and every other character are kept, the same string given back', () => {
    const text = 'Zoë 🙂 𝒜 \u0001 \uFFFD ok';
    expect(storableText(text)).toBe(text);
  });
});

describe('storableJson', () => {
  test('every string value and key is storable; dates and numbers as JSON.stringify writes them', () => {
    const at = new Date('2026-12-07T10:00:00Z');
    const json = storableJson([{ name: 'Ali\u0000ce', ['k\uD800']: ['\uDC00'], at, n: 1, none: null }]);
    expect(json).not.toMatch(/\\u0000|\\ud[89a-f]/i);
    expect(JSON.parse(json)).toEqual([{ name: 'Ali\uFFFDce', ['k\uFFFD']: ['\uFFFD'], at: at.toISOString(), n: 1, none: null }]);
  });

  test('control: ordinary rows are written exactly as JSON.stringify writes them', () => {
    const rows = [{ a: 'x"y\\z', b: [1, 'two'], c: { d: '🙂' } }];
    expect(storableJson(rows)).toBe(JSON.stringify(rows));
  });
});
