// Who a message is from, read strictly (SPEC §5). Identity is the single From mailbox; matching
// is exact: ASCII A-Z lower-cased and nothing else folded (no Unicode case folding, no NFC/NFKC:
// toLowerCase() maps the Kelvin sign U+212A to "k"), the domain in ASCII (UTS-46), no +tag or
// dot stripping and no look-alike folding. Anything ambiguous is refused with a reason.
// node:url is used only for its pure UTS-46 functions (domainToASCII / domainToUnicode).
import { domainToASCII, domainToUnicode } from 'node:url';
import type { InboundMessage, Mailbox } from './message.ts';

export type IdentityFailure = 'no_from' | 'multiple_from_headers' | 'multiple_from_mailboxes' | 'non_ascii_domain' | 'invalid_address' | 'parser_mismatch';

export type IdentityFlag = 'reply_to_differs' | 'sender_differs' | 'display_name_contains_address' | 'non_ascii' | 'mixed_script' | 'bidi' | 'zero_width';

export type IdentityResult =
  { ok: true; address: string; domain: string; flags: IdentityFlag[] } | { ok: false; reason: IdentityFailure; flags: IdentityFlag[]; address: string | null };

export type NormalisedAddress = { ok: true; address: string; local: string; domain: string } | { ok: false; reason: 'non_ascii_domain' | 'invalid_address' };

export interface NormaliseOptions {
  /**
   * Accounts typed in by people may use a Unicode domain: convert it (UTS-46) instead of refusing
   * it, when it is written as its own U-label (`bücher.example`). One that UTS-46 would fold into
   * another spelling first (fullwidth `ｇood`, circled `ⓖood`, a soft hyphen, `。`) is refused: a
   * directory that folds alike returned Eve's account so spelled beside the holder's (stop 25).
   */
  allowUnicodeDomain?: boolean;
}

const FLAG_ORDER: readonly IdentityFlag[] = [
  'reply_to_differs',
  'sender_differs',
  'display_name_contains_address',
  'non_ascii',
  'mixed_script',
  'bidi',
  'zero_width',
];

