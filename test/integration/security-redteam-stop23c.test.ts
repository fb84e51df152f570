// Attacks tried in stop 23, third pass (docs/security-log.md "Attacks tried in stop 23, third pass"): Eve, who
// has the password, knows the holder's name, organisation and colleagues, and sends mail from
// anywhere, works on the agent instead of the pipeline (what the console shows is partly her
// text), on the holder's net (the notice at the stored address, the cancel and "This wasn't me"
// links) and on the agents' workflow. Real pipeline (PostgreSQL, Redis, BullMQ workers, an SMTP
// sink) with mail genuinely DKIM-signed against the offline zone, and the console over Fastify's
// inject. Each attack has a control that differs only in the attacked detail.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { eventsOfTicket } from '../../src/adapters/db/events.repository.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { runDueReset } from '../../src/steps/reset-2fa.ts';
import { seedAgent, type TestEnv } from '../support/app.ts';
import {
  deliverOne,
  expectTwoFactorUntouched,
  rawMessage,
  recipients,
  request,
  settleOutbox,
  useRedTeam,
  useRedTeamConsole,
  OVERRIDE_REASON,
  runCli,
} from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { client, codeAt, loggedIn } from '../e2e/console-support.ts';

const { running, victim, signed, ticketRow } = useRedTeam('stop23c-', { RECOVERY_CANCEL_WINDOW: '24h' });
const web = useRedTeamConsole('stop23c-', running);
const agent = () => web.agent();
const REASON = OVERRIDE_REASON;
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

/** The forged request Eve writes as the holder (unsigned: she has no access to their mailbox). */
const forgery = (email: string, body = request('Alice Martin', 'Good Example SRL')) =>
  rawMessage({ from: `Alice Martin <${email}>`, subject: 'Lost my phone', body });

/** Two different agents approve an unauthenticated ticket with the override reason (SPEC §6 rule 6). */
async function approveWithOverride(ref: string) {
  const first = await agent();
  const second = await agent();
  await expect(approveTicket(env.app.deps, { ref, agentEmail: first.email, totpCode: await codeAt(first.totpSecret), reason: REASON })).resolves.toMatchObject({
    status: 'awaiting_second_approver',
  });
  return approveTicket(env.app.deps, { ref, agentEmail: second.email, totpCode: await codeAt(second.totpSecret), reason: REASON });
}

/** The cancel window ends now (the delayed reset-2fa job is due). */
async function windowEnds(ticketId: number) {
  await env.app.deps.db
    .update(tickets)
    .set({ resetDueAt: new Date(Date.now() - 1_000) })
    .where(eq(tickets.id, ticketId));
  return runDueReset(env.app.deps, ticketId);
}

/**
 * The stored address's outbound allowance used up (10 mails in 10 minutes, SPEC §6 rule 3): the
 * mails agents sent it while answering Eve's earlier forgeries (a request for details, a
 * rejection, each with its "This wasn't me" link), or any burst of the holder's own.
 */
async function allowanceUsedUp(to: string) {
  const now = new Date();
  await env.app.deps.db.insert(outbox).values(
    Array.from({ length: 10 }, (_, i) => ({
      dedupeKey: `stop23c-burst:${to}:${i}`,
      kind: 'rejected',
      language: 'en',
      toAddress: to,
      subject: 'Your request',
      body: 'fixed template',
      ourMessageId: `<stop23c-burst-${i}-${now.getTime()}-${to}@bpart.test>`,
      status: 'sent' as const,
      sentAt: now,
    })),
  );
}

