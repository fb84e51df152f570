// The one hop whose SPF we may check: the client that handed the message to our own MX, as
// written by that MX in the topmost Received header. Every other Received header may be forged.
import type { TrustedHop } from './sender-auth.ts';

function headerBlock(raw: Buffer): string[] {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

function indexOf(lines: string[], name: string): number {
  return lines.findIndex((l) => new RegExp(`^${name}[ \\t]*:`, 'i').test(l));
}

function valueAt(lines: string[], index: number): string | null {
  const line = index >= 0 ? lines[index] : undefined;
  return line === undefined ? null : line.slice(line.indexOf(':') + 1).trim();
}

// The shape our MX writes (RFC 5321 §4.4: `from` Extended-Domain, then `by`): the client's HELO
// (a host name or an address literal, nothing else), then one comment of the MX's own holding the
// client's IP in brackets: `(rdns [ip])` (Postfix, Sendmail; `unknown` without reverse DNS), or
// `([ip] helo=name)` (Exim), an optional `:port`; then `by`. The HELO is the client's word, not the
// MX's: Eve may say `EHLO [<the holder's server>]` (a valid address literal) or, where the MX joins
// a HELO's words (Postfix), write a comment and a `by` clause of her own in front of the MX's. So
// the IP is read only from that comment, the header may hold no other bracket than the HELO's
// literal, and a from clause of any other shape names no hop (Exim without reverse DNS writes the
// IP where the HELO stands and the client's HELO in the comment: no hop either). SPF is then not
// used for that message; a signature still authenticates it.
const HOST = String.raw`[A-Za-z0-9_][A-Za-z0-9_.-]*`;
const HELO = String.raw`(?:${HOST}|\[(?:IPv6:)?[0-9A-Fa-f:.]+\])`;
const FROM_CLAUSE = new RegExp(
  String.raw`^from\s+(${HELO})\s*\(\s*(?:${HOST}\s+)?\[(?:IPv6:)?([0-9A-Fa-f:.]+)\](?::\d+)?(?:\s+helo=${HELO})?\s*\)\s+by\s+([^\s;()]+)(?:[\s;(]|$)`,
  'i',
);

/**
 * The hop our MX received the message from, when the topmost Received header was written by
 * one of `trustedBy` (host names of our MX, lower-case) in the shape above; null otherwise.
 */
export function hopFromReceived(raw: Buffer, trustedBy: readonly string[]): TrustedHop | null {
  if (trustedBy.length === 0) return null;
  const lines = headerBlock(raw);
  const at = indexOf(lines, 'received');
  const received = valueAt(lines, at);
  if (!received) return null;
  const clause = FROM_CLAUSE.exec(received);
  if (!clause) return null;
  const [, heloToken = '', ip = '', byHost = ''] = clause;
  if ((received.match(/\[/g) ?? []).length !== (heloToken.startsWith('[') ? 2 : 1)) return null;
  const by = byHost.toLowerCase().replace(/\.$/, '');
  if (!trustedBy.includes(by)) return null;
  // An address literal names no domain whose SPF could be checked for the HELO identity.
  const helo = heloToken.startsWith('[') ? undefined : heloToken;
  // The envelope sender is the Return-Path written at delivery, above our MX's Received; one
  // below it was written by the sender (or whoever relayed it) and says nothing about the envelope.
  const rp = indexOf(lines, 'return-path');
  const returnPath = rp >= 0 && rp < at ? valueAt(lines, rp) : null;
  const mailFrom = returnPath === null ? undefined : envelopeSender(returnPath);
  if (mailFrom === null) return null;
  return { ip, ...(helo ? { helo } : {}), ...(mailFrom ? { mailFrom } : {}) };
}

/**
 * The address of a Return-Path (`<local@domain>`, `<>`), or null when it is not a plain one. The
 * delivery agent copies MAIL FROM as the client sent it: a quoted local part holding `>` or `@`
 * (`<"alice@holder.example>"@eve.example>`, Eve's own verified domain at a sending service the
 * holder's SPF lists) would otherwise be read up to its first `>` as the holder's domain.
 */
function envelopeSender(value: string): string | null {
  const address = /^<([^<>"\\\s()\[\],;:]*)>$/.exec(value)?.[1] ?? (/^[^<>"\\\s()\[\],;:]+$/.test(value) ? value : null);
  if (address === null || address === '') return address;
  return (address.match(/@/g) ?? []).length === 1 ? address : null;
}
