// Raw RFC 5322 bytes → InboundMessage. The only place mailparser is used.
// It must never throw anything but a MailParseError with a stable code, so the
// worker can quarantine the message with that code as its reason.

import { leanParse, type LeanMail } from './lean-parser.ts';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { lowerAscii } from '../../core/address-identity.ts';
import { QUOTED } from '../../core/strip-quotes.ts';
import type { AttachmentInfo, InboundMessage, Mailbox } from '../../core/message.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { decodeEncodedWords } from './encoded-words.ts';
import { htmlToReadableText } from './html-text.ts';
import { readImageLines } from './image-lines.ts';
import { countFromLines, repairHeaderBytes, unfoldValue } from './raw-headers.ts';
import { canonicalStructureLines } from './canonical-lines.ts';
import { storableText } from '../../core/storable-text.ts';

export type MailParseErrorCode = Extract<ErrorCode, `parse.${string}`>;

export class MailParseError extends Error {
  readonly code: MailParseErrorCode;
  constructor(code: MailParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailParseError';
    this.code = code;
  }
}

/** Defensive ceiling; the ingest step applies its own, lower, limit before this. */
export const MAX_RAW_BYTES = 40 * 1024 * 1024;

const PARSER_OPTIONS = {
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  // We convert HTML ourselves (html-text.ts): no wrapping, no link targets.
  skipHtmlToText: true,
  // An embedded message (message/rfc822, even with an inline disposition) is someone else's
  // mail, forwarded: listed as an attachment, its text never read as the writer's own (SPEC §4).
  ignoreEmbedded: true,
  // A delivery report (message/delivery-status) is a machine's, or whoever wrote the "bounce":
  // mailparser reads it as message text by default, so a fake report Eve sent the holder, passed
  // on in their signed forward, was the holder's own words. Listed as an attachment (bounceSigns
  // reads it there), never the writer's text (SPEC §4).
  keepDeliveryStatus: true,
  // An attachment's name, type and size are all we read (lean-parser.ts counts the size): no MD5 of its content.
  checksumAlgo: false as const,
};

// Addresses keep every character as written; only ASCII A-Z are lower-cased (SPEC §5: a
// Unicode toLowerCase() would turn a Kelvin sign into "k" before identity is checked).
function toMailboxes(value: string): Mailbox[] {
  const out: Mailbox[] = [];
  for (const entry of addressparser(value, { flatten: true })) {
    let address = lowerAscii(decodeEncodedWords(entry.address ?? '').trim());
    let name: string | null = decodeEncodedWords(entry.name ?? '').trim() || null;
    // "From: MAILER-DAEMON" has no angle brackets: the lone token is the address.
    if (!address && name && !/\s/.test(name)) {
      address = lowerAscii(name);
      name = null;
    }
    if (address) out.push({ address, name });
  }
  return out;
}

function readHeaders(parsed: LeanMail): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines ?? []) {
    const name = key.toLowerCase();
    (headers[name] ??= []).push(unfoldValue(line));
  }
  return headers;
}

function decodedHeaders(raw: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(raw)) out[name] = values.map(decodeEncodedWords);
  return out;
}

function returnPathOf(values: string[] | undefined): string | null {
  const first = values?.[0];
  if (first === undefined) return null;
  const bracketed = /<([^>]*)>/.exec(first);
  return lowerAscii((bracketed ? bracketed[1]! : first).trim());
}

