// Shape limits checked on the raw bytes before any parser sees them (SPEC §6 rule 11).

export interface ShapeLimits {
  maxMessageBytes: number;
  maxHeaderBytes: number;
  maxMimeParts: number;
}

const LF = 0x0a;
const CR = 0x0d;
const HEADER_SCAN_BYTES = 4 * 1024 * 1024;

/**
 * Where the header block ends: the first blank line (`\r?\n\r?\n` or `\r\r`) within the first
 * 4 MiB, else those 4 MiB (or the whole message). Read on the bytes: no string of the message.
 */
function headerBlockLength(raw: Uint8Array): number {
  const end = Math.min(raw.length, HEADER_SCAN_BYTES);
  for (let i = 0; i < end; i++) {
    const byte = raw[i];
    if (byte !== LF && byte !== CR) continue;
    if (byte === CR && i + 1 < end && raw[i + 1] === CR) return i;
    // \r?\n\r?\n from here
    const j = byte === CR ? i + 1 : i;
    if (j >= end || raw[j] !== LF) continue;
    const k = j + 1 < end && raw[j + 1] === CR ? j + 2 : j + 1;
    if (k < end && raw[k] === LF) return i;
  }
  return end;
}

const CONTENT_TYPE = Array.from('content-type:', (c) => c.charCodeAt(0));

/** `content-type:` (ASCII letters in any case) at `at`. */
function contentTypeAt(raw: Uint8Array, at: number): boolean {
  if (at + CONTENT_TYPE.length > raw.length) return false;
  for (let n = 0; n < CONTENT_TYPE.length; n++) {
    const byte = raw[at + n]!;
    const want = CONTENT_TYPE[n]!;
    if (byte !== want && !(want >= 0x61 && want <= 0x7a && byte === want - 0x20)) return false;
  }
  return true;
}

/** A quarantine reason, or null when the message may be parsed. */
export function shapeViolation(raw: Uint8Array, limits: ShapeLimits): string | null {
  if (raw.length === 0) return 'empty';
  if (raw.length > limits.maxMessageBytes) return 'too_large';
  if (headerBlockLength(raw) > limits.maxHeaderBytes) return 'headers_too_large';
  // Content-Type fields at the start of a line (after CR or LF), counted on the bytes: a
  // latin1 string of the message here was a second copy of a 25 MB message in the main thread.
  // Line ends are found by indexOf (memchr), not a JavaScript loop over every byte.
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let parts = contentTypeAt(bytes, 0) ? 1 : 0;
  if (parts > limits.maxMimeParts) return 'too_many_parts';
  // Each byte has one predecessor: the lines after an LF and those after a CR are disjoint.
  for (const end of [LF, CR]) {
    for (let at = bytes.indexOf(end); at >= 0; at = bytes.indexOf(end, at + 1)) {
      if (!contentTypeAt(bytes, at + 1)) continue;
      parts += 1;
      if (parts > limits.maxMimeParts) return 'too_many_parts';
    }
  }
  return null;
}
