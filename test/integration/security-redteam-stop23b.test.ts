// Attacks tried in stop 23, second pass (docs/security-log.md "Attacks tried in stop 23, second pass"), on the
// real pipeline with mail genuinely DKIM-signed against the offline zone. Eve has the holder's
// password, sends mail from anywhere, forges headers, registers look-alike domains and writes mail
// the holder may answer. The first pass found our MX's Authentication-Results carrying Eve's text
// inside a comment; this pass tries the siblings of that class (text the sender chose inside
// something we trust or parse structurally), the account directory around the reset, and the
// operators' surfaces. Each attack has a control that differs only in the attacked detail.
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, inboundMessages, tickets } from '../../src/adapters/db/schema/index.ts';
import { newTotpSecret, totpCode } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { replayMessage } from '../../src/steps/replay-message.ts';
import { runDueReset } from '../../src/steps/reset-2fa.ts';
import { seedAgent, TEST_AUTHSERV, type TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, settleOutbox, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const OUR_MX = 'mx.bpart.test';
const { running, victim, zone, signed, ticketRow, askedForOrganisation } = useRedTeam('stop23b-', { TRUSTED_RECEIVED_BY: OUR_MX });
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const holderRequest = (email: string, extra: Partial<Parameters<typeof rawMessage>[0]> = {}) =>
  rawMessage({ from: `Alice Martin <${email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL'), ...extra });

describe('our MX’s Received header, with the HELO name Eve chose written into it', () => {
  // TRUSTED_RECEIVED_BY names our MX: the client its topmost Received header names is the hop
  // whose SPF we check. The MX writes `from <HELO> (<reverse DNS> [<client IP>])`: the HELO is
  // the client's own word. An address literal is a valid HELO (RFC 5321 §4.1.3), and Postfix
  // joins a HELO's words with spaces. Eve connects from 198.51.100.7 (no one's SPF lists it) and
  // names in her HELO the IP the holder's domain authorises, with MAIL FROM the holder.
  const HOLDERS_SERVER = '203.0.113.25';
  const EVE = '198.51.100.7';
  const received = (from: string) => `Received: from ${from}\r\n\tby ${OUR_MX} (Postfix) with ESMTP id 4Q2b; ${new Date().toUTCString()}`;
  const holder = async () => {
    const v = await victim();
    zone.txt(v.domain, `v=spf1 ip4:${HOLDERS_SERVER} -all`);
    return v;
  };

  test.each([
    ['an address-literal HELO (Postfix)', `[${HOLDERS_SERVER}] (unknown [${EVE}])`],
    ['a HELO of several words with a literal (Postfix joins them)', `mail.good.example [${HOLDERS_SERVER}] (unknown [${EVE}])`],
    ['a HELO that writes a whole client comment and a by clause', `x (mail.good.example [${HOLDERS_SERVER}]) by ${OUR_MX} (unknown [${EVE}])`],
    ['a HELO that writes a comment of its own after a literal', `[${HOLDERS_SERVER}]) (x (unknown [${EVE}])`],
  ])('%s: never the holder’s server', async (_name, fromClause) => {
    const v = await holder();
    const row = await deliverOne(env, holderRequest(v.email, { top: [`Return-Path: <${v.email}>`, received(fromClause)] }));
    // Before: spf_aligned_pass_trusted_hop for the IP in Eve's HELO, an authenticated complete ticket, the acknowledgement sent.
    expect(row.authenticated).toBe(false);
    expect((row.auth as { reason: string }).reason).not.toBe('spf_aligned_pass_trusted_hop');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('an Exim header without reverse DNS, Eve’s literal as helo=: the IP our MX wrote, not hers', async () => {
    const v = await holder();
    const row = await deliverOne(env, holderRequest(v.email, { top: [`Return-Path: <${v.email}>`, received(`[${EVE}] (helo=[${HOLDERS_SERVER}])`)] }));
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
  });

  test.each([
    ['Postfix', `mail.good.example (mail.good.example [${HOLDERS_SERVER}])`],
    ['Postfix with the client port', `mail.good.example (mail.good.example [${HOLDERS_SERVER}]:41234)`],
    ['Postfix, no reverse DNS', `mail.good.example (unknown [${HOLDERS_SERVER}])`],
    ['Exim', `mail.good.example ([${HOLDERS_SERVER}] helo=mail.good.example)`],
  ])('control: the holder’s server as our MX names it (%s) is the trusted hop', async (_name, fromClause) => {
    const v = await holder();
    const row = await deliverOne(env, holderRequest(v.email, { top: [`Return-Path: <${v.email}>`, received(fromClause)] }));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect((row.auth as { reason: string }).reason).toBe('spf_aligned_pass_trusted_hop');
    expect(recipients(sink)).toEqual([v.email]);
  });

  test.each([
    ['a quoted local part holding the holder’s address and a `>`', (d: string) => `<"alice@${d}>"@evil-esp23.example>`],
    ['a quoted local part holding the holder’s domain after an `@`', (d: string) => `<"x@${d}"@evil-esp23.example>`],
    ['a source route through the holder’s domain', (d: string) => `<@${d}:eve@evil-esp23.example>`],
  ])('the Return-Path of Eve’s own domain at a sending service the holder’s SPF lists: %s', async (_name, returnPath) => {
    // The service lets Eve send only from her own verified domain; the delivery agent copies her
    // MAIL FROM into Return-Path as she wrote it.
    const v = await holder();
    const row = await deliverOne(
      env,
      holderRequest(v.email, { top: [`Return-Path: ${returnPath(v.domain)}`, received(`out.esp.example (out.esp.example [${HOLDERS_SERVER}])`)] }),
    );
    // Before (the first): the address was read up to its first `>`: SPF of the holder's domain, passed. The other two held (SPF reads the last `@`).
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: a plain Return-Path of the holder’s domain from the same service is the trusted hop', async () => {
    const v = await holder();
    const row = await deliverOne(
      env,
      holderRequest(v.email, { top: [`Return-Path: <bounces@${v.domain}>`, received(`out.esp.example (out.esp.example [${HOLDERS_SERVER}])`)] }),
    );
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('the account changing while an approval resets it (builtin directory, no cancel window)', () => {
  // The approval reads the account's version, then clears its second factor. The holder, who
  // found their phone, enrols a new authenticator in that very moment: their transaction holds the
  // account row when the approval reads it and commits just before the approval writes.
  const code = (secret: string) => totpCode(secret, Math.floor(Date.now() / 1000));
  const secretOf = async (id: number) =>
    (await env.app.deps.db.select({ totpSecret: accounts.totpSecret }).from(accounts).where(eq(accounts.id, id)))[0]!.totpSecret;
  const readyTicket = async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(holderRequest(v.email), v.domain));
    expect(opened).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, opened.ticketId!));
    expect(ticket!.status).toBe('ready');
    return { v, ticket: ticket! };
  };

  test('a second factor enrolled while the approval runs is never cleared', async () => {
    const { v, ticket } = await readyTicket();
    const agent = await seedAgent(env, `race-${ticket.id}@bpart.test`);
    const enrolled = env.app.deps.secrets.seal(newTotpSecret(), `account:${v.id}`);
    const other = postgres(env.database.url, { max: 1, onnotice: () => {} });
    const watch = postgres(env.database.url, { max: 1, onnotice: () => {} });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const enrolment = other.begin(async (t) => {
        await t`update accounts set totp_secret = ${enrolled}, must_enrol_totp = false, updated_at = now() where id = ${v.id}`;
        locked();
        await held;
      });
      await isLocked;
      const approval = approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await code(agent.totpSecret) }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      // The approval has read the account (unchanged, as committed) and waits on the holder's row.
      await waitFor(
        async () => (await watch`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)[0]!.n > 0,
        {
          timeoutMs: 5000,
        },
      ).catch(() => undefined);
      release();
      await enrolment;
      const outcome = await approval;
      // Before: done; the authenticator enrolled a moment earlier was cleared.
      expect(await secretOf(v.id)).toBe(enrolled);
      expect(outcome).toMatchObject({ error: { code: 'approval.account_changed' } });
    } finally {
      await other.end();
      await watch.end();
    }
  });

  test('the delayed reset at the end of the cancel window, while the holder enrols: never cleared', async () => {
    const { v, ticket } = await readyTicket();
    const agent = await seedAgent(env, `race-${ticket.id}@bpart.test`);
    const config = env.app.deps.config as { RECOVERY_CANCEL_WINDOW: number };
    config.RECOVERY_CANCEL_WINDOW = 3_600_000;
    try {
      await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await code(agent.totpSecret) })).resolves.toMatchObject({
        status: 'approved',
      });
    } finally {
      config.RECOVERY_CANCEL_WINDOW = 0;
    }
    // The window is over (nobody cancelled).
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, ticket.id));
    const enrolled = env.app.deps.secrets.seal(newTotpSecret(), `account:${v.id}`);
    const other = postgres(env.database.url, { max: 1, onnotice: () => {} });
    const watch = postgres(env.database.url, { max: 1, onnotice: () => {} });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const enrolment = other.begin(async (t) => {
        await t`update accounts set totp_secret = ${enrolled}, must_enrol_totp = false, updated_at = now() where id = ${v.id}`;
        locked();
        await held;
      });
      await isLocked;
      const reset = runDueReset(env.app.deps, ticket.id);
      await waitFor(
        async () => (await watch`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)[0]!.n > 0,
        {
          timeoutMs: 5000,
        },
      ).catch(() => undefined);
      release();
      await enrolment;
      // Before: done; the authenticator enrolled a moment earlier was cleared.
      expect(await reset).toMatchObject({ result: 'account_changed' });
      expect(await secretOf(v.id)).toBe(enrolled);
    } finally {
      await other.end();
      await watch.end();
    }
    await settleOutbox(env);
  });

  test('control: an approval with no enrolment beside it resets at once', async () => {
    const { v, ticket } = await readyTicket();
    const agent = await seedAgent(env, `race-${ticket.id}@bpart.test`);
    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await code(agent.totpSecret) })).resolves.toMatchObject({
      status: 'done',
    });
    expect(await secretOf(v.id)).toBeNull();
    await settleOutbox(env);
    expect(recipients(sink)).toContain(v.email);
  });
});

describe('our MX’s Authentication-Results: Eve’s text in a property value, not a comment', () => {
  // An MX that copies the envelope sender or a DKIM selector as a property value. A `;` could
  // start a result of Eve's: an unquoted MAIL FROM cannot hold one (a quoted local part keeps it
  // inside its quotes) and a DKIM tag value never does (`;` ends the tag).
  test.each([
    ['a quoted MAIL FROM holding `;dmarc=pass`', (d: string) => `spf=pass smtp.mailfrom="x;dmarc=pass header.from=${d};"@evil-ar23b.example`],
    ['a selector with spaces writing `dmarc=pass`', (d: string) => `dkim=pass header.d=evil-ar23b.example header.s=x dmarc=pass header.from=${d}`],
    [
      'a second dmarc=pass for the holder’s domain beside the MX’s for Eve’s',
      (d: string) => `dmarc=pass header.from=evil-ar23b.example; dmarc=pass header.from=${d}`,
    ],
  ])('%s: never an authenticated request of the holder', async (_name, results) => {
    const v = await victim();
    const row = await deliverOne(env, holderRequest(v.email, { top: [`Authentication-Results: ${TEST_AUTHSERV}; ${results(v.domain)}`] }));
    expect(row.authenticated).toBe(false);
    expect((row.auth as { reason: string }).reason).toBe('trusted_authserv_no_dmarc_pass');
    expect(recipients(sink)).toEqual([]);
  });
});

describe('support named only where a delivery agent writes it', () => {
  test('the holder’s signed mail to Eve, with Delivered-To and X-Original-To: support added on top: not a request to support', async () => {
    const v = await victim();
    const toEve = holderRequest(v.email).replace('To: support@bpart.test', 'To: Eve <eve@evil-23b.example>');
    const raw = `Delivered-To: support@bpart.test\r\nX-Original-To: support@bpart.test\r\nEnvelope-To: support@bpart.test\r\n${await signed(toEve, v.domain)}`;
    const row = await deliverOne(env, raw);
    expect(row.authenticated).toBe(false);
    expect((row.auth as { reason: string }).reason).toBe('not_addressed_to_support');
    expect(recipients(sink)).toEqual([]);
    // control: the same mail written to support (it takes over the unauthenticated ticket the attack opened)
    const control = await deliverOne(env, `Delivered-To: support@bpart.test\r\n${await signed(holderRequest(v.email), v.domain)}`);
    expect(control).toMatchObject({ authenticated: true });
    expect(['ticket_opened', 'ticket_updated']).toContain(control.outcome);
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('a thread of thousands of ids', () => {
  test('the holder’s answer to our request for details, its References padded with 6,000 ids of Eve’s thread: merged, read in time', async () => {
    const v = await victim();
    const ticket = await askedForOrganisation(v);
    const ours = sink.messages.filter((m) => m.envelope.to.includes(v.email)).at(-1)?.messageId;
    expect(ours).toMatch(/^<rd\.REC-/);
    const padding = Array.from({ length: 6000 }, (_, i) => `<p${i}.rd.${ticket.ref}.x@bpart.test>`).join('\r\n ');
    const answer = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Re: [${ticket.ref}] More details needed`,
      headers: [`In-Reply-To: ${ours}`, `References: ${padding}\r\n ${ours}`],
      body: 'Here you are.\n\nAlice Martin\nGood Example SRL',
    });
    const started = Date.now();
    const row = await deliverOne(env, await signed(answer, v.domain));
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).missing).toEqual([]);
    // What we store to thread our next mail is bounded, whatever the holder's client sent.
    expect(((await ticketRow(ticket.id)) as { threadReferences?: string[] }).threadReferences?.length ?? 0).toBeLessThanOrEqual(10);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('operators: mail Eve gets quarantined, replayed later', () => {
  test('Eve’s padded copy of the holder’s signed request, quarantined, then replayed after the holder’s own copy: held, nothing sent twice', async () => {
    const v = await victim();
    const genuine = await signed(holderRequest(v.email), v.domain);
    // Eve holds a copy (the holder sent it to her by mistake, To: support all the same) and pads it
    // with an unsigned header over MAX_HEADER_BYTES, so it waits in quarantine.
    const pad = `X-Pad: ${Array.from({ length: 5000 }, () => 'x'.repeat(60)).join('\r\n ')}`;
    const evesCopy = await deliverOne(env, `${pad}\r\n${genuine}`);
    expect(evesCopy).toMatchObject({ status: 'quarantined', reason: 'headers_too_large' });
    const first = await deliverOne(env, genuine);
    expect(first).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
    sink.clear();
    // The operator raises the limit and replays the quarantine.
    const config = env.app.deps.config as { MAX_HEADER_BYTES: number };
    const limit = config.MAX_HEADER_BYTES;
    config.MAX_HEADER_BYTES = 4 * 1024 * 1024;
    try {
      await replayMessage(env.app.deps, evesCopy.id, 'operator@bpart.test');
      const replayed = await waitFor(async () => {
        const [row] = await env.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.id, evesCopy.id));
        return row && row.status !== 'stored' && row.status !== 'quarantined' ? row : null;
      });
      expect(replayed.outcome).toBe('ignored');
      expect(['duplicate_message_id', 'dkim_replay']).toContain(replayed.reason);
      expect(replayed.ticketId === null || replayed.ticketId === first.ticketId).toBe(true);
    } finally {
      config.MAX_HEADER_BYTES = limit;
    }
    expect(recipients(sink)).toEqual([]);
    expect((await ticketRow(first.ticketId!)).status).toBe('ready');
  });
});

