// The raw bytes of a message to and from PostgreSQL without hex. postgres.js binds every
// parameter and reads every column as text, so a bytea travels as hex: twice its size on the
// wire, and a 25 MB message became a 50 MB string plus 50 MB protocol buffers and copies of
// them (+262 MB to store one, +115 MB to read it back). Here the bytes go in through
// COPY … FROM STDIN (FORMAT binary), a slice at a time, and come back through
// COPY (…) TO STDOUT (FORMAT binary) in slices (rows), each copied straight into the one buffer
// that holds the message (until stop 24 the slices came as base64 text: `add`).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import type { DbOrTx } from './client.ts';

/** The postgres.js handle under a drizzle database or transaction (COPY is not drizzle's). */
export function sqlOf(db: DbOrTx): postgres.Sql {
  return (db as unknown as { session: { client: postgres.Sql } }).session.client;
}

export function inTransaction(db: DbOrTx): boolean {
  return typeof (db as { rollback?: unknown }).rollback === 'function';
}

/** A column value in COPY's binary format. */
export type CopyValue =
  | { type: 'int8'; value: number | null }
  | { type: 'int4'; value: number | null }
  | { type: 'text'; value: string | null }
  | { type: 'timestamptz'; value: Date | null }
  | { type: 'bytea'; value: Buffer | null };

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
/** Bytes of raw per CopyData message: the socket gets slices of the caller's buffer, never a copy of it whole. */
const SLICE_BYTES = 256 * 1024;

const NULL_FIELD = Buffer.from([0xff, 0xff, 0xff, 0xff]);

function lengthOf(bytes: number): Buffer {
  const length = Buffer.allocUnsafe(4);
  length.writeInt32BE(bytes, 0);
  return length;
}

function fixed(bytes: number, write: (field: Buffer) => void): Buffer {
  const field = Buffer.allocUnsafe(4 + bytes);
  field.writeInt32BE(bytes, 0);
  write(field.subarray(4));
  return field;
}

/** One field: its length word (with the value, when small), then a bytea's or text's bytes apart. */
function encodeField(column: CopyValue): [Buffer, Buffer?] {
  if (column.value === null) return [NULL_FIELD];
  switch (column.type) {
    case 'int8': {
      const value = BigInt(column.value);
      return [fixed(8, (f) => f.writeBigInt64BE(value))];
    }
    case 'int4': {
      const value = column.value;
      return [fixed(4, (f) => f.writeInt32BE(value))];
    }
    case 'timestamptz': {
      // Microseconds since 2000-01-01 UTC (integer datetimes, the only kind since PostgreSQL 10).
      const value = BigInt(column.value.getTime() - POSTGRES_EPOCH_MS) * 1000n;
      return [fixed(8, (f) => f.writeBigInt64BE(value))];
    }
    case 'text': {
      const bytes = Buffer.from(column.value, 'utf8');
      return [lengthOf(bytes.length), bytes];
    }
    case 'bytea':
      return [lengthOf(column.value.length), column.value];
  }
}

/** The COPY stream of these rows: small fields grouped, large byteas in slices (views, not copies). */
export function* copyBinary(rows: CopyValue[][]): Generator<Buffer> {
  const header = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(header);
  let pending: Buffer[] = [header];
  for (const row of rows) {
    const count = Buffer.allocUnsafe(2);
    count.writeInt16BE(row.length, 0);
    pending.push(count);
    for (const column of row) {
      const [first, bytes] = encodeField(column);
      pending.push(first!);
      if (!bytes) continue;
      if (bytes.length <= SLICE_BYTES) {
        pending.push(bytes);
        continue;
      }
      yield Buffer.concat(pending);
      pending = [];
      for (let at = 0; at < bytes.length; at += SLICE_BYTES) yield bytes.subarray(at, at + SLICE_BYTES);
    }
    if (pending.reduce((sum, part) => sum + part.length, 0) >= SLICE_BYTES) {
      yield Buffer.concat(pending);
      pending = [];
    }
  }
  pending.push(Buffer.from([0xff, 0xff]));
  yield Buffer.concat(pending);
}

/**
 * COPY table (columns) FROM STDIN (FORMAT binary), streamed with back-pressure. Resolves once
 * PostgreSQL has committed the COPY; rejects with its error.
 *
 * postgres.js 3.4.9 never settles the stream when PostgreSQL rejects the COPY after the last
 * byte was sent (porsager/postgres#1173, open): the error only reaches the query's reject, which
 * is watched here, so a rejected COPY fails instead of hanging.
 */
