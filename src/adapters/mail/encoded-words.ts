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
export function decodeUnlabelled(bytes: Uint8Array, candidates: string[] = []): string {
  if (isValidUtf8(bytes)) return utf8Strict.decode(bytes);
  // The charsets the message declares for its parts are the best evidence of
  // what the writer's client used for the raw bytes in its headers too.
  for (const label of candidates) {
    let text: string;
    try {
      text = new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      continue; // not this one (or an unknown label): try the next
    }
    // A multi-byte charset decodes almost any byte pair without error: believe
    // it only when it yields a run of its own script, not one stray ideograph.
    if (
      MULTIBYTE.has(label) &&
      (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/gu) ?? []).length < 2
    )
      continue;
    return text;
  }
  return cp1252.decode(bytes);
}

const MULTIBYTE = new Set(['shift_jis', 'euc-jp', 'gbk', 'gb18030', 'big5', 'euc-kr']);

// A declared charset and the legacy ones its clients really wrote in headers:
// Japanese mail declares iso-2022-jp but puts Shift_JIS bytes in a Subject.
const FAMILY: Record<string, string[]> = {
  'iso-2022-jp': ['shift_jis', 'euc-jp'],
  shift_jis: ['shift_jis', 'euc-jp'],
  'euc-jp': ['euc-jp', 'shift_jis'],
  gb2312: ['gbk', 'gb18030'],
  gbk: ['gbk', 'gb18030'],
  gb18030: ['gb18030'],
  big5: ['big5'],
  'euc-kr': ['euc-kr'],
  'ks_c_5601-1987': ['euc-kr'],
  'koi8-r': ['koi8-r'],
  'koi8-u': ['koi8-u'],
  'windows-1251': ['windows-1251'],
};

/** Decoders to try for raw 8-bit header bytes, from the charsets a message declares. */
export function headerCharsetCandidates(declared: string[]): string[] {
  const out: string[] = [];
  for (const raw of declared) {
    const label = raw.toLowerCase();
    if (/^(utf-?8|us-ascii|ascii|utf-7)$/.test(label)) continue;
    for (const c of FAMILY[label] ?? [label === 'latin1' || label === 'iso-8859-1' ? 'windows-1252' : label]) if (!out.includes(c)) out.push(c);
  }
  // Single-byte charsets never fail to decode: they go last, after the multi-byte ones had their chance.
  return [...out.filter((c) => MULTIBYTE.has(c)), ...out.filter((c) => !MULTIBYTE.has(c))];
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

/**
 * UTF-7 (RFC 2152), which Outlook 2000 and Netscape used in encoded-words and
 * which TextDecoder does not know: "Fr+APY-sche" → "Frösche".
 */
export function decodeUtf7(text: string): string {
  return text.replace(/\+([A-Za-z0-9+/]*)-?/g, (whole, b64: string) => {
    if (b64 === '') return whole === '+-' ? '+' : whole;
    const bytes = Buffer.from(b64, 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return out;
  });
}

function isUtf7(charset: string): boolean {
  return /^(utf-7|unicode-1-1-utf-7|x-unicode-2-0-utf-7)$/i.test(charset.split('*')[0]!.trim());
}

function decodeBytes(charset: string, bytes: Uint8Array): string {
  if (isUtf7(charset)) return decodeUtf7(Buffer.from(bytes).toString('latin1'));
  const decoder = decoderFor(charset);
  // Unknown labels (utf-7, x-unknown, typos) still produce readable text for
  // the common case of ASCII/UTF-8/latin1 content.
  return decoder ? decoder.decode(bytes) : decodeUnlabelled(bytes);
}

function qBytes(text: string, charset: string): Uint8Array {
  // A raw 8-bit character inside a Q word ("=?iso-8859-1?Q?Fr\xf6sche?=", sent
  // by old Eudora) was one byte of the declared charset, not UTF-8.
  const singleByte = !/^utf-?8/i.test(charset);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '_') out.push(0x20);
    else if (ch === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (singleByte && ch.charCodeAt(0) < 0x100) {
      out.push(ch.charCodeAt(0));
    } else {
      for (const b of Buffer.from(ch, 'utf8')) out.push(b);
    }
  }
  return Uint8Array.from(out);
}

function wordBytes(encoding: string, text: string, charset: string): Uint8Array {
  return encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qBytes(text, charset);
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
    const bytes = wordBytes(encoding, text, charset);
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
