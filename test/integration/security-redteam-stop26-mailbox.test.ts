// Stop 26, through the real mailbox (docs/security-log.md "Attacks tried in stop 26"): SPEC §3's
// first start and the arrival date a signature is judged by (SPEC §5, DKIM_MAX_AGE). Eve holds the
// holder's password and can write to the support mailbox (a shared or delegated mailbox, a
// colleague's session): she can APPEND with an internal date of her choice, or COPY a message,
// which keeps its internal date (RFC 3501 §6.4.7). Real Dovecot, PostgreSQL, Redis, workers and an
// SMTP sink; genuinely signed mail through an offline DNS zone.
import { eq } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { expect, test } from 'vitest';
import { inboundMessages, mailboxCursors, tickets } from '../../src/adapters/db/schema/index.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';
import { dkimSigned } from '../support/dkim.ts';
import { DEFAULT_DOVECOT_USER } from '../support/dovecot.ts';
import { mailboxStage, rawMessage, request, signingHolder } from '../support/security.ts';
import { waitFor } from '../support/wait.ts';

const DAY = 86_400_000;
const stage = mailboxStage();
const { zone, key, envs } = stage;

const imap = <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => stage.dovecot.session(fn);

function append(mailbox: string, raw: string, at?: Date): Promise<void> {
  return stage.dovecot.appendDated(mailbox, [{ raw, ...(at ? { at } : {}) }]);
}

const holder = (env: TestEnv, tag: string) => signingHolder(stage, env, tag);

/** The holder's complete request, genuinely signed at `at` (t= and Date both say so). */
async function signedRequestAt(h: { email: string; domain: string }, at: Date, id: string): Promise<string> {
  const raw = rawMessage({
    from: `Alice Martin <${h.email}>`,
    subject: 'Lost my phone',
    body: request('Alice Martin', 'Good Example SRL'),
    messageId: id,
  }).replace(/^Date: .*$/m, `Date: ${at.toUTCString()}`);
  return dkimSigned(raw, { domain: h.domain, privateKey: key.privateKey, signTime: at });
}

async function installation(mailbox: string): Promise<TestEnv> {
  const env = await createTestEnv(
    // IMAP_START=now (the default), as production starts on a mailbox with history.
    {
      IMAP_URL: stage.dovecot.imapUrl(DEFAULT_DOVECOT_USER, mailbox),
      SMTP_URL: stage.sink.url,
      IMAP_START: undefined,
      IMAP_POLL_INTERVAL: '1s',
      IMAP_RECONCILE_INTERVAL: '1s',
    },
    { resolver: zone.resolver },
  );
  envs.push(env);
  return env;
}

async function processedRow(env: TestEnv, messageId: string) {
  return waitFor(
    async () => {
      const [row] = await env.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.messageIdHeader, messageId));
      return row && row.status !== 'stored' ? row : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `${messageId} stored and processed` },
  );
}

test(
  'the holder’s old signed request, left alone at the first start, copied back into the mailbox by Eve (its old internal date kept) is not an authenticated request',
  { timeout: 90_000 },
  async () => {
    const mailbox = 'Copied';
    const env = await installation(mailbox);
    const h = await holder(env, 'copied');
    // Forty days before the first start the holder wrote a genuine signed request (handled by
    // hand then); the first start leaves it alone, its signature never claimed.
    const longAgo = new Date(Date.now() - 40 * DAY);
    const oldId = `<old-request-${process.pid}@${h.domain}>`;
    await append(mailbox, await signedRequestAt(h, longAgo, oldId), longAgo);
    await env.startWorker().reader!.ready;
    const [cursor] = await env.app.deps.db.select().from(mailboxCursors);
    expect(cursor!.lastUid).toBe(1);
    expect(await env.app.deps.db.select().from(inboundMessages)).toEqual([]);

    // Eve copies it within the mailbox: a new UID, past the cursor, with its internal date of
    // forty days ago. Before: judged as arriving then, the signature was fresh: an authenticated,
    // complete ticket (no answer, too old to answer), approvable by one agent.
    await imap(async (client) => {
      const lock = await client.getMailboxLock(mailbox);
      try {
        await client.messageCopy('1', mailbox, { uid: true });
      } finally {
        lock.release();
      }
    });
    const copied = await processedRow(env, oldId);
    expect(copied.uid).toBe(2);
    expect(copied.authenticated).toBe(false);
    expect((copied.auth as { reason: string }).reason).toBe('signature_too_old');
    const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, copied.ticketId!));
    expect(ticket!.signals.senderAuthenticated).toBe(false);
    expect(stage.sink.messages.filter((m) => m.envelope.to.includes(h.email))).toHaveLength(0);

    // Control: the holder's fresh signed request, delivered now, takes the ticket over
    // (competing_requests) and is acknowledged at the stored address.
    const freshId = `<fresh-request-${process.pid}@${h.domain}>`;
    await append(mailbox, await signedRequestAt(h, new Date(), freshId));
    const fresh = await processedRow(env, freshId);
    expect(fresh.authenticated).toBe(true);
    expect(fresh.ticketId).toBe(copied.ticketId);
    await waitFor(() => stage.sink.messages.some((m) => m.envelope.to.includes(h.email)), { timeoutMs: 20_000, what: 'the acknowledgement' });
    await env.stopWorker();
  },
);

