// Work on the top-level header block as bytes, before mailparser sees it:
// mailparser reads raw 8-bit header bytes as UTF-8, so a windows-1252 "é" in a
// Subject or display name would come out as U+FFFD. We re-encode such lines to
// UTF-8 first, and count From lines on the bytes (mailparser keeps only one).

import { isAscii } from 'node:buffer';
import { decodeUnlabelled, headerCharsetCandidates, isValidUtf8 } from './encoded-words.ts';

/** Offset of the blank line that ends the top-level header block (or the length). */
export function headerBlockEnd(raw: Buffer): number {
  const candidates = [raw.indexOf('\r\n\r\n'), raw.indexOf('\n\n'), raw.indexOf('\r\r')].filter((i) => i >= 0);
  return candidates.length > 0 ? Math.min(...candidates) : raw.length;
}

function headerLines(raw: Buffer): string[] {
  return raw
    .subarray(0, headerBlockEnd(raw))
    .toString('latin1')
    .split(/\r\n|\n|\r/);
}

/** Number of From header lines (a leading mbox "From " separator has no colon and is not one). */
export function countFromLines(raw: Buffer): number {
  return headerLines(raw).filter((line) => /^from[ \t]*:/i.test(line)).length;
}

/**
 * Returns the message with every non-UTF-8 header line re-encoded from
 * windows-1252 to UTF-8. The body is left byte for byte as it was: its parts
 * declare their own charsets.
 */
export function repairHeaderBytes(raw: Buffer): Buffer {
  const end = headerBlockEnd(raw);
  const head = raw.subarray(0, end);
  if (isAscii(head) || isValidUtf8(head)) return raw;
  const declared = [
    ...raw
      .subarray(0, 256 * 1024)
      .toString('latin1')
      .matchAll(/charset\s*=\s*"?([\w.:-]+)/gi),
  ].map((m) => m[1]!);
  const candidates = headerCharsetCandidates(declared);
  const parts: Buffer[] = [];
  let start = 0;
  while (start < head.length) {
    let nl = head.indexOf(0x0a, start);
    nl = nl < 0 ? head.length : nl + 1;
    const line = head.subarray(start, nl);
    parts.push(isValidUtf8(line) ? line : Buffer.from(decodeUnlabelled(line, candidates), 'utf8'));
    start = nl;
  }
  parts.push(raw.subarray(end));
  return Buffer.concat(parts);
}

/** A header line as mailparser hands it over (latin1 view of the bytes) → unfolded UTF-8 value. */
export function unfoldValue(line: string): string {
  const colon = line.indexOf(':');
  const value = colon >= 0 ? line.slice(colon + 1) : '';
  return Buffer.from(value, 'latin1')
    .toString('utf8')
    .replace(/\r?\n(?=[ \t])/g, '')
    .replace(/[\r\n]/g, '')
    .trim();
}
