// Stores raw messages durably (before anything is flagged on the server) and queues them.
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import { insertMessages, type NewMessage } from '../adapters/db/messages.repository.ts';
import { storableText } from '../core/storable-text.ts';
import type { Deps } from './deps.ts';

export interface RawArrival {
  raw: Buffer;
  source: 'imap' | 'ingest';
  mailbox?: string;
  uidValidity?: number;
  uid?: number;
  /** IMAP INTERNALDATE; for ingest, arrival is the time of storing. */
  arrivedAt?: Date | null;
  /** The reader's previous look at the mailbox, when the internal date is older (copied or appended back-dated). */
  appearedAfter?: Date | null;
}

/** The Message-ID header, read cheaply from the header block (the parser runs later, in a job). */
export function peekMessageId(raw: Buffer): string | null {
  const end = raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') : raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end >= 0 ? Math.min(end, 256 * 1024) : Math.min(raw.length, 256 * 1024)).toString('latin1');
  const match = /^message-id:[ \t]*((?:.|\r?\n[ \t])*)/im.exec(head);
  const value = match?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim();
  // Read as latin1, any byte is a character: a NUL (U+0000) would make the whole batch's COPY fail.
  return value ? storableText(value.slice(0, 998)) : null;
}

export function toNewMessage(arrival: RawArrival): NewMessage {
  return {
    source: arrival.source,
    raw: arrival.raw,
    rawSha256: sha256Hex(arrival.raw),
    messageIdHeader: peekMessageId(arrival.raw),
    mailbox: arrival.mailbox ?? null,
    uidValidity: arrival.uidValidity ?? null,
    uid: arrival.uid ?? null,
    arrivedAt: arrival.arrivedAt ?? null,
    appearedAfter: arrival.appearedAfter ?? null,
  };
}

/**
 * Messages per process-messages job. A backlog stored together is processed a batch per job (one
 * read, one write of its plain outcomes, one job's queue overhead); a message stored alone keeps a
 * job of its own, so the trickle's latency does not wait on neighbours.
 */
export const PROCESS_BATCH = 8;

/**
 * A message larger than this keeps a job of its own even in a backlog: a batch reads its rows'
 * bytes at once and inspects them side by side, so large messages are never held eight at a time
 * (the memory a large message may add is bounded per message, not per batch).
 */
export const BATCH_MESSAGE_BYTES = 256 * 1024;

/** Stores each arrival once and queues its processing; returns the stored ids in order. */
export async function storeMessages(deps: Pick<Deps, 'db' | 'jobs'>, arrivals: RawArrival[]): Promise<{ id: number; created: boolean }[]> {
  const stored = await insertMessages(deps.db, arrivals.map(toNewMessage));
  // Queue even when the row existed: the job ids are derived from the rows, so this is a no-op
  // for work already queued, and it rescues a row whose earlier enqueue was lost.
  const isSmall = (index: number) => arrivals[index]!.raw.length <= BATCH_MESSAGE_BYTES;
  const small = stored.filter((_, index) => isSmall(index));
  const alone = small.length > 1 ? stored.filter((_, index) => !isSmall(index)) : stored;
  if (alone.length > 0)
    await deps.jobs.addBulk(
      'process-message',
      alone.map((row) => ({ messageId: row.id })),
    );
  if (small.length > 1) {
    const batches: { messageIds: number[] }[] = [];
    for (let at = 0; at < small.length; at += PROCESS_BATCH) batches.push({ messageIds: small.slice(at, at + PROCESS_BATCH).map((row) => row.id) });
    await deps.jobs.addBulk('process-messages', batches);
  }
  return stored;
}