test(
  'Eve appends the holder’s old signed request with an internal date of her choice, after the first start: judged as arriving when it appeared',
  { timeout: 90_000 },
  async () => {
    const mailbox = 'Backdated';
    const env = await installation(mailbox);
    const h = await holder(env, 'backdated');
    await imap((client) => client.mailboxCreate(mailbox));
    await env.startWorker().reader!.ready;
    // She has a copy of a request the holder signed 30 days ago (never delivered here), and
    // APPENDs it dated the day it was signed.
    const signedAt = new Date(Date.now() - 30 * DAY);
    const oldId = `<backdated-${process.pid}@${h.domain}>`;
    await append(mailbox, await signedRequestAt(h, signedAt, oldId), new Date(signedAt.getTime() + 60_000));
    const row = await processedRow(env, oldId);
    expect(row.authenticated).toBe(false);
    expect((row.auth as { reason: string }).reason).toBe('signature_too_old');
    // The internal date is still what REPLY_MAX_AGE reads (an old message is never answered).
    expect(Math.abs(row.arrivedAt!.getTime() - signedAt.getTime())).toBeLessThan(120_000);

    // Control: a message delivered now, its signature of now, is authenticated and answered.
    const freshId = `<backdated-control-${process.pid}@${h.domain}>`;
    await append(mailbox, await signedRequestAt(h, new Date(), freshId));
    expect((await processedRow(env, freshId)).authenticated).toBe(true);
    await waitFor(() => stage.sink.messages.some((m) => m.envelope.to.includes(h.email)), { timeoutMs: 20_000, what: 'the acknowledgement' });
    await env.stopWorker();
  },
);

test(
  'a back-dated copy in a folder Eve deleted and recreated (a new UIDVALIDITY, the mailbox read again from IMAP_START) is judged as arriving when it appeared',
  { timeout: 90_000 },
  async () => {
    const mailbox = 'Recreated';
    // A first start reaching back sixty days (IMAP_START=DATE): the folder is read again from
    // there after a UIDVALIDITY change.
    const env = await createTestEnv(
      {
        IMAP_URL: stage.dovecot.imapUrl(DEFAULT_DOVECOT_USER, mailbox),
        SMTP_URL: stage.sink.url,
        IMAP_START: new Date(Date.now() - 60 * DAY).toISOString().slice(0, 10),
        IMAP_POLL_INTERVAL: '1s',
        IMAP_RECONCILE_INTERVAL: '1s',
      },
      { resolver: zone.resolver },
    );
    envs.push(env);
    const h = await holder(env, 'recreated');
    await imap((client) => client.mailboxCreate(mailbox));
    await env.startWorker().reader!.ready;
    const [before] = await env.app.deps.db.select().from(mailboxCursors);

    // Eve recreates the folder and APPENDs the holder's request signed thirty days ago, dated so.
    // Before: read again as history, judged at that date: an authenticated ticket.
    const signedAt = new Date(Date.now() - 30 * DAY);
    const oldId = `<recreated-${process.pid}@${h.domain}>`;
    // Dovecot's UIDVALIDITY is the creation second: a folder recreated within the second it was
    // made keeps it (a test artefact; a real support folder is older than a second).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await imap(async (client) => {
      await client.mailboxDelete(mailbox);
      await client.mailboxCreate(mailbox);
    });
    await append(mailbox, await signedRequestAt(h, signedAt, oldId), new Date(signedAt.getTime() + 60_000));
    const row = await processedRow(env, oldId);
    const [after] = await env.app.deps.db.select().from(mailboxCursors);
    expect(after!.uidValidity).not.toBe(before!.uidValidity);
    expect(row.authenticated).toBe(false);
    expect((row.auth as { reason: string }).reason).toBe('signature_too_old');
    expect(stage.sink.messages.filter((m) => m.envelope.to.includes(h.email))).toHaveLength(0);

    // Control: the holder's request of today, delivered to the recreated folder, is authenticated.
    const freshId = `<recreated-control-${process.pid}@${h.domain}>`;
    await append(mailbox, await signedRequestAt(h, new Date(), freshId));
    expect((await processedRow(env, freshId)).authenticated).toBe(true);
    await env.stopWorker();
  },
);