describe('the holder’s net: the approval notice with its cancel link', () => {
  test('a reset whose approval notice never reached the stored address does not run when the window ends', async () => {
    const v = await victim();
    const forged = await deliverOne(env, forgery(v.email));
    expect(forged).toMatchObject({ authenticated: false, outcome: 'ticket_opened' });
    // No backscatter: the holder hears nothing of the forgery itself (SPEC §6 rule 3) …
    expect(recipients(sink)).toEqual([]);
    const ticket = await ticketRow(forged.ticketId!);
    await allowanceUsedUp(v.email);
    await expect(approveWithOverride(ticket.ref)).resolves.toMatchObject({ status: 'approved' });
    await settleOutbox(env);
    // … so the approval notice is the holder's one chance to cancel, and it was suppressed.
    const [notice] = await env.app.deps.db
      .select({ status: outbox.status })
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticket.id), eq(outbox.kind, 'approved_notice')));
    expect(notice?.status).toBe('suppressed');
    expect(recipients(sink)).toEqual([]);
    // The agents are not told "the holder can cancel until …" on the ticket page.
    const c = await loggedIn(web.app, await agent());
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    expect(page).toMatch(/The account holder was not told of this approval/);
    expect(page).not.toMatch(/unless the account holder cancels/);
    // Before: the reset ran at the end of the window, the holder never told.
    const due = await windowEnds(ticket.id);
    expect(due.result).toBe('holder_not_told');
    await expectTwoFactorUntouched(env, [v.email]);
    const after = await ticketRow(ticket.id);
    expect(after.status).toBe('ready');
    const events = await eventsOfTicket(env.app.deps.db, ticket.id);
    expect(events.find((e) => e.type === 'approval_voided')?.data).toMatchObject({ reason: 'holder_not_told' });
  });

  test('control: the notice sent, the reset runs when the window ends', async () => {
    const v = await victim();
    const forged = await deliverOne(env, forgery(v.email));
    const ticket = await ticketRow(forged.ticketId!);
    await expect(approveWithOverride(ticket.ref)).resolves.toMatchObject({ status: 'approved' });
    await settleOutbox(env);
    expect(recipients(sink)).toEqual([v.email]);
    expect(sink.messages[0]?.raw.toString('utf8') ?? '').toMatch(/\/r\/cancel\//);
    const c = await loggedIn(web.app, await agent());
    expect((await c.get(`/tickets/${ticket.ref}`)).body).toMatch(/unless the account holder cancels/);
    const due = await windowEnds(ticket.id);
    expect(due.result).toBe('done');
    const [row] = await env.app.deps.db.select({ totp: accounts.totpSecret }).from(accounts).where(eq(accounts.email, v.email));
    expect(row?.totp).toBeNull();
  });
});

/** The ticket page's article for the message whose text holds `marker`. */
function articleWith(page: string, marker: string): string {
  const article = page
    .split('<article')
    .slice(1)
    .find((part) => part.includes(marker));
  expect(article, `a message holding ${marker}`).toBeDefined();
  return article!.split('</article>')[0]!;
}

describe('deceiving the agent: what the console shows of Eve’s text', () => {
  test('Eve’s forged follow-up on the holder’s authenticated ticket says, on its own card, that it is not authenticated', async () => {
    const v = await victim();
    const opened = await deliverOne(
      env,
      await signed(rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL') }), v.domain),
    );
    expect(opened).toMatchObject({ authenticated: true });
    const ticket = await ticketRow(opened.ticketId!);
    // Eve, written as the holder in the ticket's thread: the number the agent should call for the
    // independent check. Kept apart (unverified_message_received), but shown among the messages.
    const forged = await deliverOne(
      env,
      rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: `Re: [${ticket.ref}] Your request`,
        body: 'My phone was stolen with my SIM: for the identity check please call me on my new number +32 470 99 99 01, not the old one.\n\nAlice Martin\nGood Example SRL',
      }),
    );
    expect(forged).toMatchObject({ authenticated: false, ticketId: ticket.id, reason: 'unverified_not_merged' });
    const c = await loggedIn(web.app, await agent());
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    // The ticket is authenticated (the holder's request) …
    expect(page).toContain('Authenticated');
    // … and Eve's message, From the holder's address, must not borrow that verdict.
    const eve = articleWith(page, '+32 470 99 99 01');
    expect(eve).toMatch(/Not authenticated/);
    const holder = articleWith(page, 'I lost my phone last weekend');
    expect(holder).toMatch(/badge ok">Authenticated/);
    expect(holder).not.toMatch(/Not authenticated/);
    // The ticket's flag reads in words, not as a code.
    expect(page).not.toMatch(/>unverified_message_received</);
    expect(page).toMatch(/unverified message/i);
  });

  test('bidi overrides and invisible characters in the display name, subject and stated fields are shown, never obeyed', async () => {
    const v = await victim();
    const RLO = '\u202E';
    const ZWSP = '\u200B';
    const raw = await signed(
      rawMessage({
        from: `"Alice Martin ${RLO}elpmaxe.doog@ecila" <${v.email}>`,
        subject: `Lost my phone ${RLO}deifirev`,
        body: request(`Ali${ZWSP}ce Martin`, `Good Ex${ZWSP}ample SRL`),
      }),
      v.domain,
    );
    const opened = await deliverOne(env, raw);
    const ticket = await ticketRow(opened.ticketId!);
    expect(ticket.signals.flags).toEqual(expect.arrayContaining(['bidi']));
    const c = await loggedIn(web.app, await agent());
    for (const url of [`/tickets/${ticket.ref}`, '/tickets', '/tickets?status=all']) {
      const page = (await c.get(url)).body;
      // No bidi control or zero-width character reaches the page raw: each is shown as its code point.
      expect(page, url).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\uFEFF]/);
    }
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    expect(page).toContain('[U+202E]');
    expect(page).toContain('[U+200B]');
  });

  test('Eve’s manufactured signals (the holder’s name, organisation and copied signature) are never shown as reassuring on a forgery', async () => {
    const v = await victim();
    const forged = await deliverOne(env, forgery(v.email));
    expect(forged).toMatchObject({ authenticated: false });
    const ticket = await ticketRow(forged.ticketId!);
    expect(ticket.signals).toMatchObject({ nameMatch: 'match', organisationMatch: 'match' });
    const c = await loggedIn(web.app, await agent());
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    const queue = (await c.get('/tickets?status=all')).body;
    const row = queue.split('<tr>').find((r) => r.includes(ticket.ref))!;
    for (const [what, html] of [
      ['ticket', page],
      ['queue row', row],
    ] as const) {
      // Before: green "Name: match" and "Org: match" beside the red "Not authenticated".
      expect(html, what).not.toMatch(/badge ok">(Name|Org): match/);
      expect(html, what).toMatch(/Name: match \(unverified sender\)/);
      expect(html, what).toMatch(/Org: match \(unverified sender\)/);
    }
    expect(page).toMatch(/named in the text \(by an unverified sender/);
  });

  test('control: the holder’s signed request shows the same matches as matches', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(forgery(v.email), v.domain));
    expect(opened).toMatchObject({ authenticated: true });
    const ticket = await ticketRow(opened.ticketId!);
    const c = await loggedIn(web.app, await agent());
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    expect(page).toMatch(/badge ok">Name: match/);
    expect(page).toMatch(/badge ok">Org: match/);
    expect(page).not.toMatch(/unverified sender/);
  });

  test('control: a name in another script (no control characters) is shown as written', async () => {
    const v = await victim();
    const opened = await deliverOne(
      env,
      await signed(
        rawMessage({ from: `"Zoë Ḿartin Ελένη" <${v.email}>`, subject: 'Lost my phone', body: request('Zoë Martin', 'Good Example SRL') }),
        v.domain,
      ),
    );
    const ticket = await ticketRow(opened.ticketId!);
    const c = await loggedIn(web.app, await agent());
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    expect(page).toContain('Zoë Ḿartin Ελένη');
    expect(page).not.toContain('[U+');
  });
});

