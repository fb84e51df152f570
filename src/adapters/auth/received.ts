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

/**
 * The hop our MX received the message from, when the topmost Received header was written by
 * one of `trustedBy` (host names of our MX, lower-case); null otherwise.
 */
export function hopFromReceived(raw: Buffer, trustedBy: readonly string[]): TrustedHop | null {
  if (trustedBy.length === 0) return null;
  const lines = headerBlock(raw);
  const at = indexOf(lines, 'received');
  const received = valueAt(lines, at);
  if (!received) return null;
  const by = /\bby\s+([^\s;()]+)/i.exec(received)?.[1]?.toLowerCase().replace(/\.$/, '');
  if (!by || !trustedBy.includes(by)) return null;
  const fromPart = /^from\s+(.*?)\s+by\s/i.exec(received)?.[1] ?? '';
  const ip = /\[(?:ipv6:)?([0-9a-f:.]+)\]/i.exec(fromPart)?.[1];
  if (!ip) return null;
  const helo = /^([^\s()]+)/.exec(fromPart)?.[1];
  // The envelope sender is the Return-Path written at delivery, above our MX's Received; one
  // below it was written by the sender (or whoever relayed it) and says nothing about the envelope.
  const rp = indexOf(lines, 'return-path');
  const returnPath = rp >= 0 && rp < at ? valueAt(lines, rp) : null;
  const mailFrom = returnPath ? (/<([^>]*)>/.exec(returnPath)?.[1] ?? returnPath) : undefined;
  return { ip, ...(helo ? { helo } : {}), ...(mailFrom ? { mailFrom } : {}) };
}
