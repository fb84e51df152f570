// Shape limits checked on the raw bytes before any parser sees them (SPEC §6 rule 11).

export interface ShapeLimits {
  maxMessageBytes: number;
  maxHeaderBytes: number;
  maxMimeParts: number;
}

function headerBlockLength(raw: Uint8Array): number {
  const text = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.length, 4 * 1024 * 1024)).toString('latin1');
  const match = /\r?\n\r?\n|\r\r/.exec(text);
  return match ? match.index : text.length;
}

/** A quarantine reason, or null when the message may be parsed. */
export function shapeViolation(raw: Uint8Array, limits: ShapeLimits): string | null {
  if (raw.length === 0) return 'empty';
  if (raw.length > limits.maxMessageBytes) return 'too_large';
  if (headerBlockLength(raw) > limits.maxHeaderBytes) return 'headers_too_large';
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('latin1');
  let parts = 0;
  const contentType = /^content-type:/gim;
  while (contentType.exec(text)) {
    parts += 1;
    if (parts > limits.maxMimeParts) return 'too_many_parts';
  }
  return null;
}