/** The token of a link of `kind` in the last mail the sink holds for `to`. */
function tokenIn(to: string, kind: 'cancel' | 'not-me'): string {
  const mail = [...sink.messages].reverse().find((m) => m.envelope.to.includes(to));
  const match = new RegExp(`/r/${kind}/([A-Za-z0-9_-]+)`).exec(mail?.parsed.text ?? '');
  expect(match, `a ${kind} link in the mail to ${to}`).not.toBeNull();
  return match![1]!;
}

describe('the holder’s links against mail scanners that fetch every link', () => {
  test('GET and HEAD of the cancel and "This wasn’t me" links, again and again, change nothing; the holder’s own click then works', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(forgery(v.email), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    const approver = await agent();
    sink.clear();
    await expect(
      approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: approver.email, totpCode: await codeAt(approver.totpSecret) }),
    ).resolves.toMatchObject({
      status: 'approved',
    });
    await settleOutbox(env);
    const cancel = tokenIn(v.email, 'cancel');
    const notMe = tokenIn(v.email, 'not-me');
    // 128-bit tokens (22 base64url characters), neither stored in clear.
    for (const token of [cancel, notMe]) expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const stored = JSON.stringify(await env.app.deps.db.select().from(tickets).where(eq(tickets.id, ticket.id)));
    expect(stored).not.toContain(cancel);
    // A scanner (Safe Links, a gateway) fetches each link several times, with and without a browser's headers.
    const scanner = client(web.app);
    for (let i = 0; i < 3; i++) {
      for (const url of [`/r/cancel/${cancel}`, `/r/not-me/${notMe}`]) {
        expect((await scanner.get(url, { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks)' })).statusCode, url).toBe(200);
        expect((await web.app.inject({ method: 'HEAD', url })).statusCode, url).toBeLessThan(500);
        await web.app.inject({ method: 'OPTIONS', url });
      }
    }
    const after = await ticketRow(ticket.id);
    expect(after.status).toBe('approved');
    expect(after.signals.flags ?? []).not.toContain('holder_disputed');
    // Control: the holder presses the button (a same-origin POST from the page) once.
    const holder = client(web.app);
    const used = await holder.post('/r/not-me', { token: notMe }, { 'sec-fetch-site': 'same-origin' });
    expect(used.statusCode).toBe(200);
    expect((await ticketRow(ticket.id)).status).toBe('cancelled');
    // Single use: the cancel link of the same mail now changes nothing more, the dispute answers "already done".
    expect((await holder.post(`/r/cancel/${cancel}`, {}, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(410);
    expect((await holder.post('/r/not-me', { token: notMe }, { 'sec-fetch-site': 'same-origin' })).body).toMatch(/already/i);
  });

  test('a POST of the holder’s token from another site (a page Eve makes the holder’s scanner or browser load) is refused', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(forgery(v.email), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    const approver = await agent();
    sink.clear();
    await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: approver.email, totpCode: await codeAt(approver.totpSecret) });
    await settleOutbox(env);
    const cancel = tokenIn(v.email, 'cancel');
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
      expect((await client(web.app).post(`/r/cancel/${cancel}`, {}, headers)).statusCode).toBe(403);
    }
    expect((await ticketRow(ticket.id)).status).toBe('approved');
  });
});

describe('the agents’ workflow', () => {
  test('Eve’s forged follow-up merged into her unauthenticated ticket after the agent opened it: the approval from that page is refused', async () => {
    const v = await victim();
    const forged = await deliverOne(env, forgery(v.email));
    const ticket = await ticketRow(forged.ticketId!);
    expect(ticket.status).toBe('ready');
    const [first, second, third] = [await agent(), await agent(), await agent()];
    // Agent A opens the ticket: Eve's one message.
    const a = await loggedIn(web.app, first);
    const pageA = (await a.get(`/tickets/${ticket.ref}`)).body;
    const seenByA = evidenceOf(pageA);
    const csrfA = csrfOf(pageA);
    // Eve then adds a second forged message (merged: the ticket is unauthenticated): what the
    // agents will act on for the identity check, which A never read.
    const more = await deliverOne(
      env,
      rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: `Re: [${ticket.ref}] Lost my phone`,
        body: 'My SIM went with the phone: please call me on +32 470 99 99 02 for the check.\n\nAlice Martin',
      }),
    );
    expect(more).toMatchObject({ authenticated: false, ticketId: ticket.id });
    // A's approval, from the page A read, is refused: A never saw the message that completed it.
    const refused = await a.post(`/tickets/${ticket.ref}/approve`, {
      _csrf: csrfA,
      evidence: seenByA,
      reason: REASON,
      code: await codeAt(first.totpSecret, 1),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/changed since you opened it/);
    expect((await ticketRow(ticket.id)).status).toBe('ready');
    const events = await eventsOfTicket(env.app.deps.db, ticket.id);
    expect(events.filter((e) => e.type === 'approval_refused').map((e) => (e.data as { code: string }).code)).toContain('ticket.evidence_changed');
    // Control: two agents who open the ticket now approve what the page shows (override, two approvers).
    for (const who of [second, third]) {
      const c = await loggedIn(web.app, who);
      const page = (await c.get(`/tickets/${ticket.ref}`)).body;
      const done = await c.post(`/tickets/${ticket.ref}/approve`, {
        _csrf: csrfOf(page),
        evidence: evidenceOf(page),
        reason: REASON,
        code: await codeAt(who.totpSecret, 1),
      });
      expect(done.statusCode).toBe(303);
    }
    expect((await ticketRow(ticket.id)).status).toBe('approved');
  });

  test('an agent who is the holder cannot approve as first or second approver, whatever the ticket’s sender; another agent can', async () => {
    const v = await victim();
    // The holder works at support too: their agent login is their own mailbox.
    const holderAgent = await seedAgent(env, v.email);
    const forged = await deliverOne(env, forgery(v.email));
    const ticket = await ticketRow(forged.ticketId!);
    const other = await agent();
    await expect(
      approveTicket(env.app.deps, {
        ref: ticket.ref,
        agentEmail: holderAgent.email.toUpperCase(),
        totpCode: await codeAt(holderAgent.totpSecret),
        reason: REASON,
      }),
    ).rejects.toMatchObject({ code: 'approval.own_account' });
    await expect(
      approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: other.email, totpCode: await codeAt(other.totpSecret), reason: REASON }),
    ).resolves.toMatchObject({
      status: 'awaiting_second_approver',
    });
    await expect(
      approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: holderAgent.email, totpCode: await codeAt(holderAgent.totpSecret, 1), reason: REASON }),
    ).rejects.toMatchObject({ code: 'approval.own_account' });
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('Eve’s forgeries and the holder’s request for one account make one ticket: the agent cannot pick the wrong one', async () => {
    const v = await victim();
    const first = await deliverOne(env, forgery(v.email));
    const again = await deliverOne(env, forgery(v.email, request('Alice Martin', 'Good Example SRL') + '\n\nPlease hurry.'));
    const holder = await deliverOne(env, await signed(forgery(v.email), v.domain));
    expect(new Set([first.ticketId, again.ticketId, holder.ticketId]).size).toBe(1);
    const ticket = await ticketRow(holder.ticketId!);
    expect(ticket.signals).toMatchObject({ senderAuthenticated: true });
    expect(ticket.signals.flags).toContain('competing_requests');
    const c = await loggedIn(web.app, await agent());
    const queue = (await c.get('/tickets?status=open')).body;
    expect(queue.split(v.email).length - 1).toBe(1);
  });
});

