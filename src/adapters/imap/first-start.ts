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

/** Of these UIDs, those whose internal date is at or after `start` (one FETCH of dates only). */
export async function keepSince(imap: ImapFlow, uids: number[], start: Date): Promise<number[]> {
  if (uids.length === 0) return [];
  const kept: number[] = [];
  for await (const message of imap.fetch(uids.join(','), { uid: true, internalDate: true }, { uid: true })) {
    const arrived = internalDateOf(message.internalDate);
    // A message without a readable date is kept: reading it costs a ticket an agent looks at
    // (REPLY_MAX_AGE still keeps it from an automatic answer); skipping it could lose a request.
    if (!arrived || arrived.getTime() >= start.getTime()) kept.push(message.uid);
  }
  return kept.sort((a, b) => a - b);
}
