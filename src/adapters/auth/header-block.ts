// The top-level header fields of a raw message, read the way the most lenient parser would.
// DKIM verifies the bottom-most instance of each header it signs; mailparser (and so the
// product) reads the top-most. To know whether what was read is what was signed, every spelling
// that any parser might take for a header must be counted: a name with whitespace or control
// characters before the colon (obs-syntax, "Subject\v:", "Subject\xA0:"), the colon pushed onto
// a folded line, bare LF, bare CR or CR-only line ends. Counting one line too many can only
// turn a pass into a fail; missing one is what lets an attacker add a header nobody signed.

export interface HeaderField {
  /** Lower-case ASCII name, stripped of anything but printable ASCII at either end. */
  name: string;
  /** The unfolded value after the first colon. */
  value: string;
}

/** The headers the product reads (SPEC §5). RFC 5322 §3.6 / RFC 2045 allow each of them once. */
export const READ_HEADERS = [
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
] as const;

const ONCE_ONLY: ReadonlySet<string> = new Set(READ_HEADERS);

/**
 * Read headers whose absence is a reading too: without Content-Type the whole body is one
 * text/plain part, every part of a multipart mail (an attached file included) the writer's
 * text. A signature that did not cover one leaves it removable, so when it is absent the
 * signature must list it in h= (signing its absence). Content-Transfer-Encoding is not here:
 * without it a part is read as 7bit, which adds no text.
 */
export const READ_WHEN_ABSENT = ['content-type'] as const;

/**
 * Content-Transfer-Encoding's absence is a reading too, for a top-level part that is not a
 * container (stop 27, third pass): without it the body is read as 7bit, as written, so a
 * quoted-printable body whose header Eve removed reads each soft line break as a line end and each
 * escape as it stands. The holder's client wrote Eve's quoted mail as one "> " line, broken every
 * 76 characters; read as written, every line after the first lost its quote mark, and a
 * `<blockquote` tag broken so was no tag at all: her words read as the holder's. Only a body that
 * reads differently decoded has to sign the header's absence (mail without the header is mostly
 * 7bit text that does not): a soft line break, or an escape of anything but an ASCII letter or
 * digit (a line end, a blank, a quote mark, markup, a byte of a non-ASCII character). A multipart
 * body's own Content-Transfer-Encoding is not read (its parts carry theirs, signed with the body).
 */
export const READ_WHEN_ABSENT_FROM_ENCODED_BODY = ['content-transfer-encoding'] as const;

const SOFT_BREAK = /=[ \t]*\r?\n/;
const ESCAPE = /=([0-9A-Fa-f]{2})/g;

/** Whether reading the body as quoted-printable would change it beyond letters and digits. */
export function readsDifferentlyAsQuotedPrintable(body: string): boolean {
  if (SOFT_BREAK.test(body)) return true;
  for (const [, hex] of body.matchAll(ESCAPE)) {
    const byte = Number.parseInt(hex!, 16);
    const alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
    if (!alphanumeric) return true;
  }
  return false;
}

/**
 * The READ_WHEN_ABSENT_FROM_ENCODED_BODY names this message lacks whose absence changes what is
 * read: a top-level part that is not multipart or message (no Content-Type is text/plain), its body
 * reading differently as quoted-printable.
 */