export async function copyRowsIn(db: DbOrTx, table: string, columns: string[], rows: CopyValue[][]): Promise<void> {
  if (rows.length === 0) return;
  // A connection of its own for the COPY. When every connection of the pool is busy, postgres.js
  // pipelines further statements onto a busy one: sent behind a COPY, they reached PostgreSQL in
  // the middle of its data ("unexpected message type 0x42 during COPY from stdin", the connection
  // terminated, the statements on it failed). A transaction's connection is its own already.
  if (inTransaction(db)) return copyOn(sqlOf(db), table, columns, rows);
  const reserved = await sqlOf(db).reserve();
  try {
    await copyOn(reserved, table, columns, rows);
  } finally {
    reserved.release();
  }
}

async function copyOn(client: postgres.Sql, table: string, columns: string[], rows: CopyValue[][]): Promise<void> {
  const query = client.unsafe(`copy ${table} (${columns.join(', ')}) from stdin (format binary)`) as unknown as postgres.PendingQuery<postgres.Row[]> & {
    reject: (error: unknown) => void;
  };
  let rejected: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => (rejected = reject));
  failure.catch(() => {});
  const reject = query.reject;
  query.reject = (error) => {
    rejected(error);
    reject(error);
  };
  const stream = await query.writable();
  // After a failure postgres.js has already ended the COPY (and destroyed the stream if it was
  // still open): the pipeline is left to settle on its own.
  const piped = pipeline(Readable.from(copyBinary(rows), { objectMode: false }), stream);
  piped.catch(() => {});
  await Promise.race([piped, failure]);
}

/**
 * Bytes of raw per row read back: whole 3-byte groups, so each slice's base64 decodes on its own,
 * and small enough that a row's base64 string (~87 KB) is a young-generation object: 768 KiB
 * slices made 1 MB strings in V8's large-object space, kept until a full GC (+59 MB to read a
 * 25 MB message, against +23 MB, the message itself, with these).
 */
export const READ_SLICE_BYTES = 3 * 21 * 1024;

/**
 * The raw bytes read back a slice per row (`encode(substring(raw …), 'base64')`, 1.35× the
 * bytes on the wire instead of hex's 2×), each decoded into one buffer of the message's size:
 * no whole-message string or protocol buffer. The buffer owns its memory (offset 0, exact
 * length), so the inspection pool can hand it to a thread instead of copying it.
 */
export class RawAssembly {
  private buffer: Buffer | null = null;
  private written = 0;
  /** `size`: octet_length(raw) (the same on every row); `at`: where this row's slice starts; `slice`: its base64, or null. */
  add(size: number | null, at: number | null, slice: string | null): void {
    if (size === null) return;
    this.buffer ??= Buffer.allocUnsafeSlow(size);
    if (slice === null || at === null) return;
    const written = this.buffer.write(slice, at, 'base64');
    if (written !== Math.min(READ_SLICE_BYTES, size - at)) throw new Error(`raw bytes read back: slice at ${at} decoded to ${written} bytes`);
    this.written += written;
  }
  /** As `add`, the slice as its bytes (a binary COPY's field, copied here). */
  addBytes(size: number | null, at: number | null, slice: Uint8Array | null): void {
    if (size === null) return;
    this.buffer ??= Buffer.allocUnsafeSlow(size);
    if (slice === null || at === null) return;
    if (slice.length !== Math.min(READ_SLICE_BYTES, size - at) || at + slice.length > size)
      throw new Error(`raw bytes read back: ${slice.length} bytes at ${at} of ${size}`);
    this.buffer.set(slice, at);
    this.written += slice.length;
  }
  /** The bytes, checked whole; null when the row had none. */
  done(): Buffer | null {
    if (this.buffer && this.written !== this.buffer.length) throw new Error(`raw bytes read back incomplete: ${this.written} of ${this.buffer.length}`);
    return this.buffer;
  }
}

/**
 * The fields of each row of a COPY … TO STDOUT (FORMAT binary) stream, as views of the data
 * (valid during the call only: copy what is kept). Chunks may split a row anywhere; a row is
 * handed over once it is whole. PostgreSQL sends one CopyData per row, so a split is rare and the
 * carried-over part small (the callers' rows hold one read slice each).
 */
