// The shape limits read the bytes without making a string of the message; they must say what
// the regular expressions on its latin1 text said (the reference below, as it was).
import { describe, expect, test } from 'vitest';
import { shapeViolation, type ShapeLimits } from '../../src/core/limits.ts';

function reference(raw: Buffer, limits: ShapeLimits): string | null {
  if (raw.length === 0) return 'empty';
  if (raw.length > limits.maxMessageBytes) return 'too_large';
  const head = raw.subarray(0, Math.min(raw.length, 4 * 1024 * 1024)).toString('latin1');
  const match = /\r?\n\r?\n|\r\r/.exec(head);
  if ((match ? match.index : head.length) > limits.maxHeaderBytes) return 'headers_too_large';
  const text = raw.toString('latin1');
  let parts = 0;
  const contentType = /^content-type:/gim;
  while (contentType.exec(text)) {
    parts += 1;
    if (parts > limits.maxMimeParts) return 'too_many_parts';
  }
  return null;
}

/** Deterministic pseudo-random bytes. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const PIECES = [
  '\r',
  '\n',
  '\r\n',
  '\r\n\r\n',
  '\n\n',
  '\r\r',
  'Content-Type:',
  'content-TYPE:',
  'CONTENT-TYPE',
  ' Content-Type:',
  'Content-Typ',
  'x',
  'Subject: hi',
  '\xe9',
  '\xff',
  '\u0000',
  'K',
  'ontent-type:',
];

describe('shape limits on the bytes', () => {
  test('header block length and Content-Type lines are read as the regular expressions read them', () => {
    const random = prng(20261207);
    for (let n = 0; n < 4000; n++) {
      const pieces = Array.from({ length: 1 + Math.floor(random() * 40) }, () => PIECES[Math.floor(random() * PIECES.length)]!);
      const raw = Buffer.from(pieces.join(''), 'latin1');
      for (const limits of [
        { maxMessageBytes: 10_000, maxHeaderBytes: Math.floor(random() * 60), maxMimeParts: Math.floor(random() * 4) },
        { maxMessageBytes: 10_000, maxHeaderBytes: 10_000, maxMimeParts: Math.floor(random() * 6) },
      ]) {
        expect(shapeViolation(raw, limits), JSON.stringify(raw.toString('latin1'))).toBe(reference(raw, limits));
        // the same bytes as a plain Uint8Array inside a larger buffer
        const outer = Buffer.concat([Buffer.from('\nContent-Type:'), raw, Buffer.from('Content-Type:')]);
        const view = new Uint8Array(outer.buffer, outer.byteOffset + 14, raw.length);
        expect(shapeViolation(view, limits)).toBe(reference(raw, limits));
      }
    }
  });

  test('a header block past 4 MiB is cut there, as before', () => {
    const raw = Buffer.concat([Buffer.from('X-Long: '), Buffer.alloc(5 * 1024 * 1024, 'a'), Buffer.from('\r\n\r\nbody')]);
    for (const maxHeaderBytes of [4 * 1024 * 1024 - 1, 4 * 1024 * 1024]) {
      const limits = { maxMessageBytes: 6 * 1024 * 1024, maxHeaderBytes, maxMimeParts: 10 };
      expect(shapeViolation(raw, limits)).toBe(reference(raw, limits));
    }
  });
});
