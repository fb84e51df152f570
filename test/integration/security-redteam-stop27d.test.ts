// Stop 27, fourth pass, through the real mailbox (docs/security-log.md "Attacks tried in stop 27,
// fourth pass: the mailbox's history"): SPEC §3's first start when the server's internal dates
// cannot be trusted. A mail server restored or migrated without its dates (maildir copied without
// its files' times, APPENDs without a date: every INTERNALDATE becomes the moment of the restore)
// and a new UIDVALIDITY: the reader reads the folder again from the first start's point, and the
// whole history now "arrived" after it. Real Dovecot, PostgreSQL, Redis, workers and an SMTP sink;
// genuinely signed mail through an offline DNS zone.
import { eq } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { expect, test } from 'vitest';
import { inboundMessages, mailboxCursors } from '../../src/adapters/db/schema/index.ts';
import { keepSince } from '../../src/adapters/imap/first-start.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';
import { dkimSigned } from '../support/dkim.ts';
import { DEFAULT_DOVECOT_USER } from '../support/dovecot.ts';
import { mailboxStage, rawMessage, request, signingHolder } from '../support/security.ts';
import { waitFor } from '../support/wait.ts';

const DAY = 86_400_000;
const stage = mailboxStage();
const { zone, key, envs } = stage;

const imap = <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => stage.dovecot.session(fn);

/** APPENDs each message with the internal date given (the server's clock when none). */
function append(mailbox: string, messages: { raw: string; at?: Date }[]): Promise<void> {
  return stage.dovecot.appendDated(mailbox, messages);
}

const holder = (env: TestEnv, tag: string) => signingHolder(stage, env, tag);

/** A message written at `at` (its Date header says so). */
const writtenAt = (raw: string, at: Date) => raw.replace(/^Date: .*$/m, `Date: ${at.toUTCString()}`);

/** The holder's complete request, genuinely signed at `at` (t= and Date both say so). */
async function signedRequestAt(h: { email: string; domain: string }, at: Date, id: string): Promise<string> {
  const raw = writtenAt(
    rawMessage({ from: `Alice Martin <${h.email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL'), messageId: id }),
    at,
  );
  return dkimSigned(raw, { domain: h.domain, privateKey: key.privateKey, signTime: at });
}

const mailTo = (email: string) => stage.sink.messages.filter((m) => m.envelope.to.includes(email)).length;

test(
  'a restore that lost the internal dates (a new UIDVALIDITY, every message dated the restore): the history the first start left alone stays alone, and none of it is answered',
  { timeout: 120_000 },
  async () => {
    const mailbox = 'Restored';
    const logs: string[] = [];
    const env = await createTestEnv(
      // IMAP_START=now (the default), as production starts on a mailbox with history.
      {
        IMAP_URL: stage.dovecot.imapUrl(DEFAULT_DOVECOT_USER, mailbox),
        SMTP_URL: stage.sink.url,
        IMAP_START: undefined,
        IMAP_POLL_INTERVAL: '1s',
        IMAP_RECONCILE_INTERVAL: '1s',
      },
      { resolver: zone.resolver, logTo: { write: (line: string) => void logs.push(line) } },
    );
    envs.push(env);
    const h = await holder(env, 'restored');
    const newcomer = await holder(env, 'newcomer');

    // The mailbox's history: the holder's genuine signed request of three days before the first
    // start (handled by hand by the helpdesk), and 40 requests of two years ago.
    const threeDaysAgo = new Date(Date.now() - 3 * DAY);
    const oldId = `<restored-${process.pid}@${h.domain}>`;
    const history = [{ raw: await signedRequestAt(h, threeDaysAgo, oldId), at: threeDaysAgo }];
    const twoYearsAgo = new Date(Date.now() - 730 * DAY);
    for (let i = 0; i < 40; i += 1) {
      const raw = rawMessage({ from: `Person ${i} <p${i}@stranger-${process.pid}.example>`, messageId: `<archive-${i}-${process.pid}@stranger.example>` });
      history.push({ raw: writtenAt(raw, twoYearsAgo), at: twoYearsAgo });
    }
    await append(mailbox, history);
    await env.startWorker().reader!.ready;
    const [before] = await env.app.deps.db.select().from(mailboxCursors);
    expect(before!.lastUid).toBe(41);
    expect(await env.app.deps.db.select().from(inboundMessages)).toEqual([]);
    await env.stopWorker();

    // The server is restored from a copy that kept the bytes but not the dates: a new UIDVALIDITY
    // (Dovecot's is the folder's creation second) and every internal date the restore's moment.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await imap(async (client) => {
      await client.mailboxDelete(mailbox);
      await client.mailboxCreate(mailbox);
    });
    await append(
      mailbox,
      history.map(({ raw }) => ({ raw })),
    );
    // Control: a request delivered during the outage (written and delivered now) is read and answered.
    const freshId = `<newcomer-${process.pid}@${newcomer.domain}>`;
    await append(mailbox, [{ raw: await signedRequestAt(newcomer, new Date(), freshId) }]);

    await env.startWorker().reader!.ready;
    const fresh = await waitFor(
      async () => {
        const [row] = await env.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.messageIdHeader, freshId));
        return row && row.status !== 'stored' ? row : undefined;
      },
      { timeoutMs: 30_000, what: 'the request of the outage processed' },
    );
    expect(fresh.authenticated).toBe(true);
    await waitFor(() => mailTo(newcomer.email) === 1, { timeoutMs: 20_000, what: 'the acknowledgement of the request of the outage' });
    const [after] = await env.app.deps.db.select().from(mailboxCursors);
    expect(after!.uidValidity).not.toBe(before!.uidValidity);

    // Before: the 41 messages of the history were read again as new (internal date ≥ the first
    // start): 40 unauthenticated tickets of two years ago, and the holder's request of three days
    // ago judged at the restore, its signature fresh: an authenticated ticket, acknowledged.
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a reconciliation pass or two
    const stored = (await env.app.deps.db.select({ id: inboundMessages.messageIdHeader }).from(inboundMessages)).map((r) => r.id);
    expect({ holderMail: mailTo(h.email), stored: stored.length }).toEqual({ holderMail: 0, stored: 1 });
    expect(stored).toEqual([freshId]);
    expect(mailTo(h.email)).toBe(0);
    const left = logs
      .map((line) => JSON.parse(line) as { msg: string; leftAlone?: number; writtenBefore?: number })
      .filter((l) => l.msg.startsWith('left alone'));
    expect(left.at(-1)).toMatchObject({ leftAlone: 41, writtenBefore: 41 });
    await env.stopWorker();
  },
);

test('the first start’s FETCH of dates over a large, sparse history (15,000 UIDs) stays within the server’s command line', { timeout: 60_000 }, async () => {
  // A SEARCH SINCE over years of a busy folder (UIDs with gaps: deleted mail) gives tens of
  // thousands of UIDs. Before: joined by commas into one FETCH (about 95 kB), past Dovecot's
  // 64 kB line: "Command failed", and with it every first sync, retried for ever, reading nothing.
  const mailbox = 'Large';
  const start = new Date(Date.now() - DAY);
  await append(mailbox, [{ raw: rawMessage({ from: 'Bob <bob@large.example>' }) }]);
  const uids = [1, ...Array.from({ length: 15_000 }, (_, i) => 100 + 7 * i)];
  const kept = await imap(async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    try {
      return await keepSince(client, uids, start);
    } finally {
      lock.release();
    }
  });
  expect(kept).toEqual({ uids: [1], writtenBefore: 0 });
});