export class BinaryCopyRows {
  private pending: Buffer | null = null;
  private header = false;
  /** Whether the stream's trailer was read (every row came). */
  ended = false;
  private readonly columns: number;
  private readonly onRow: (fields: (Buffer | null)[]) => void;
  constructor(columns: number, onRow: (fields: (Buffer | null)[]) => void) {
    this.columns = columns;
    this.onRow = onRow;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.ended) throw new Error('COPY binary: data after the trailer');
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    if (!this.header) {
      if (data.length < SIGNATURE.length + 8) return void (this.pending = data);
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY binary: not a binary COPY stream');
      const extension = data.readInt32BE(SIGNATURE.length + 4);
      if (data.length < SIGNATURE.length + 8 + extension) return void (this.pending = data);
      at = SIGNATURE.length + 8 + extension;
      this.header = true;
    }
    const fields: (Buffer | null)[] = new Array(this.columns);
    while (data.length - at >= 2) {
      const count = data.readInt16BE(at);
      if (count === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      if (count !== this.columns) throw new Error(`COPY binary: a row of ${count} fields, ${this.columns} expected`);
      let p = at + 2;
      let whole = true;
      for (let i = 0; i < count; i++) {
        if (data.length - p < 4) {
          whole = false;
          break;
        }
        const length = data.readInt32BE(p);
        p += 4;
        if (length === -1) {
          fields[i] = null;
          continue;
        }
        if (data.length - p < length) {
          whole = false;
          break;
        }
        fields[i] = data.subarray(p, p + length);
        p += length;
      }
      if (!whole) break;
      this.onRow(fields);
      at = p;
    }
    if (at < data.length) {
      if (this.ended) throw new Error('COPY binary: data after the trailer');
      this.pending = data.subarray(at);
    }
  }

  /** Throws unless the stream ended with its trailer and nothing left over. */
  done(): void {
    if (!this.ended || this.pending) throw new Error('COPY binary: the stream ended before its trailer');
  }
}

/**
 * COPY (query) TO STDOUT (FORMAT binary): each CopyData's payload handed to `onData` as postgres.js
 * reads it, on a connection of its own (outside a transaction), resolved once PostgreSQL has
 * answered ReadyForQuery.
 *
 * postgres.js 3.4.9 hands COPY TO's data to a Readable and pauses its socket when that stream's
 * buffer is full; when the last CopyData and the CopyDone arrive in the same read, the stream ends
 * and nothing resumes the socket (porsager/postgres#1016, open): the connection hangs. Here the
 * stream's `push` is replaced as soon as postgres.js makes the stream (inside the CopyOutResponse,
 * before any CopyData): every payload goes to `onData` at once and `push` answers true, so nothing
 * is buffered and the socket is never paused.
 */
export async function copyRowsOut(db: DbOrTx, text: string, onData: (chunk: Buffer) => void): Promise<void> {
  if (inTransaction(db)) return copyOutOn(sqlOf(db), text, onData);
  const reserved = await sqlOf(db).reserve();
  try {
    await copyOutOn(reserved, text, onData);
  } finally {
    reserved.release();
  }
}

async function copyOutOn(client: postgres.Sql, text: string, onData: (chunk: Buffer) => void): Promise<void> {
  const query = client.unsafe(text) as unknown as postgres.PendingQuery<postgres.Row[]> & {
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  };
  let settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} };
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => {});
  let stream: Readable | null = null;
  let ended = false;
  let failure: unknown = null;
  const resolve = query.resolve;
  const reject = query.reject;
  query.resolve = (value) => {
    if (stream === null && value instanceof Readable) {
      stream = value;
      // postgres.js destroys the stream with the error if the COPY fails: the error is the query's.
      stream.on('error', () => {});
      const push = Readable.prototype.push;
      stream.push = (chunk: Buffer | null) => {
        if (chunk === null) {
          ended = true;
          return push.call(stream, null);
        }
        if (failure === null) {
          try {
            onData(chunk);
          } catch (error) {
            failure = error; // the rest of the data is drained, the connection stays usable
          }
        }
        return true;
      };
      resolve(value);
      return;
    }
    resolve(value);
    if (failure !== null) settle.reject(failure);
    else if (!ended) settle.reject(new Error('COPY TO ended without its data'));
    else settle.resolve();
  };
  query.reject = (error) => {
    settle.reject(error);
    reject(error);
  };
  const started = query.readable();
  started.catch(() => {});
  await Promise.race([started.then(() => finished), finished]);
}