describe('operators: huge and deeply nested mail, and floods, do not bury the holder', () => {
  test('a message nested 400 multiparts deep, and one nested 2,000 deep, end processed or quarantined; the holder’s next request opens its ticket', async () => {
    const nested = (depth: number) => {
      let body = 'Content-Type: text/plain\r\n\r\nI lost my phone, please reset my 2FA.\r\n';
      for (let i = 0; i < depth; i++) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
      return body;
    };
    const v = await victim();
    for (const depth of [400, 2000]) {
      const raw = `From: Alice Martin <${v.email}>\r\nTo: support@bpart.test\r\nSubject: Lost my phone\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <nest${depth}-${process.pid}@evil-23b.example>\r\nMIME-Version: 1.0\r\n${nested(depth)}`;
      const row = await deliverOne(env, raw);
      expect(['processed', 'quarantined']).toContain(row.status);
      expect(row.authenticated ?? false).toBe(false);
    }
    expect(recipients(sink)).toEqual([]);
    // The holder's signed request (taking over the unauthenticated ticket the 400-deep one opened).
    const holder = await deliverOne(env, await signed(holderRequest(v.email), v.domain));
    expect(holder).toMatchObject({ authenticated: true });
    expect(['ticket_opened', 'ticket_updated']).toContain(holder.outcome);
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('Eve spends every allowance she can reach (her signed mailboxes at the holder’s own domain, forgeries as the holder, forgeries for strangers): the holder’s signed request still opens and is answered', async () => {
    const v = await victim();
    // 32 requests from Eve's own signed mailboxes at the holder's domain (over the domain's 30 / 10 min).
    for (let i = 0; i < 32; i++) {
      await deliverOne(
        env,
        await signed(rawMessage({ from: `Eve Martin <eve${i}@${v.domain}>`, subject: 'Lost my phone', body: request('Eve Martin', 'Evil SRL') }), v.domain),
      );
    }
    // 6 forgeries as the holder (over the unauthenticated per-address 5 / 10 min) and 52 for strangers (over 50 / 10 min for all).
    for (let i = 0; i < 6; i++) await deliverOne(env, holderRequest(v.email));
    for (let i = 0; i < 52; i++) await deliverOne(env, holderRequest(`someone${i}@stranger-23b.example`));
    const held = await env.app.deps.db.select({ reason: inboundMessages.reason }).from(inboundMessages).where(eq(inboundMessages.outcome, 'ignored'));
    expect(held.map((r) => r.reason)).toContain('throttled_unauthenticated_sender');
    sink.clear();
    const holder = await deliverOne(env, await signed(holderRequest(v.email), v.domain));
    expect(holder).toMatchObject({ authenticated: true });
    expect(['ticket_opened', 'ticket_updated']).toContain(holder.outcome);
    expect(recipients(sink)).toContain(v.email);
  }, 120_000);
});