function csrfOf(page: string): string {
  const found = /name="_csrf" value="([^"]+)"/.exec(page);
  expect(found, 'a form').not.toBeNull();
  return found![1]!;
}

function evidenceOf(page: string): string {
  const found = /name="evidence" value="([0-9a-f]{64})"/.exec(page);
  expect(found, 'the approval form').not.toBeNull();
  return found![1]!;
}

describe('the address on file changed first', () => {
  test('Eve had the account’s address changed to hers before writing: her signed, complete request is flagged in the queue row, not only on the ticket', async () => {
    const v = await victim();
    const eve = await victim();
    // The application moved the account to Eve's mailbox yesterday (a support-assisted change,
    // a flaw in the application): every mail "to the holder" now reaches Eve, signed requests included.
    await env.app.deps.db.delete(accounts).where(eq(accounts.email, eve.email));
    await env.app.deps.db
      .update(accounts)
      .set({ email: eve.email, emailChangedAt: new Date(Date.now() - 86_400_000) })
      .where(eq(accounts.id, v.id));
    const opened = await deliverOne(env, await signed(forgery(eve.email), eve.domain));
    expect(opened).toMatchObject({ authenticated: true, accountId: v.id });
    const ticket = await ticketRow(opened.ticketId!);
    expect(ticket.signals.emailChangedRecently).toBe(true);
    const c = await loggedIn(web.app, await agent());
    const row = (await c.get('/tickets?status=open')).body.split('<tr>').find((r) => r.includes(ticket.ref))!;
    // Before: "Authenticated · Name: match · Org: match", all green, in the queue.
    expect(row).toMatch(/badge bad">Email changed recently/);
    expect((await c.get(`/tickets/${ticket.ref}`)).body).toMatch(/The account's email changed recently/);
  });

  test('control: an account whose address did not change shows no such badge', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(forgery(v.email), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    const c = await loggedIn(web.app, await agent());
    const row = (await c.get('/tickets?status=open')).body.split('<tr>').find((r) => r.includes(ticket.ref))!;
    expect(row).not.toMatch(/Email changed recently/);
  });
});

/** The recovery-desk command line against this suite's database, queues and SMTP sink. */
const cli = (args: string[]) => runCli(env, sink, args);

describe('the command line’s approval, bound to what the agent read', () => {
  test('an approval given --evidence from `tickets show` is refused once mail came in after it; the same approval on the current evidence goes through', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(forgery(v.email), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    const approver = await agent();
    const shown = await cli(['tickets', 'show', ticket.ref, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const read = JSON.parse(shown.stdout) as { evidenceHash: string };
    // Eve writes into the thread after the agent read the ticket.
    await deliverOne(
      env,
      rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: `Re: [${ticket.ref}] Your request`,
        body: 'Call me on +32 470 99 99 03 instead.\n\nAlice Martin',
      }),
    );
    const stale = await cli([
      'tickets',
      'approve',
      ticket.ref,
      '--agent',
      approver.email,
      '--totp',
      await codeAt(approver.totpSecret),
      '--evidence',
      read.evidenceHash,
    ]);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toMatch(/changed since you opened it/);
    expect((await ticketRow(ticket.id)).status).toBe('ready');
    // Control: read again, approve on what was read.
    const again = JSON.parse((await cli(['tickets', 'show', ticket.ref, '--json'])).stdout) as { evidenceHash: string };
    const ok = await cli([
      'tickets',
      'approve',
      ticket.ref,
      '--agent',
      approver.email,
      '--totp',
      await codeAt(approver.totpSecret, 1),
      '--evidence',
      again.evidenceHash,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'approved' });
    // A malformed hash is a usage error, not an approval without it.
    const bad = await cli(['tickets', 'approve', ticket.ref, '--agent', approver.email, '--totp', '123456', '--evidence', 'latest']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--evidence/);
  });
});