const NON_ASCII = /[^\x00-\x7f]/u;
const ATOM = /^[a-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\u{10ffff}]+$/u;
// Controls, format characters (soft hyphen, zero-width, bidi controls) and spaces never belong
// in a local part we would store or match.
const FORBIDDEN_IN_LOCAL = /[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}]/u;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const BIDI = /\p{Bidi_Control}/u;
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const INVISIBLE_ALL = /\p{Default_Ignorable_Code_Point}/gu;
const ADDRESS_IN_TEXT = /[^\s<>()[\]",;:@]+@[^\s<>()[\]",;:@]+\.[^\s<>()[\]",;:@]+/gu;

/** Lower-cases ASCII A-Z only: every other character, composed or not, stays as it was. */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

export function normaliseAddress(input: string, opts: NormaliseOptions = {}): NormalisedAddress {
  const invalid = { ok: false, reason: 'invalid_address' } as const;
  const at = input.lastIndexOf('@');
  if (at <= 0 || at === input.length - 1) return invalid;
  const local = lowerAscii(input.slice(0, at));
  const rawDomain = input.slice(at + 1);
  if (NON_ASCII.test(rawDomain) && !opts.allowUnicodeDomain) return { ok: false, reason: 'non_ascii_domain' };
  // Only dot-atom local parts: a quoted local part ("a@b"@c) is refused, not interpreted.
  const localOk = local.split('.').every((part) => ATOM.test(part)) && !FORBIDDEN_IN_LOCAL.test(local) && utf8Length(local) <= 64;
  const domain = toAsciiDomain(rawDomain);
  if (!localOk || domain === null) return invalid;
  if (NON_ASCII.test(rawDomain) && domainToUnicode(domain) !== lowerAscii(rawDomain.trim())) return invalid;
  const address = `${local}@${domain}`;
  if (utf8Length(address) > 254) return invalid;
  return { ok: true, address, local, domain };
}

/**
 * Whether two addresses are one mailbox as SPEC §5 matches them: ASCII letters lower-cased,
 * the domain in ASCII (an account's may be typed in Unicode), nothing else folded. A directory's
 * own comparison (lower() in PostgreSQL, a MySQL _ci collation) may fold more: a Kelvin sign or
 * an accent.
 */
export function sameMailbox(a: string, b: string): boolean {
  const [x, y] = [a, b].map((address) => normaliseAddress(address.trim(), { allowUnicodeDomain: true }));
  return Boolean(x?.ok && y?.ok && x.address === y.address);
}

/**
 * Whether `other` is another spelling of `asked` that a directory folding more than ASCII would
 * take for it (Unicode lower-casing, compatibility forms, accents: PostgreSQL's lower(), JavaScript's
 * toLowerCase(), a _ci collation), while SPEC §5 matching does not: `\u212Aarl@…` for `karl@…`,
 * `kärl@…`, `alice@ｇood.example`. Such an account in a directory's answer is someone else's that
 * its comparison confused with the asked one: it is left out before "several accounts" is decided,
 * so Eve's account so spelled cannot make the holder's own request match nothing (stop 25). Any other
 * mailbox in the answer still makes the answer one not to trust.
 */
export function foldedSpelling(other: string, asked: string): boolean {
  const loose = (address: string) =>
    address
      .trim()
      .normalize('NFKD')
      .replace(/[\p{M}\p{Default_Ignorable_Code_Point}]/gu, '')
      .toLowerCase()
      .normalize('NFKC');
  return !sameMailbox(other, asked) && loose(other) === loose(asked);
}

/** A host name in lower-case ASCII (UTS-46), or null when it is not a usable mail domain. */
export function toAsciiDomain(raw: string): string | null {
  const ascii = domainToASCII(raw.trim());
  const labels = ascii.split('.');
  if (!ascii || ascii.length > 253 || labels.length < 2 || /^[0-9]+$/.test(labels.at(-1) ?? '')) return null;
  for (const label of labels) {
    if (!LABEL.test(label)) return null;
    // domainToASCII lets malformed A-labels through: a real one decodes and encodes back to itself.
    if (label.startsWith('xn--')) {
      const unicode = domainToUnicode(label);
      if (unicode === label || domainToASCII(unicode) !== label) return null;
    }
  }
  return ascii;
}

export function checkIdentity(msg: InboundMessage, authFrom: { address: string }[] | null): IdentityResult {
  const first: Mailbox | null = msg.from[0] ?? null;
  const flags = identityFlags(msg, first, authFrom ?? []);
  const fail = (reason: IdentityFailure, address: string | null): IdentityResult => ({ ok: false, reason, flags, address });
  const seen = first ? lowerAscii(first.address.trim()) : null;

  if (msg.fromHeaderCount > 1) return fail('multiple_from_headers', null);
  if (msg.fromHeaderCount === 0 || !first || !first.address) return fail('no_from', null);
  if (msg.from.length > 1) return fail('multiple_from_mailboxes', null);
  if (authFrom) {
    const readings = new Set([...msg.from, ...authFrom].map((m) => comparable(m.address)));
    if (authFrom.length !== msg.from.length || readings.size !== 1) return fail('parser_mismatch', seen);
  }
  const fromHeader = msg.headers['from']?.[0];
  if (fromHeader !== undefined && malformedMailboxHeader(fromHeader)) return fail('invalid_address', seen);

  // mailparser shows an xn-- domain in Unicode; mailauth reads the bytes as they are, so its
  // reading tells a written A-label (kept) from raw UTF-8 in the header (refused).
  const written = authFrom?.[0]?.address ?? first.address;
  const normalised = normaliseAddress(written);
  if (!normalised.ok) return fail(normalised.reason, seen);
  return { ok: true, address: normalised.address, domain: normalised.domain, flags };
}

/**
 * True when a From value is not one plain mailbox: text after an angle-addr, or a bare addr-spec
 * with something after it (`alice@good.example(x)evil.example` reads as alice@good.example to
 * some parsers and as another domain to others).
 */
export function malformedMailboxHeader(value: string): boolean {
  const text = stripComments(value).trim();
  if (text.includes('<')) {
    const close = text.lastIndexOf('>');
    return close < 0 || text.slice(close + 1).trim() !== '';
  }
  return text === '' || /\s/.test(text);
}

/** Removes RFC 5322 comments (nested, with quoted-pairs), leaving quoted strings alone. */
export function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (ch === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += ch + (value[i + 1] ?? '');
      i++;
    } else if (depth === 0 && ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === '(') {
      if (depth++ === 0) out += ' ';
    } else if (!quoted && ch === ')' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

/**
 * Flags are read on the From header as received: every From line (encoded-words decoded, nothing
 * else), each reading of its mailboxes (ours and mailauth's, from the bytes) and their display
 * names. Nothing here is normalised first: a Kelvin sign is non-ASCII, whatever it folds to.
 */
function identityFlags(msg: InboundMessage, first: Mailbox | null, authFrom: { address: string }[]): IdentityFlag[] {
  const flags = new Set<IdentityFlag>();
  const from = first ? comparable(first.address) : null;
  for (const line of msg.headers['from'] ?? []) characterFlags(line, flags);
  for (const { address } of [...msg.from, ...authFrom]) {
    const at = address.lastIndexOf('@');
    const domain = address.slice(at + 1);
    // an xn-- domain is checked the way a reader would see it
    const shown = NON_ASCII.test(domain) ? domain : domainToUnicode(domain) || domain;
    for (const text of [address.slice(0, Math.max(at, 0)), shown]) characterFlags(text, flags);
  }
  for (const mailbox of msg.from) {
    characterFlags(mailbox.name ?? '', flags);
    if (mailbox.name && addressesIn(mailbox.name).some((found) => found !== from)) {
      flags.add('display_name_contains_address');
    }
  }
  if (msg.replyTo.some((mailbox) => comparable(mailbox.address) !== from)) flags.add('reply_to_differs');
  if (msg.sender && comparable(msg.sender.address) !== from) flags.add('sender_differs');
  return FLAG_ORDER.filter((flag) => flags.has(flag));
}

function characterFlags(text: string, flags: Set<IdentityFlag>): void {
  // fullwidth forms are non-ASCII; the soft hyphen is a default-ignorable (invisible) character.
  // ASCII text raises none of the flags below: no bidi control or default-ignorable is ASCII,
  // and every ASCII letter is Latin.
  if (!NON_ASCII.test(text)) return;
  flags.add('non_ascii');
  if (BIDI.test(text)) flags.add('bidi');
  if (INVISIBLE.test(text)) flags.add('zero_width');
  if (text.split(/[\s\p{P}\p{S}\p{N}]+/u).some(mixesScripts)) flags.add('mixed_script');
}

// Scripts that legitimately share one word: Japanese and Korean mix Han with their own scripts.
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Mongolian',
  'Ethiopic',
  'Cherokee',
  'Canadian_Aboriginal',
  'Coptic',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
].map((name) => ({ name, test: new RegExp(`\\p{Script=${name}}`, 'u') }));
const COMPATIBLE = [new Set(['Han', 'Hiragana', 'Katakana']), new Set(['Han', 'Hangul']), new Set(['Han', 'Bopomofo'])];

function mixesScripts(word: string): boolean {
  const found = new Set<string>();
  for (const ch of word) {
    if (!/\p{L}/u.test(ch)) continue;
    found.add(SCRIPTS.find((script) => script.test.test(ch))?.name ?? 'Other');
  }
  if (found.size < 2) return false;
  return !COMPATIBLE.some((group) => [...found].every((script) => group.has(script)));
}

/** Address-like strings in a display name, as they would look (fullwidth @ and dots folded). */
function addressesIn(name: string): string[] {
  const text = name.normalize('NFKC').replace(INVISIBLE_ALL, '');
  return [...text.matchAll(ADDRESS_IN_TEXT)].map((match) => comparable(match[0].replace(/\.+$/, '')));
}

/**
 * One spelling per address for comparing readings (mailparser's and mailauth's, From and
 * Reply-To/Sender): ASCII lower-cased, the domain as an A-label only when that A-label reads back
 * as the very same name. UTS-46 would also fold a Kelvin sign or fullwidth letters in the domain;
 * such a domain is compared as written, so it never equals the ASCII one.
 */
function comparable(address: string): string {
  const value = lowerAscii(address.trim());
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const domain = value.slice(at + 1);
  const ascii = NON_ASCII.test(domain) ? domainToASCII(domain) : domain;
  const same = ascii !== '' && (ascii === domain || domainToUnicode(ascii) === domain);
  return `${value.slice(0, at)}@${same ? ascii : domain}`;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
