// Loaded into the bench's worker process with `node --import` (bench only, never in the app):
// counts, at the sockets, what the worker sends to and receives from PostgreSQL, Redis and
// IMAP, so the bench can say per message how many statements and round trips it cost, how
// many Redis commands, and how many bytes of mail went back and forth. On SIGUSR2 it writes
// its counters to BENCH_PROBE_FILE (synchronously, with a sequence number the bench waits for).
import net from 'node:net';
import { writeFileSync } from 'node:fs';

type Peer = 'pg' | 'redis' | 'imap';

interface PgCounters {
  /** Execute and simple-Query messages: one statement each. */
  statements: number;
  /** Sync and simple-Query messages: the client waits for ReadyForQuery after each. */
  roundTrips: number;
  /** Parse messages: statements planned (not reused as prepared). */
  parses: number;
  bytesOut: number;
  bytesIn: number;
}

const counters = {
  seq: 0,
  pg: { statements: 0, roundTrips: 0, parses: 0, bytesOut: 0, bytesIn: 0 } as PgCounters,
  /** Statements by origin (see originOf), a transaction's BEGIN and COMMIT counted with it. */
  origins: {} as Record<string, number>,
  /** Statements by their first words (the text, not the parameters), for the diagnostics. */
  shapes: {} as Record<string, number>,
  /** Statements parsed (planned anew, not reused as prepared), by their first words. */
  parsedShapes: {} as Record<string, number>,
  redis: { commands: 0, bytesOut: 0, bytesIn: 0, byName: {} as Record<string, number> },
  imap: { bytesOut: 0, bytesIn: 0 },
};

const portOf = (url: string | undefined, fallback: number): number | null => {
  if (!url) return null;
  try {
    return Number(new URL(url).port || fallback);
  } catch {
    return null;
  }
};
const peers = new Map<number, Peer>();
for (const [url, fallback, peer] of [
  [process.env.DATABASE_URL, 5432, 'pg'],
  [process.env.REDIS_URL, 6379, 'redis'],
  [process.env.IMAP_URL, 143, 'imap'],
] as const) {
  const port = portOf(url, fallback);
  if (port) peers.set(port, peer);
}

const PEER = Symbol('bench peer');
const STATE = Symbol('bench parse state');

interface PgState {
  started: boolean;
  /** Bytes of the current message still to skip. */
  skip: number;
  /** A partial header (type byte + length) carried over to the next write. */
  head: Buffer;
  /** The start of the current Parse, Bind or Query message's body, kept to read its text. */
  body: Buffer[] | null;
  /** Bytes of the body still to keep. */
  keep: number;
  type: string;
  /** Statement name → its text (postgres.js names the statements it prepares). */
  texts: Map<string, string>;
  /** The text of the statement the next Execute runs. */
  bound: string;
  /** The statements of the open transaction (from BEGIN), classified together at its end. */
  tx: string[] | null;
}

const KEEP = 2048;

/**
 * Where a statement comes from, by its text: the reader (store, cursor, server actions), the
 * processing of a message, the send-reply job, the sealer, the sweeper and the rest. A
 * transaction is one origin, decided by what it does.
 */