function dateOf(values: string[] | undefined): string | null {
  const first = values?.[0];
  if (!first) return null;
  const date = new Date(first.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function mimeType(values: string[] | undefined): string {
  const type = values?.[0]?.split(';')[0]?.trim().toLowerCase();
  return type && type.includes('/') ? type : 'text/plain';
}

function references(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

function attachmentsOf(parsed: LeanMail): AttachmentInfo[] {
  return (parsed.attachments ?? []).map((a) => ({
    filename: a.filename ?? null,
    contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
    size: a.size,
  }));
}

/**
 * Line ends as the quoting client saw them. A bare CR inside a decoded line (quoted-printable
 * `=0D`, or `&#13;` in the `<pre>` of Eve's HTML) was no line end to the holder's client, which
 * prefixed the whole line with "> " once; the rest of the code splits on it, and what followed it
 * lost its quote mark and read as the holder's own words. Each piece after a bare CR keeps the quote
 * marks of the line it stood on.
 */
function quoteAwareLineEnds(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      if (!line.includes('\r')) return line;
      const [first = '', ...rest] = line.split('\r');
      const prefix = QUOTED.exec(first)?.[0] ?? '';
      return [first, ...rest.map((piece) => prefix + piece)].join('\n');
    })
    .join('\n');
}

function bodyText(parsed: LeanMail): { text: string; htmlOnly: boolean } {
  const plain = quoteAwareLineEnds(parsed.text ?? '');
  if (plain.trim() || typeof parsed.html !== 'string' || !parsed.html.trim()) {
    // An image shown in the plain part as "[Logo Studio Noord]" is read as what it shows (image-lines.ts).
    return { text: readImageLines(plain), htmlOnly: false };
  }
  return { text: readImageLines(quoteAwareLineEnds(htmlToReadableText(parsed.html))), htmlOnly: true };
}

/**
 * Our own decoding first (raw 8-bit bytes by the message's declared charsets,
 * UTF-7, 8-bit bytes inside encoded-words: encoded-words.ts); mailparser's when
 * ours left an encoded-word it could not read (one broken by whitespace).
 */
function subjectOf(ours: string | undefined, theirs: string | undefined): string {
  const value = ours !== undefined && !/=\?[^?\s]+\?[BbQq]\?/.test(ours) ? ours : (theirs ?? ours ?? '');
  return value.trim();
}

function build(parsed: LeanMail, raw: Buffer): InboundMessage {
  const rawHeaders = readHeaders(parsed);
  const headers = decodedHeaders(rawHeaders);
  // Address headers go through addressparser before encoded-words are decoded,
  // so a comma or "<" inside an encoded display name cannot split a mailbox.
  const mailboxes = (name: string) => (rawHeaders[name] ?? []).flatMap(toMailboxes);
  const { text, htmlOnly } = bodyText(parsed);
  return {
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: references(parsed.references),
    // The writer's text as PostgreSQL can store it (a NUL, a lone surrogate: U+FFFD), wherever it goes next.
    subject: nullableStorable(subjectOf(headers.subject?.[0], parsed.subject)),
    from: mailboxes('from'),
    fromHeaderCount: countFromLines(raw),
    replyTo: mailboxes('reply-to'),
    sender: mailboxes('sender')[0] ?? null,
    returnPath: returnPathOf(rawHeaders['return-path']),
    headers,
    contentType: mimeType(headers['content-type']),
    text: storableText(text),
    htmlOnly,
    attachments: attachmentsOf(parsed),
    date: dateOf(headers.date),
  };
}

function nullableStorable<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? storableText(value) : value) as T;
}

/** A message with CR-only line endings (old Mac clients) reads as one line to mailparser. */
function withLineFeeds(raw: Buffer): Buffer {
  if (raw.includes(0x0a) || !raw.includes(0x0d)) return raw;
  return Buffer.from(raw.toString('latin1').replace(/\r/g, '\r\n'), 'latin1');
}

export async function parseMessage(raw: Buffer): Promise<InboundMessage> {
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    throw new MailParseError('parse.empty', 'the message has no bytes');
  }
  if (raw.length > MAX_RAW_BYTES) {
    throw new MailParseError('parse.too_large', `the message is ${raw.length} bytes, over ${MAX_RAW_BYTES}`);
  }
  try {
    // The MIME structure is read as the relaxed DKIM canonicalisation reads it (canonical-lines.ts).
    const repaired = canonicalStructureLines(repairHeaderBytes(withLineFeeds(raw)));
    const parsed = await leanParse(repaired, PARSER_OPTIONS);
    return build(parsed, raw);
  } catch (cause) {
    throw new MailParseError('parse.unparseable', 'the message could not be parsed as MIME', { cause });
  }
}
