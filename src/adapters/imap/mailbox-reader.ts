// Reads one mailbox with imapflow: IDLE for near-instant pickup, a polling fallback, a
// UID + UIDVALIDITY cursor, raw bytes stored before any flag is set on the server.
import type { ImapFlow } from 'imapflow';
import { imapClient, type ImapAuth } from './client.ts';
import type { Logger } from 'pino';
import { safeErrorMessage } from '../db/errors.ts';
import type { Lock } from '../queue/lock.ts';
import type { MailboxCursor } from '../db/cursors.repository.ts';
import { internalDateOf, keepSince, resolveStart, searchSince } from './first-start.ts';
import { releaseNow } from '../mail/owned-bytes.ts';

export interface Arrival {
  raw: Buffer;
  uid: number;
  /** The server's INTERNALDATE: when the message reached the mailbox. */
  arrivedAt: Date | null;
  /**
   * Set when the message was read past the cursor with an internal date older than the reader's
   * previous look at the mailbox: it was not there then, so it was copied or appended with that
   * date (COPY keeps it, APPEND takes any), not delivered. Its signature is judged as of this look.
   */
  appearedAfter?: Date | null;
}

export interface MailboxReaderOptions {
  imapUrl: string;
  processedAction: 'flag' | 'move' | 'none';
  processedFolder: string;
  pollIntervalMs: number;
  /** IMAP_START: on a first sync, mail with an earlier internal date is left alone. */
  start: 'now' | 'all' | Date;
  log: Logger;
  lock: Lock;
  /**
   * Stores a batch durably (and queues it); must resolve only once stored. It must not keep the
   * arrivals' bytes: the reader frees a large message's memory as soon as it is stored.
   */
  store(mailbox: string, uidValidity: number, arrivals: Arrival[]): Promise<void>;
  getCursor(mailbox: string): Promise<MailboxCursor | null>;
  setCursor(mailbox: string, cursor: MailboxCursor): Promise<void>;
  pendingActions(mailbox: string, uidValidity: number): Promise<{ id: number; uid: number | null }[]>;
  actionsDone(ids: number[]): Promise<void>;
  /** Which of these UIDs are stored already (for the reconciliation pass). */
  storedUids(mailbox: string, uidValidity: number, uids: number[]): Promise<Set<number>>;
  reconcileIntervalMs: number;
  /** XOAUTH2 access token instead of the URL's password (Google Workspace, Microsoft 365). */
  accessToken?: (() => Promise<string>) | undefined;
  onReconnect?: (error: Error) => void;
  onAuthFailure?: (error: Error) => void;
}

export interface MailboxReader {
  /** Identifies the mailbox in the database: user@host:port/MAILBOX. */
  id: string;
  stop(): Promise<void>;
  /** Resolves once the reader holds the lock and has done its first sync (tests, demo). */
  ready: Promise<void>;
  /** reading: connected and holding the lock; standby: another process reads it; failing: reconnecting. */
  state(): 'starting' | 'reading' | 'standby' | 'failing';
}

const BATCH = 50;
/** Stored arrivals' bytes freed now (imapflow gives each message a buffer of its own): see owned-bytes.ts. */
const release = (arrivals: Arrival[]) => arrivals.forEach((arrival) => releaseNow(arrival.raw));
/** A batch is also stored once it holds this many bytes: a run of large messages is never held whole. */
const BATCH_BYTES = 8 * 1024 * 1024;
const LOCK_TTL_MS = 30_000;
/** The server's clock and ours may differ: an internal date this much before our previous look still counts as delivered after it. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A message read past the cursor whose internal date is older than the previous look (less the
 * clock skew) appeared after that look, whatever date it carries: what its signature is judged by.
 */
export function appearedAfter(arrivedAt: Date | null, previousLook: Date | null): Date | null {
  if (!previousLook) return null;
  if (arrivedAt && arrivedAt.getTime() >= previousLook.getTime() - CLOCK_SKEW_MS) return null;
  return previousLook;
}
const FLAG = '$RecoveryDesk';

