// Which messages of a mailbox are at or after a start point (IMAP_START), found without
// downloading them: SEARCH SINCE narrows by day, FETCH INTERNALDATE makes the exact cut.
import type { ImapFlow } from 'imapflow';

const DAY_MS = 86_400_000;

/**
 * The start point a first sync uses: `now` is the moment of that sync, `all` is none. Whole
 * seconds: an INTERNALDATE has no finer resolution, so a message of the same second as the
 * start (read past the cursor, or again after a UIDVALIDITY change) is never cut off by it.
 */
export function resolveStart(setting: 'now' | 'all' | Date, now: Date): Date | null {
  if (setting === 'all') return null;
  const at = setting === 'now' ? now : setting;
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/** An INTERNALDATE as imapflow gives it (a Date, or the server's text when it could not parse it). */
export function internalDateOf(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * UIDs whose internal date may be at or after `start`. SINCE compares dates only, in a zone
 * of the server's choosing, so it is asked from the day before; the exact cut is `keepSince`.
 */
export async function searchSince(imap: ImapFlow, start: Date): Promise<number[]> {
  const since = new Date(start.getTime() - DAY_MS);
  return ((await imap.search({ since }, { uid: true })) || []).sort((a, b) => a - b);
}

/**
 * How long before the start point a message may have been written and still be read when the server
 * says it arrived after it: mail held up in a sender's queue. A message written longer before the
 * start is history whatever its internal date says (below).
 */
export const WRITTEN_BEFORE_SLACK_MS = DAY_MS;

/** The Date header of a header block as imapflow returns it (`headers: ['date']`), or null. */
export function writtenDateOf(headers: Buffer | undefined): Date | null {
  if (!headers) return null;
  const match = /^date:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(headers.toString('latin1'));
  if (!match) return null;
  const date = new Date(
    match[1]!
      .replace(/\r?\n/g, ' ')
      .replace(/\s*\([^)]*\)\s*$/, '')
      .trim(),
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

/** UIDs per FETCH of dates: a command line stays far below a server's limit (Dovecot's is 64 kB). */
const UIDS_PER_FETCH = 1_000;

/**
 * Sorted UIDs as UID sets of at most UIDS_PER_FETCH each, runs written `a:b`. A large history's
 * UIDs joined with commas in one FETCH made a command line past the server's limit (a SEARCH SINCE
 * of 13,000 UIDs is over 64 kB): the first sync failed and was retried for ever, reading nothing.
 */
export function uidSets(uids: readonly number[]): string[] {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const sets: string[] = [];
  for (let i = 0; i < sorted.length; i += UIDS_PER_FETCH) {
    const chunk = sorted.slice(i, i + UIDS_PER_FETCH);
    const parts: string[] = [];
    let start = chunk[0]!;
    let prev = start;
    for (const uid of chunk.slice(1)) {
      if (uid === prev + 1) {
        prev = uid;
        continue;
      }
      parts.push(start === prev ? String(start) : `${start}:${prev}`);
      start = prev = uid;
    }
    parts.push(start === prev ? String(start) : `${start}:${prev}`);
    sets.push(parts.join(','));
  }
  return sets;
}

export interface Kept {
  uids: number[];
  /** Of those left alone, how many only because they were written before the start (their Date). */
  writtenBefore: number;
}

/**
 * Of these UIDs, those at or after `start` (one FETCH of dates only). The internal date is the
 * server's word, but a server restored or migrated without its dates (a maildir copied without
 * its files' times, APPENDs without a date) dates the whole history at the restore, with a new
 * UIDVALIDITY: the folder is read again from `start` and every old message would pass. So a
 * message whose own Date is more than WRITTEN_BEFORE_SLACK_MS before `start` is history too. A
 * sender can only push their own message out with an old Date, never one in: no Date, or one that
 * cannot be read, leaves the internal date alone to decide.
 */
export async function keepSince(imap: ImapFlow, uids: number[], start: Date): Promise<Kept> {
  if (uids.length === 0) return { uids: [], writtenBefore: 0 };
  const kept: number[] = [];
  let writtenBefore = 0;
  for (const set of uidSets(uids)) {
    for await (const message of imap.fetch(set, { uid: true, internalDate: true, headers: ['date'] }, { uid: true })) {
      const arrived = internalDateOf(message.internalDate);
      // A message without a readable date is kept: reading it costs a ticket an agent looks at
      // (REPLY_MAX_AGE still keeps it from an automatic answer); skipping it could lose a request.
      if (arrived && arrived.getTime() < start.getTime()) continue;
      const written = writtenDateOf(message.headers);
      if (written && written.getTime() < start.getTime() - WRITTEN_BEFORE_SLACK_MS) {
        writtenBefore += 1;
        continue;
      }
      kept.push(message.uid);
    }
  }
  return { uids: kept.sort((a, b) => a - b), writtenBefore };
}