export function encodedBodyAbsences(raw: Buffer, fields: readonly HeaderField[], counts: ReadonlyMap<string, number>): string[] {
  const missing = READ_WHEN_ABSENT_FROM_ENCODED_BODY.filter((name) => (counts.get(name) ?? 0) === 0);
  if (missing.length === 0) return [];
  if (/^\s*(multipart|message)\//i.test(firstValue(fields, 'content-type') ?? '')) return [];
  const body = raw.subarray(headerBlockWithEnd(raw).length).toString('latin1');
  return readsDifferentlyAsQuotedPrintable(body) ? missing : [];
}

/**
 * The header block as mailsplit and mailauth delimit it: up to the first line that is empty or
 * a lone CR before its LF. A message without any LF is read as CR-only (the product's parser
 * turns each CR into CRLF first).
 */
function headerText(raw: Buffer): string {
  if (!raw.includes(0x0a)) {
    const text = raw.toString('latin1');
    const end = text.search(/(^|\r)\r/);
    // CR-only mail: the product's parser turns each CR into CRLF first, so does this.
    return (end < 0 ? text : text.slice(0, end)).replace(/\r/g, '\r\n');
  }
  // Only the header block is decoded: the first empty line ends it, however far down it is.
  const ends = [raw.indexOf('\n\n'), raw.indexOf('\n\r\n')].filter((i) => i >= 0);
  const starts = raw[0] === 0x0a || (raw[0] === 0x0d && raw[1] === 0x0a);
  return starts ? '' : raw.subarray(0, ends.length ? Math.min(...ends) : raw.length).toString('latin1');
}

/**
 * The header block with the empty line that ends it, as mailauth's parser cuts it (its first LF
 * followed by an empty line, whatever ends each line; an empty first line ends an empty block):
 * mailauth reads these bytes as the same header fields, with an empty body. The whole message
 * when no empty line ends the block.
 */
export function headerBlockWithEnd(raw: Buffer): Buffer {
  if (raw[0] === 0x0a) return raw.subarray(0, 1);
  if (raw[0] === 0x0d && raw[1] === 0x0a) return raw.subarray(0, 2);
  const lf = raw.indexOf('\n\n');
  const crlf = raw.indexOf('\n\r\n');
  const ends = [lf < 0 ? -1 : lf + 2, crlf < 0 ? -1 : crlf + 3].filter((end) => end >= 0);
  return ends.length > 0 ? raw.subarray(0, Math.min(...ends)) : raw;
}

/** Strips every byte that is not printable ASCII from both ends, then lower-cases ASCII. */
function fieldName(text: string): string {
  return text.replace(/^[^\x21-\x7e]+|[^\x21-\x7e]+$/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Every header field of the top-level block, top to bottom, with lines ending at LF as mailsplit
 * reads them, or (`bareCr`) also at a bare CR as some other readers do.
 */
export function readHeaderBlock(raw: Buffer, bareCr = false): HeaderField[] {
  const lines = headerText(raw).split(bareCr ? /\r\n|\n|\r/ : /\r?\n/);
  const logical: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const last = logical.length - 1;
    if ((line[0] === ' ' || line[0] === '\t') && last >= 0) logical[last] += `\n${line}`;
    else logical.push(line);
  }
  const fields: HeaderField[] = [];
  for (const entry of logical) {
    const colon = entry.indexOf(':');
    if (colon < 0) continue;
    const name = fieldName(entry.slice(0, colon));
    if (name)
      fields.push({
        name,
        value: entry
          .slice(colon + 1)
          .replace(/\n(?=[ \t])/g, '')
          .trim(),
      });
  }
  return fields;
}

/**
 * How often each name occurs in whichever reading of the lines finds it more often. `fields`:
 * readHeaderBlock(raw), when the caller has already read it.
 */
export function headerCounts(raw: Buffer, fields: readonly HeaderField[] = readHeaderBlock(raw)): Map<string, number> {
  const counts = countFields(fields);
  for (const [name, n] of countFields(readHeaderBlock(raw, true))) counts.set(name, Math.max(n, counts.get(name) ?? 0));
  return counts;
}

/** How often each name occurs. */
export function countFields(fields: readonly HeaderField[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { name } of fields) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** Headers allowed once that occur more than once, in READ_HEADERS order. */
export function duplicateHeaders(counts: ReadonlyMap<string, number>): string[] {
  return READ_HEADERS.filter((name) => ONCE_ONLY.has(name) && (counts.get(name) ?? 0) > 1);
}

/**
 * Read headers that occur more often than a signature covers them. `signedKeys` are the field
 * names of the header instances the signature covered (mailauth's signingHeaders.keys), so an
 * over-signed name (listed in h= more often than it occurs) simply covers every instance.
 */
export function unsignedHeaders(counts: ReadonlyMap<string, number>, signedKeys: readonly string[]): string[] {
  return uncoveredAmong(counts, signedKeys, READ_HEADERS);
}

/** Of `names`, those that occur more often than the signature's keys (h= as mailauth found it) cover them. */
export function uncoveredAmong(counts: ReadonlyMap<string, number>, signedKeys: readonly string[], names: readonly string[]): string[] {
  const signed = countFields(signedKeys.map((key) => ({ name: fieldName(key), value: '' })));
  return names.filter((name) => (counts.get(name) ?? 0) > (signed.get(name) ?? 0));
}

/**
 * A top-level Content-Disposition that changes what is read (SPEC §5 "what was signed is what is
 * read"): `attachment`, or any parameter (a file name makes a part a file, lean-parser.ts), turns
 * the whole body into an attached file, nothing of it the writer's text. A bare `inline` (mutt
 * writes one at the top of every plain message, and few signers list the header in h=) reads as
 * its absence does.
 */
export const READ_WHEN_NOT_BARE_INLINE = ['content-disposition'] as const;

/** Whether a Content-Disposition value reads as no disposition at all. */
export function bareInline(value: string): boolean {
  return /^\s*inline\s*;?\s*$/i.test(value);
}

/** The value of the only (or first) instance of a header, or null. */
export function firstValue(fields: readonly HeaderField[], name: string): string | null {
  return fields.find((f) => f.name === name)?.value ?? null;
}