export function parseImapUrl(imapUrl: string) {
  const url = new URL(imapUrl);
  const secure = url.protocol === 'imaps:';
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  const user = decodeURIComponent(url.username);
  const port = Number(url.port || (secure ? 993 : 143));
  return { host: url.hostname, port, secure, user, pass: decodeURIComponent(url.password), mailbox, id: `${user}@${url.hostname}:${port}/${mailbox}` };
}

export function startMailboxReader(options: MailboxReaderOptions): MailboxReader {
  const target = parseImapUrl(options.imapUrl);
  const log = options.log.child({ mailbox: target.id });
  let running = true;
  let state: ReturnType<MailboxReader['state']> = 'starting';
  // A wake (EXISTS) that comes while the loop is busy syncing is remembered, not lost: the
  // next sleep returns at once instead of waiting out its pause (bench: +1 s on p95 latency).
  let woken = false;
  const remember = () => {
    woken = true;
  };
  let wake: () => void = remember;
  let client: ImapFlow | null = null;
  // When the reader last looked past the cursor (the start of that sync): a message read past the
  // cursor later was not there then. Across restarts, when the cursor last moved.
  let previousLook: Date | null = null;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        wake = remember;
        return resolve();
      }
      const timer = setTimeout(() => {
        wake = remember;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = remember;
        resolve();
      };
    });

  /** Our last look at the mailbox (this process's, else when the cursor last moved); none before the first sync. */
  const lastLookOf = (cursor: MailboxCursor | null): Date | null => (cursor ? (previousLook ?? cursor.updatedAt ?? null) : null);

  async function syncOnce(imap: ImapFlow, uidValidity: number): Promise<number> {
    const lookedAt = new Date();
    const stored = await syncPast(imap, uidValidity);
    previousLook = lookedAt; // only a sync that went through looked at the whole mailbox
    return stored;
  }

  async function syncPast(imap: ImapFlow, uidValidity: number): Promise<number> {
    const cursor = await options.getCursor(target.id);
    const current = cursor && cursor.uidValidity === uidValidity ? cursor : null;
    const lastUid = current ? current.lastUid : 0;
    // The very first sync reads mail that was there before any look of ours: each message is
    // judged at its internal date (IMAP_START chose what is read). After that, even on a re-read
    // after a UIDVALIDITY change (Eve can delete and recreate a folder), a message never stored
    // with an internal date older than our last look was not there then.
    const looked = lastLookOf(cursor);
    // The first start's point, kept with the cursor, applies again after a UIDVALIDITY change:
    // not "now" at that later moment (mail in between would be lost), not everything.
    const startAt = cursor ? cursor.startAt : resolveStart(options.start, new Date());
    if (cursor && !current)
      log.warn(
        { was: cursor.uidValidity, now: uidValidity, startAt: startAt?.toISOString() ?? 'all' },
        'UIDVALIDITY changed: reading the mailbox again from the first start (stored bytes dedupe it)',
      );
    if (!current && startAt) return firstSync(imap, uidValidity, startAt, looked);
    let batch: Arrival[] = [];
    let batchBytes = 0;
    let highest = lastUid;
    let stored = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await options.store(target.id, uidValidity, batch);
      release(batch);
      stored += batch.length;
      await options.setCursor(target.id, { uidValidity, lastUid: highest, startAt });
      batch = [];
      batchBytes = 0;
    };
    // One ranged FETCH for everything past the cursor; "N:*" also returns the last message
    // when N is past the end, so UIDs at or below the cursor are skipped.
    // Batches are stored while the FETCH streams on, so a backlog is never held in memory
    // whole and the workers start on the first batch at once. Servers answer a UID range in
    // ascending order; a gap left by an interrupted fetch is found by the reconciliation pass.
    for await (const message of imap.fetch(`${lastUid + 1}:*`, { uid: true, source: true, internalDate: true }, { uid: true })) {
      if (message.uid <= lastUid || !message.source) continue;
      const arrivedAt = internalDateOf(message.internalDate);
      batch.push({ uid: message.uid, raw: message.source, arrivedAt, appearedAfter: appearedAfter(arrivedAt, looked) });
      batchBytes += message.source.length;
      highest = Math.max(highest, message.uid);
      if (batch.length >= BATCH || batchBytes >= BATCH_BYTES) await flush();
    }
    await flush();
    if (!current) await options.setCursor(target.id, { uidValidity, lastUid: highest, startAt });
    return stored;
  }

  /** A first sync from a start point: older mail is left alone, and counted in the log. */
  async function firstSync(imap: ImapFlow, uidValidity: number, startAt: Date, looked: Date | null): Promise<number> {
    const all = (await imap.search({ all: true }, { uid: true })) || [];
    const highest = all.reduce((a, b) => Math.max(a, b), 0);
    const { uids: kept, writtenBefore } = await keepSince(
      imap,
      (await searchSince(imap, startAt)).filter((uid) => uid <= highest),
      startAt,
    );
    // The cursor goes first, past everything there now: later mail is read past it, and a sync
    // cut short leaves the kept messages to the reconciliation pass (which honours startAt).
    await options.setCursor(target.id, { uidValidity, lastUid: highest, startAt });
    const left = all.length - kept.length;
    // writtenBefore: of those, dated at or after the start by the server but written before it
    // (a server that lost its internal dates): their Date says they are history.
    log.info(
      { leftAlone: left, reading: kept.length, startAt: startAt.toISOString(), writtenBefore },
      `left alone: ${left} older than ${startAt.toISOString()}`,
    );
    return fetchAndStore(imap, uidValidity, kept, looked);
  }

  /** Fetches these UIDs and stores them, a batch at a time. */
  async function fetchAndStore(imap: ImapFlow, uidValidity: number, uids: number[], looked: Date | null): Promise<number> {
    let stored = 0;
    for (let i = 0; i < uids.length; i += BATCH) {
      let arrivals: Arrival[] = [];
      let bytes = 0;
      for await (const message of imap.fetch(uids.slice(i, i + BATCH).join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
        if (!message.source) continue;
        const arrivedAt = internalDateOf(message.internalDate);
        arrivals.push({ uid: message.uid, raw: message.source, arrivedAt, appearedAfter: appearedAfter(arrivedAt, looked) });
        bytes += message.source.length;
        if (bytes < BATCH_BYTES) continue;
        // Stored in the middle of the FETCH: its responses wait (imapflow's back-pressure).
        await options.store(target.id, uidValidity, arrivals);
        release(arrivals);
        stored += arrivals.length;
        arrivals = [];
        bytes = 0;
      }
      if (arrivals.length) await options.store(target.id, uidValidity, arrivals);
      release(arrivals);
      stored += arrivals.length;
    }
    return stored;
  }

  async function applyActions(imap: ImapFlow, uidValidity: number): Promise<void> {
    const pending = await options.pendingActions(target.id, uidValidity);
    if (pending.length === 0) return;
    const uids = pending.map((p) => p.uid).filter((uid): uid is number => uid !== null);
    if (uids.length && options.processedAction === 'flag') await imap.messageFlagsAdd(uids.join(','), ['\\Seen', FLAG], { uid: true });
    if (uids.length && options.processedAction === 'move') {
      await imap.mailboxCreate(options.processedFolder).catch(() => undefined); // exists already
      await imap.messageMove(uids.join(','), options.processedFolder, { uid: true });
    }
    await options.actionsDone(pending.map((p) => p.id));
  }

  /**
   * Compares the mailbox with what is stored: a message below the cursor that was never
   * stored (an outage, a UID assigned out of order) is fetched now. Mail marked read by a
   * person needs nothing special: the reader fetches by UID, never by \Seen. Mail the first
   * start left alone (older than startAt) is never "missing".
   */
  async function reconcile(imap: ImapFlow, uidValidity: number): Promise<number> {
    const cursor = await options.getCursor(target.id);
    if (!cursor || cursor.uidValidity !== uidValidity) return 0;
    const candidates = cursor.startAt ? await searchSince(imap, cursor.startAt) : (await imap.search({ all: true }, { uid: true })) || [];
    const below = candidates.filter((uid) => uid <= cursor.lastUid);
    if (below.length === 0) return 0;
    const stored = await options.storedUids(target.id, uidValidity, below);
    const unstored = below.filter((uid) => !stored.has(uid));
    // The same cut as the first start's: what it left alone is never "missing".
    const missing = cursor.startAt ? (await keepSince(imap, unstored, cursor.startAt)).uids : unstored;
    if (missing.length === 0) return 0;
    log.warn({ count: missing.length }, 'reconciliation found messages that were never stored');
    return fetchAndStore(imap, uidValidity, missing, lastLookOf(cursor));
  }

  async function session(): Promise<void> {
    let auth: ImapAuth;
    try {
      auth = options.accessToken ? { user: target.user, accessToken: await options.accessToken() } : { user: target.user, pass: target.pass };
    } catch (error) {
      options.onAuthFailure?.(error as Error);
      throw error;
    }
    const imap = imapClient(target, auth, {
      disableAutoIdle: true,
      maxIdleTime: Math.min(options.pollIntervalMs, 5 * 60_000),
    });
    client = imap;
    // Only the live session's connection wakes the loop: a failed connection's late 'close'
    // would otherwise cut the backoff short, and a refused connection retried in a tight loop.
    imap.on('exists', () => client === imap && wake());
    imap.on('close', () => client === imap && wake());
    imap.on('error', (error: Error) => log.warn({ err: error.message }, 'IMAP connection error'));
    const abandon = (error: Error) => {
      client = null;
      imap.close();
      throw error;
    };
    await imap.connect().catch((error: Error & { authenticationFailed?: boolean }) => {
      if (error.authenticationFailed) options.onAuthFailure?.(error);
      abandon(error);
    });
    const lock = await imap.getMailboxLock(target.mailbox).catch(abandon);
    try {
      const uidValidity = Number(imap.mailbox ? imap.mailbox.uidValidity : 0);
      let activeUntil = 0;
      let reconcileAt = 0;
      log.info({ uidValidity }, 'reading mailbox');
      while (running && imap.usable) {
        if (!(await options.lock.renew())) throw new Error('lost the mailbox lock');
        let stored = await syncOnce(imap, uidValidity);
        if (Date.now() >= reconcileAt) {
          stored += await reconcile(imap, uidValidity);
          reconcileAt = Date.now() + options.reconcileIntervalMs;
        }
        await applyActions(imap, uidValidity);
        state = 'reading';
        markReady();
        if (stored > 0) activeUntil = Date.now() + 120_000;
        // While fresh mail is being processed, come back soon to flag it; otherwise IDLE until
        // the server says something, the poll interval passes, or the lock needs renewing.
        const pause = Date.now() < activeUntil ? 1_000 : Math.min(options.pollIntervalMs, LOCK_TTL_MS / 3);
        const idling = imap.idle().catch(() => undefined);
        await sleep(pause);
        void idling;
      }
      if (running) throw new Error('IMAP connection closed');
    } finally {
      client = null;
      lock.release();
      await imap.logout().catch(() => imap.close());
    }
  }

  const loop = (async () => {
    let backoff = 1_000;
    while (running) {
      if (!(await options.lock.acquire().catch(() => false))) {
        state = 'standby';
        await sleep(LOCK_TTL_MS / 3); // another process reads this mailbox; stand by
        continue;
      }
      try {
        await session();
        backoff = 1_000;
      } catch (error) {
        if (!running) break;
        // A session that got as far as reading was healthy: this is a new failure, not the
        // next of a series, so the wait starts small again (a cut after a long outage must not
        // leave new mail waiting a minute).
        if ((state as ReturnType<MailboxReader['state']>) === 'reading') backoff = 1_000;
        state = 'failing';
        log.warn({ err: safeErrorMessage(error), retryInMs: backoff }, 'mailbox session ended; reconnecting');
        options.onReconnect?.(error as Error);
        await options.lock.release().catch(() => undefined);
        woken = false; // a wake from the connection that just failed is not new mail
        if (!running) break;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
  })();

  return {
    id: target.id,
    ready,
    state: () => state,
    async stop() {
      running = false;
      wake();
      client?.close();
      await loop;
      await options.lock.release().catch(() => undefined);
    },
  };
}
