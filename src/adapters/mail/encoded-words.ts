// RFC 2047 encoded-words and raw 8-bit header bytes, decoded to text with the
// platform's TextDecoder (WHATWG labels: windows-125x, iso-8859-x, gbk, big5,
// shift_jis, koi8-r...). Written here rather than borrowed from mailparser's
// transitive libmime so the headers map does not depend on its internals.

import { TextDecoder } from 'node:util';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

/** True when the bytes are valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes that claim no charset: UTF-8 when they are valid UTF-8, else
 * windows-1252 (a superset of latin1 in practice, and what old Western
 * clients actually send when they put raw 8-bit bytes in a header).
 */
export function decodeUnlabelled(bytes: Uint8Array): string {
  return isValidUtf8(bytes) ? utf8Strict.decode(bytes) : cp1252.decode(bytes);
}

function decoderFor(charset: string): TextDecoder | null {
  // RFC 2231 allows a language suffix: =?utf-8*fr?Q?...?=
  const label = charset.split('*')[0]!.trim().toLowerCase();
  try {
    return new TextDecoder(label === 'latin1' ? 'windows-1252' : label);
  } catch {
    return null;
  }
}

function decodeBytes(charset: string, bytes: Uint8Array): string {
  const decoder = decoderFor(charset);
  // Unknown labels (utf-7, x-unknown, typos) still produce readable text for
  // the common case of ASCII/UTF-8/latin1 content.
  return decoder ? decoder.decode(bytes) : decodeUnlabelled(bytes);
}

function qBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '_') out.push(0x20);
    else if (ch === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) out.push(b);
    }
  }
  return Uint8Array.from(out);
}

function wordBytes(encoding: string, text: string): Uint8Array {
  return encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qBytes(text);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * Decodes every encoded-word in a header value. Adjacent words of one charset
 * are joined before decoding, because clients split multi-byte characters
 * across words; whitespace between encoded words is dropped (RFC 2047 §6.2).
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let last = 0;
  let pending: { charset: string; chunks: Uint8Array[] } | null = null;
  const flush = () => {
    if (pending) out += decodeBytes(pending.charset, Buffer.concat(pending.chunks));
    pending = null;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [whole, charset, encoding, text] = match as unknown as [string, string, string, string];
    const gap = value.slice(last, match.index);
    const adjacent = pending !== null && /^\s*$/.test(gap);
    if (!adjacent) {
      flush();
      out += gap;
    }
    const bytes = wordBytes(encoding, text);
    const p = pending as { charset: string; chunks: Uint8Array[] } | null;
    if (p && p.charset.toLowerCase() === charset.toLowerCase()) p.chunks.push(bytes);
    else {
      flush();
      pending = { charset, chunks: [bytes] };
    }
    last = match.index + whole.length;
  }
  flush();
  return out + value.slice(last);
}
