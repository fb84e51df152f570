// A large message's bytes are freed when the code that holds them is done with them, not at
// V8's next full collection: an ArrayBuffer's memory lives outside the heap, so a dead 25 MB
// buffer (the IMAP fetch's, once stored; a thread's copy, once inspected) otherwise lingers
// until external memory has grown by ~64 MB more.

/** Small Buffers share Node's 8 KiB pool: only a buffer that is the whole of its memory may be handed over or freed. */
export const OWNED_MIN_BYTES = 64 * 1024;

/** Whether this buffer is the whole of its ArrayBuffer (and large enough not to come from the pool). */
export function ownsItsMemory(bytes: Uint8Array): boolean {
  return (
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.byteLength > OWNED_MIN_BYTES && !(bytes.buffer instanceof SharedArrayBuffer)
  );
}

/** Frees the memory of a buffer that owns it, now (the buffer reads as empty afterwards); others are left to the GC. */
export function releaseNow(bytes: Uint8Array): void {
  // ArrayBuffer.prototype.transfer (ES2024, Node 21+): detached, its memory is released at once.
  if (ownsItsMemory(bytes)) (bytes.buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}
