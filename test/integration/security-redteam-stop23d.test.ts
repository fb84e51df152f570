// Attacks tried in stop 23, fourth pass (docs/security-log.md "Attacks tried in stop 23, fourth pass"): Eve, who
// has the password, writes to support; this pass aims at the stop's new code: the outcome written
// by one fixed statement with JSON parameters (FINISH_WITH), the "holder not told" rule of the due
// reset, the console's escaping of invisible characters, and chaos around them (a worker killed
// between the fixed statement and the reply, PostgreSQL cutting the due reset's connection). Real
// pipeline (PostgreSQL, Redis, BullMQ workers, an SMTP sink), mail genuinely DKIM-signed against
// the offline zone, the console over Fastify's inject. Each attack has a control.
import { and, eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { eventsOfTicket } from '../../src/adapters/db/events.repository.ts';
import { insertMessages } from '../../src/adapters/db/messages.repository.ts';
import type { JobQueue } from '../../src/adapters/queue/jobs.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import type { Deps } from '../../src/steps/deps.ts';
import { processMessage } from '../../src/steps/process-message.ts';
import { runDueReset } from '../../src/steps/reset-2fa.ts';
import { toNewMessage } from '../../src/steps/store-message.ts';
import { sweepUnfinished } from '../../src/steps/sweep-unfinished.ts';
import type { TestEnv } from '../support/app.ts';
import {
  deliver,
  deliverOne,
  expectTwoFactorUntouched,
  rawMessage,
  recipients,
  request,
  settleOutbox,
  useRedTeam,
  useRedTeamConsole,
  OVERRIDE_REASON,
} from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';
import { codeAt, loggedIn } from '../e2e/console-support.ts';

const { running, victim, signed, ticketRow } = useRedTeam('stop23d-', { RECOVERY_CANCEL_WINDOW: '24h', RECOVERY_CHALLENGE: 'off' });
const web = useRedTeamConsole('stop23d-', running);
const agent = () => web.agent();
const REASON = OVERRIDE_REASON;
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

/** The holder's own signed request, complete. */
async function holderRequest(v: { email: string; domain: string }, body = request('Alice Martin', 'Good Example SRL')) {
  return signed(rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', body }), v.domain);
}

/** One agent approves an authenticated ticket (RECOVERY_CHALLENGE=off: no confirmation to wait for). */
async function approveOnce(ref: string, deps: Deps = env.app.deps) {
  const a = await agent();
  return approveTicket(deps, { ref, agentEmail: a.email, totpCode: await codeAt(a.totpSecret) });
}

/** The cancel window ends now. */
async function windowEnds(ticketId: number, deps: Deps = env.app.deps) {
  await env.app.deps.db
    .update(tickets)
    .set({ resetDueAt: new Date(Date.now() - 1_000) })
    .where(eq(tickets.id, ticketId));
  return runDueReset(deps, ticketId);
}

async function totpOf(email: string) {
  const [row] = await env.app.deps.db.select({ totp: accounts.totpSecret }).from(accounts).where(eq(accounts.email, email));
  return row?.totp ?? null;
}

async function outboxOf(ticketId: number) {
  return env.app.deps.db
    .select({ id: outbox.id, kind: outbox.kind, to: outbox.toAddress, status: outbox.status })
    .from(outbox)
    .where(eq(outbox.ticketId, ticketId))
    .orderBy(outbox.id);
}

/** The same deps whose queue loses the jobs named: the worker was killed before it added them. */
function killedBeforeEnqueue(names: string[]): Deps {
  const jobs = env.app.deps.jobs;
  const lost: JobQueue = {
    add: async (name, payload, options) => (names.includes(name) ? undefined : jobs.add(name, payload, options)),
    addBulk: async (name, payloads) => (names.includes(name) ? undefined : jobs.addBulk(name, payloads)),
    requeue: (name, payload, options) => jobs.requeue(name, payload, options),
  };
  return { ...env.app.deps, jobs: lost };
}

describe('NUL bytes and lone surrogates: what Eve’s mail can make PostgreSQL refuse', () => {
  test('a NUL byte in Eve’s Message-ID does not stop the mail stored with it, nor her own, from being stored', async () => {
    const v = await victim();
    // Stored together, as a batch is: Eve's forgery first, then the holder's request. Before: the
    // COPY failed ("invalid byte sequence for encoding UTF8: 0x00"): `ingest` (an MTA pipe, which
    // passes the byte on) exited non-zero and the message was never stored; a batch holding it
    // failed whole (IMAP itself cannot carry a NUL: security-redteam-stop23d-imap).
    const eve = rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', messageId: `<eve\u0000-${Date.now()}@evil.example>` });
    const [forged, holder] = await deliver(env, [eve, await holderRequest(v)]);
    expect(forged).toMatchObject({ status: 'processed', authenticated: false });
    expect(forged!.messageIdHeader).toContain('\uFFFD');
    expect(holder).toMatchObject({ status: 'processed', authenticated: true, ticketId: forged!.ticketId });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: the same batch without the NUL byte is stored and read the same way', async () => {
    const v = await victim();
    const eve = rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', messageId: `<eve-${Date.now()}@evil.example>` });
    const [forged, holder] = await deliver(env, [eve, await holderRequest(v)]);
    expect(forged).toMatchObject({ status: 'processed', authenticated: false });
    expect(holder).toMatchObject({ status: 'processed', authenticated: true, ticketId: forged!.ticketId });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('a NUL byte or a lone surrogate in Eve’s headers and stated fields: her forgery is a ticket agents see, not a quarantine after five failed attempts', async () => {
    const v = await victim();
    // A raw NUL byte in a header the verdict's evidence quotes (Authentication-Results), a NUL in
    // the stated name (quoted-printable =00), a lone surrogate in the explanation (an HTML
    // character reference). Before: the fixed statement's JSON (jsonb) refused "\u0000" and a lone
    // "\ud800"; the job failed five times and the message was quarantined processing_failed.
    const withNul = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Lost my phone',
      top: ['Authentication-Results: mx.elsewhere.example; dmarc=fail header.from=x\u0000y'],
      body: request('Alice=00Martin', 'Good Example SRL'),
    }).replace('Content-Transfer-Encoding: 8bit', 'Content-Transfer-Encoding: quoted-printable');
    const first = await deliverOne(env, withNul);
    expect(first).toMatchObject({ status: 'processed', outcome: 'ticket_opened', authenticated: false });
    const ticket = await ticketRow(first.ticketId!);
    expect(JSON.stringify(ticket.fields)).not.toContain('\\u0000');
    const html = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Lost my phone',
      contentType: 'text/html; charset=utf-8',
      body: '<p>I lost my phone &#xD800; last weekend and with it my authenticator app, so I can no longer log in. Please reset my two-factor authentication.</p><p>My name is Alice Martin, Good Example SRL.</p>',
    });
    const second = await deliverOne(env, html);
    expect(second).toMatchObject({ status: 'processed', authenticated: false, ticketId: ticket.id });
    // No backscatter either way; the holder's own request is read and acknowledged.
    expect(recipients(sink)).toEqual([]);
    const holder = await deliverOne(env, await holderRequest(v));
    expect(holder).toMatchObject({ authenticated: true, ticketId: ticket.id });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('a lone surrogate and a NUL in the holder’s own signed request: read, the ticket opened and acknowledged', async () => {
    const v = await victim();
    const raw = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Lost my phone',
      body: request('Alice Martin', 'Good Example SRL').replace('last weekend', 'last=00weekend'),
    }).replace('Content-Transfer-Encoding: 8bit', 'Content-Transfer-Encoding: quoted-printable');
    const row = await deliverOne(env, await signed(raw, v.domain));
    expect(row).toMatchObject({ status: 'processed', outcome: 'ticket_opened', authenticated: true });
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('the fixed outcome statement: JSON and SQL in Eve’s text', () => {
  test(
    'JSON, SQL and huge values in Eve’s stated fields write her ticket as read, and the one reply goes to her own address',
    { timeout: 90_000 },
    async () => {
      const v = await victim();
      // Eve's own mailbox at the holder's provider (genuinely signed), which matches no account:
      // the one mail she can get is the "write from the address linked to your account" notice.
      const eveAddress = `eve.${Date.now()}@${v.domain}`;
      const injected = `Alice"}],"toAddress":"${v.email}","x":[{"a":"') ; delete from outbox; --\\u0000 $1::jsonb`;
      const organisation = `Good Example SRL ${'x'.repeat(4_000)}`;
      // In the explanation, which keeps the writer's sentence as written, and in the name and organisation.
      const body = request(injected, organisation).replace('last weekend', `last weekend (${injected} ${'y'.repeat(4_000)})`);
      const raw = await signed(rawMessage({ from: `Alice Martin <${eveAddress}>`, subject: 'Lost my phone', body }), v.domain);
      // A long unbroken line costs the reader seconds: waited for longer than the usual 20 s.
      const [row] = await deliver(env, [raw], 60_000);
      expect(row).toMatchObject({ status: 'processed', authenticated: true });
      const analysis = row!.analysis as { fields: Record<string, string | null> };
      // The unmatched ticket agents see: Eve's text as read.
      expect(row!.ticketId).not.toBeNull();
      {
        const ticket = await ticketRow(row!.ticketId!);
        // The ticket holds exactly what the reader read: nothing of it was read as JSON or SQL.
        expect(ticket.fields).toEqual(analysis.fields);
        expect(ticket.accountId).toBeNull();
        expect(ticket.fields.explanation).toContain(injected);
      }
      const mine = await env.app.deps.db
        .select({ to: outbox.toAddress, kind: outbox.kind })
        .from(outbox)
        .where(inArray(outbox.toAddress, [eveAddress, v.email]));
      expect(mine).toEqual([{ to: eveAddress, kind: 'wrong_address' }]);
      expect(recipients(sink)).toEqual([eveAddress]);
      await expectTwoFactorUntouched(env, [v.email]);
    },
  );

  test('control: the holder’s signed request with the same text is acknowledged at the stored address only', async () => {
    const v = await victim();
    const injected = `Alice"}],"toAddress":"eve@evil.example","x":[{"a":"') ; delete from outbox; --`;
    const row = await deliverOne(env, await holderRequest(v, request(injected, 'Good Example SRL').replace('last weekend', `last weekend (${injected})`)));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    const ticket = await ticketRow(row.ticketId!);
    expect(ticket.fields).toEqual((row.analysis as { fields: unknown }).fields);
    expect(ticket.fields.explanation).toContain(injected);
    expect((await outboxOf(ticket.id)).map((r) => r.to)).toEqual([v.email]);
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('the holder’s net: the approval notice and the due reset', () => {
  test('Eve’s forgeries as the holder do not use up the stored address’s allowance: the genuine recovery is told and runs', async () => {
    const v = await victim();
    // Twelve forgeries (more than the 10 mails in 10 minutes the stored address may get): none
    // is answered (no backscatter), so none counts against the holder's approval notice.
    await deliver(
      env,
      Array.from({ length: 12 }, (_, i) =>
        rawMessage({ from: `Alice Martin <${v.email}>`, subject: `Lost my phone ${i}`, body: request('Alice Martin', 'Good Example SRL') }),
      ),
    );
    expect(recipients(sink)).toEqual([]);
    const holder = await deliverOne(env, await holderRequest(v));
    expect(holder).toMatchObject({ authenticated: true });
    const ticket = await ticketRow(holder.ticketId!);
    await expect(approveOnce(ticket.ref)).resolves.toMatchObject({ status: 'approved' });
    await settleOutbox(env);
    expect((await outboxOf(ticket.id)).filter((r) => r.kind === 'approved_notice')).toEqual([expect.objectContaining({ status: 'sent', to: v.email })]);
    expect((await windowEnds(ticket.id)).result).toBe('done');
    expect(await totpOf(v.email)).toBeNull();
  });

  test('an earlier approval’s notice that was sent does not count for a later approval whose notice was not', async () => {
    const v = await victim();
    const holder = await deliverOne(env, await holderRequest(v));
    const ticket = await ticketRow(holder.ticketId!);
    await expect(approveOnce(ticket.ref)).resolves.toMatchObject({ status: 'approved' });
    await settleOutbox(env);
    // The holder writes again (their signed follow-up): the approval is void, the reset waits.
    const again = await deliverOne(
      env,
      await signed(
        rawMessage({
          from: `Alice Martin <${v.email}>`,
          subject: `Re: [${ticket.ref}] Your 2FA reset request was approved`,
          body: 'Please call me first, I have a question.\n\nAlice Martin',
        }),
        v.domain,
      ),
    );
    expect(again).toMatchObject({ authenticated: true, ticketId: ticket.id });
    // A second approval whose notice the per-recipient limit suppresses.
    const now = new Date();
    await env.app.deps.db.insert(outbox).values(
      Array.from({ length: 10 }, (_, i) => ({
        dedupeKey: `stop23d-burst:${v.email}:${i}`,
        kind: 'rejected',
        language: 'en',
        toAddress: v.email,
        subject: 'Your request',
        body: 'fixed template',
        ourMessageId: `<stop23d-burst-${i}-${now.getTime()}@bpart.test>`,
        status: 'sent' as const,
        sentAt: now,
      })),
    );
    await expect(approveOnce(ticket.ref)).resolves.toMatchObject({ status: 'approved' });
    await settleOutbox(env);
    const notices = (await outboxOf(ticket.id)).filter((r) => r.kind === 'approved_notice');
    expect(notices.map((n) => n.status)).toEqual(['sent', 'suppressed']);
    expect((await windowEnds(ticket.id)).result).toBe('holder_not_told');
    expect(await totpOf(v.email)).not.toBeNull();
    expect((await ticketRow(ticket.id)).status).toBe('ready');
  });
});

describe('chaos on the new code', () => {
  test('a worker killed between the fixed outcome statement and the reply: the sweeper sends the acknowledgement once, to the stored address', async () => {
    const v = await victim();
    // Stored without a job (the worker takes it here), processed by a worker that dies before it
    // queues the reply: the outcome, the ticket and the reply row are committed, nothing is sent.
    const [stored] = await insertMessages(env.app.deps.db, [toNewMessage({ raw: Buffer.from(await holderRequest(v), 'utf8'), source: 'ingest' })]);
    const outcome = await processMessage(killedBeforeEnqueue(['send-reply']), stored!.id);
    expect(outcome).toMatchObject({ outcome: 'ticket_opened' });
    const [row] = await env.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.id, stored!.id));
    const replies = await outboxOf(row!.ticketId!);
    expect(replies).toEqual([expect.objectContaining({ kind: 'acknowledgement', status: 'pending', to: v.email })]);
    expect(recipients(sink)).toEqual([]);
    // The sweeper, twice (two worker processes taking turns): one acknowledgement.
    await sweepUnfinished(env.app.deps, { graceMs: 0, retentionDays: 30 });
    await sweepUnfinished(env.app.deps, { graceMs: 0, retentionDays: 30 });
    await settleOutbox(env);
    expect(recipients(sink)).toEqual([v.email]);
    expect((await outboxOf(row!.ticketId!)).map((r) => r.status)).toEqual(['sent']);
  });

  test('a worker killed after an approval committed, before its notice and reset were queued: the reset waits for the notice, then runs', async () => {
    const v = await victim();
    const holder = await deliverOne(env, await holderRequest(v));
    const ticket = await ticketRow(holder.ticketId!);
    sink.clear();
    await expect(approveOnce(ticket.ref, killedBeforeEnqueue(['send-reply', 'reset-2fa']))).resolves.toMatchObject({ status: 'approved' });
    // The window ends while the notice has not gone out yet (nobody queued it): the reset waits.
    const early = await windowEnds(ticket.id, killedBeforeEnqueue(['send-reply', 'reset-2fa']));
    expect(early).toMatchObject({ result: 'not_due' });
    expect(early.delayMs).toBeGreaterThan(0);
    expect(await totpOf(v.email)).not.toBeNull();
    // The sweeper finds the pending notice and the overdue reset.
    await sweepUnfinished(env.app.deps, { graceMs: 0, retentionDays: 30 });
    await settleOutbox(env);
    expect(recipients(sink)).toEqual([v.email]);
    await waitFor(
      async () => (await totpOf(v.email)) === null || ((await runDueReset(env.app.deps, ticket.id)).result === 'done' && (await totpOf(v.email)) === null),
      {
        timeoutMs: 20_000,
        intervalMs: 200,
        what: 'the reset ran',
      },
    );
    const events = await eventsOfTicket(env.app.deps.db, ticket.id);
    expect(events.filter((e) => e.type === 'approval_voided')).toEqual([]);
  });

  test('PostgreSQL cuts the due reset’s connection while it waits for the account: nothing half done, the retry resets once', async () => {
    const v = await victim();
    const holder = await deliverOne(env, await holderRequest(v));
    const ticket = await ticketRow(holder.ticketId!);
    await expect(approveOnce(ticket.ref)).resolves.toMatchObject({ status: 'approved' });
    await settleOutbox(env);
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1_000) })
      .where(eq(tickets.id, ticket.id));
    // Another session holds the account row (the holder's app, mid-enrolment), so the due reset
    // waits on lockAccount; then its backend is terminated, as a PostgreSQL restart cuts it.
    const url = env.config.DATABASE_URL;
    const other = postgres(url, { max: 1 });
    const admin = postgres(url, { max: 1 });
    // postgres.js 3.4.9 throws from a setImmediate when its connection is cut mid-transaction (the
    // known crash test/chaos/outages.test.ts allows: a worker process dies and is restarted, its job
    // retried). Here it is caught for the moment of the cut, and must be that one crash only.
    const crashes: Error[] = [];
    const vitestHandlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', (error: Error) => void crashes.push(error));
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holding = other.begin(async (tx) => {
        await tx`select id from accounts where id = ${v.id} for update`;
        await held;
      });
      await new Promise((r) => setTimeout(r, 100));
      const due = runDueReset(env.app.deps, ticket.id).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const waiting = await waitFor(
        async () => {
          const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query ilike '%accounts%for update%' and pid <> pg_backend_pid()`;
          return rows[0]?.pid ?? false;
        },
        { timeoutMs: 10_000, intervalMs: 20, what: 'the due reset waiting for the account' },
      );
      await admin`select pg_terminate_backend(${waiting})`;
      const cut = await due;
      expect(cut).toHaveProperty('error');
      release();
      await holding;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const handler of vitestHandlers) process.on('uncaughtException', handler);
      await other.end();
      await admin.end();
    }
    for (const crash of crashes) expect(crash.message).toContain("Cannot read properties of null (reading 'write')");
    // Nothing half done: still approved, 2FA kept, no reset event.
    expect((await ticketRow(ticket.id)).status).toBe('approved');
    expect(await totpOf(v.email)).not.toBeNull();
    // The job's retry.
    await expect(runDueReset(env.app.deps, ticket.id)).resolves.toMatchObject({ result: 'done' });
    await expect(runDueReset(env.app.deps, ticket.id)).resolves.not.toMatchObject({ result: 'done' });
    expect(await totpOf(v.email)).toBeNull();
    await settleOutbox(env);
    const events = await eventsOfTicket(env.app.deps.db, ticket.id);
    expect(events.filter((e) => e.type === 'reset_done')).toHaveLength(1);
  });
});

describe('the console: invisible characters outside Unicode’s format category', () => {
  // Default-ignorable code points that are not Cf (the combining grapheme joiner, Hangul fillers,
  // variation selectors, Mongolian free variation selectors, Khmer inherent vowels): drawn as
  // nothing, like a zero-width space. The From flag zero_width already counts them.
  const HIDDEN = ['\u034F', '\u115F', '\u3164', '\uFE00', '\u180B', '\u17B4', '\uFFA0'];

  test('they are shown as code points in the display name, subject and stated fields, never drawn as nothing', async () => {
    const v = await victim();
    const name = `Ali${HIDDEN.join('')}ce Martin`;
    const raw = rawMessage({ from: `"${name}" <${v.email}>`, subject: `Lost my phone${HIDDEN[2]}`, body: request(name, `Good${HIDDEN[0]} Example SRL`) });
    const opened = await deliverOne(env, raw);
    const ticket = await ticketRow(opened.ticketId!);
    expect(ticket.signals.flags).toEqual(expect.arrayContaining(['zero_width']));
    const a = await agent();
    const c = await loggedIn(web.app, { email: a.email, password: a.password, totpSecret: a.totpSecret });
    for (const url of [`/tickets/${ticket.ref}`, '/tickets?status=all']) {
      const page = (await c.get(url)).body;
      for (const ch of HIDDEN) expect(page, `${url}: U+${ch.codePointAt(0)!.toString(16)}`).not.toContain(ch);
    }
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    expect(page).toContain('Ali[U+034F][U+115F][U+3164][U+FE00][U+180B][U+17B4][U+FFA0]ce');
  });

  test('control: the same request without them reads as written', async () => {
    const v = await victim();
    const opened = await deliverOne(
      env,
      rawMessage({ from: `"Zoë Ḿartin" <${v.email}>`, subject: 'Lost my phone 🙂', body: request('Zoë Ḿartin', 'Ελένη SRL') }),
    );
    const ticket = await ticketRow(opened.ticketId!);
    const a = await agent();
    const c = await loggedIn(web.app, { email: a.email, password: a.password, totpSecret: a.totpSecret });
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    expect(page).toContain('Zoë Ḿartin');
    expect(page).toContain('Ελένη SRL');
    expect(page).not.toMatch(/\[U\+/);
  });
});