function originOf(texts: string[]): string {
  const all = texts.join('\n');
  const tx = texts.length > 1 || /pg_advisory_xact_lock/.test(all);
  // finishMessage sets processed_at: the outcome of a message (alone, or its transaction's last statement;
  // since stop 23 that one opens with the held rows' CTEs and its UPDATE is past the text KEEP reads).
  if (/update "?inbound_messages"?(?: m)? set [^;]*"?processed_at"? = |^with\s+held_tickets as/m.test(all))
    return tx ? 'process (transaction)' : 'process (one statement)';
  // The stored message read for processing (messageToProcess; its raw bytes read in base64 slices).
  if (/then "(inbound_messages"\.")?raw" end|from inbound_messages m\s+cross join lateral/.test(all)) return 'process (read)';
  if (/from "accounts"|"directory_accounts"/.test(all)) return 'process (directory)';
  if (/notification/.test(all)) return 'notify';
  if (/insert into "inbound_messages"/.test(all)) return 'reader store';
  if (/mailbox_cursors/.test(all)) return 'reader cursor';
  if (/server_action_done_at|"inbound_messages"\."uid"|"uid" in/.test(all)) return 'reader server actions';
  if (/"ticket_events"\."hash" is null|"hash" is null|pg_advisory_xact_lock\(\$1\)/.test(all)) return 'sealer';
  if (/"outbox"|update outbox set|dispute_links|"confirm_token_hash"|"cancel_token_hash"|^insert into "ticket_events"/.test(all)) return 'send-reply';
  if (/status" = 'stored'|status = 'stored'|"status" = 'pending'|raw_purged_at/.test(all)) return 'sweeper';
  return 'other';
}

// Memoised by text (the hot path's statements are a few fixed texts): the probe's own garbage
// added ~25 KiB per message to the main thread's allocation it measures (stop 23, second part).
const shapes = new Map<string, string>();
function shapeOf(text: string): string {
  let shape = shapes.get(text);
  if (shape === undefined) {
    shape = text.replace(/\s+/g, ' ').trim().slice(0, 70);
    if (shapes.size < 10_000) shapes.set(text, shape);
  }
  return shape;
}

const origins = new Map<string, string>();
function originOfMemo(texts: string[]): string {
  const key = texts.join('\0');
  let origin = origins.get(key);
  if (origin === undefined) {
    origin = originOf(texts);
    if (origins.size < 10_000) origins.set(key, origin);
  }
  return origin;
}

function recordStatement(state: PgState, text: string): void {
  const shape = shapeOf(text);
  counters.shapes[shape] = (counters.shapes[shape] ?? 0) + 1;
  const space = shape.indexOf(' ');
  const word = (space < 0 ? shape : shape.slice(0, space)).toLowerCase();
  if (word === 'begin' || word === 'start') {
    state.tx = [text];
    return;
  }
  if (state.tx) {
    state.tx.push(text);
    if (word === 'commit' || word === 'rollback' || word === 'end') {
      const origin = originOfMemo(state.tx.slice(1, -1));
      counters.origins[origin] = (counters.origins[origin] ?? 0) + state.tx.length;
      state.tx = null;
    }
    return;
  }
  const origin = originOfMemo([text]);
  counters.origins[origin] = (counters.origins[origin] ?? 0) + 1;
}

const cstring = (buf: Buffer, at: number): [string, number] => {
  const end = buf.indexOf(0, at);
  return end < 0 ? [buf.toString('utf8', at), buf.length] : [buf.toString('utf8', at, end), end + 1];
};

/** A Parse, Bind or simple Query body (its first KEEP bytes) is complete. */
function readBody(state: PgState, body: Buffer): void {
  if (state.type === 'P') {
    const [name, at] = cstring(body, 0);
    const [text] = cstring(body, at);
    state.texts.set(name, text);
    const shape = shapeOf(text);
    counters.parsedShapes[shape] = (counters.parsedShapes[shape] ?? 0) + 1;
  } else if (state.type === 'B') {
    const [, at] = cstring(body, 0);
    const [name] = cstring(body, at);
    state.bound = state.texts.get(name) ?? '?';
  } else if (state.type === 'Q') {
    recordStatement(state, cstring(body, 0)[0]);
  }
}

/** Counts the frontend messages in one write (messages may span writes). */
function countPg(state: PgState, chunk: Buffer): void {
  let at = 0;
  while (at < chunk.length) {
    if (state.skip > 0) {
      const n = Math.min(state.skip, chunk.length - at);
      if (state.body) {
        const k = Math.min(n, state.keep);
        state.body.push(Buffer.from(chunk.subarray(at, at + k)));
        state.keep -= k;
        if (state.keep === 0) {
          const body = Buffer.concat(state.body);
          state.body = null;
          readBody(state, body);
        }
      }
      state.skip -= n;
      at += n;
      continue;
    }
    const need = state.started ? 5 : 4;
    const take = Math.min(need - state.head.length, chunk.length - at);
    state.head = Buffer.concat([state.head, chunk.subarray(at, at + take)]);
    at += take;
    if (state.head.length < need) return;
    if (!state.started) {
      // StartupMessage / SSLRequest: no type byte.
      state.skip = state.head.readInt32BE(0) - 4;
      state.started = state.head.readInt32BE(0) !== 8; // after an SSLRequest comes the StartupMessage
    } else {
      const type = String.fromCharCode(state.head[0]!);
      if (type === 'E' || type === 'Q') counters.pg.statements += 1;
      if (type === 'S' || type === 'Q') counters.pg.roundTrips += 1;
      if (type === 'P') counters.pg.parses += 1;
      if (type === 'E') recordStatement(state, state.bound);
      state.skip = state.head.readInt32BE(1) - 4;
      if (type === 'P' || type === 'B' || type === 'Q') {
        state.type = type;
        state.keep = Math.min(KEEP, state.skip);
        state.body = [];
        if (state.keep === 0) {
          state.body = null;
          readBody(state, Buffer.alloc(0));
        }
      }
    }
    state.head = Buffer.alloc(0);
  }
}

interface RespState {
  /** Unparsed tail of the previous write. */
  rest: string;
  /** Bulk strings still to read in the current command. */
  args: number;
  /** Bytes of the current bulk string still to skip (with its CRLF). */
  skip: number;
  /** Bulk strings read so far in the current command (the first names it; EVALSHA's second is its script). */
  read: number;
  name: string;
}

/** Counts RESP commands (arrays of bulk strings) in one write. */
function countRedis(state: RespState, chunk: Buffer): void {
  let at = 0;
  const text = state.rest + chunk.toString('latin1');
  state.rest = '';
  while (at < text.length) {
    if (state.skip > 0) {
      const n = Math.min(state.skip, text.length - at);
      state.skip -= n;
      at += n;
      continue;
    }
    const eol = text.indexOf('\r\n', at);
    if (eol < 0) {
      state.rest = text.slice(at);
      return;
    }
    const line = text.slice(at, eol);
    at = eol + 2;
    if (line[0] === '*' && state.args === 0) {
      counters.redis.commands += 1;
      state.args = Number(line.slice(1));
      state.read = 0;
      state.name = '';
    } else if (line[0] === '$') {
      state.args = Math.max(0, state.args - 1);
      const length = Number(line.slice(1));
      state.skip = length + 2;
      // The command's name (an EVALSHA's by its script's sha1), when whole in this write: bench diagnostics only.
      if (state.read < 2 && at + length <= text.length) {
        const arg = text.slice(at, at + length);
        const bump = (name: string) => (counters.redis.byName[name] = (counters.redis.byName[name] ?? 0) + 1);
        if (state.read === 0) {
          state.name = arg.toUpperCase();
          if (state.name !== 'EVALSHA') bump(state.name);
        } else if (state.name === 'EVALSHA') bump(`EVALSHA ${arg.slice(0, 10)}`);
      }
      state.read += 1;
    } else if (state.args === 0 && line.length > 0) {
      counters.redis.commands += 1; // an inline command
    }
  }
}

type Probed = net.Socket & { [PEER]?: Peer; [STATE]?: PgState | RespState };

const connect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;
net.Socket.prototype.connect = function (this: Probed, ...args: unknown[]) {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  const port = typeof first === 'object' && first !== null ? Number((first as { port?: unknown }).port) : Number(first);
  const peer = peers.get(port);
  if (peer) {
    this[PEER] = peer;
    this[STATE] =
      peer === 'pg'
        ? { started: false, skip: 0, head: Buffer.alloc(0), body: null, keep: 0, type: '', texts: new Map(), bound: '?', tx: null }
        : { rest: '', args: 0, skip: 0, read: 0, name: '' };
  }
  return connect.apply(this, args);
} as typeof net.Socket.prototype.connect;

const write = net.Socket.prototype.write as (...args: unknown[]) => boolean;
net.Socket.prototype.write = function (this: Probed, ...args: unknown[]) {
  const peer = this[PEER];
  if (peer) {
    const data = args[0];
    const chunk = typeof data === 'string' ? Buffer.from(data, typeof args[1] === 'string' ? (args[1] as BufferEncoding) : 'utf8') : (data as Buffer);
    if (chunk && chunk.length !== undefined) {
      counters[peer].bytesOut += chunk.length;
      if (peer === 'pg') countPg(this[STATE] as PgState, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (peer === 'redis') countRedis(this[STATE] as RespState, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  }
  return write.apply(this, args);
} as typeof net.Socket.prototype.write;

const push = net.Socket.prototype.push;
net.Socket.prototype.push = function (this: Probed, chunk: unknown, encoding?: BufferEncoding) {
  const peer = this[PEER];
  if (peer && chunk && typeof (chunk as Buffer).length === 'number') counters[peer].bytesIn += (chunk as Buffer).length;
  return push.call(this, chunk, encoding);
};

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    counters.seq += 1;
    writeFileSync(file, JSON.stringify(counters));
  });
}
