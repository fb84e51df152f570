// SPEC §6 rule 15, first half: the holder's "This wasn't me" link, on the real pipeline (the
// BullMQ workers send every mail to an SMTP sink; the delayed reset runs in the worker).
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildHttpApp } from '../../src/web/app.ts';
import { accounts, disputeLinks, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { consoleQueue } from '../../src/steps/console-view.ts';
import { rejectTicket } from '../../src/steps/reject-ticket.ts';
import { runDueReset } from '../../src/steps/reset-2fa.ts';
import { ticketDetail } from '../../src/steps/ticket-view.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { deliverOne, settleOutbox } from '../support/security.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';
import { client, codeAt, ticketByRef } from '../e2e/console-support.ts';

const REQUESTS = {
  en: COMPLETE_REQUEST_EN,
  fr: "Bonjour,\n\nJ'ai perdu mon téléphone et mon application d'authentification, je ne peux plus me connecter.\nPouvez-vous réinitialiser la double authentification de mon compte ?\n\nJe m'appelle Sarah Connor et je gère le compte de Northwind Traders.\n\nCordialement,\nSarah Connor\nNorthwind Traders",
  nl: 'Dag,\n\nZoals gevraagd op jullie website:\n\nNaam: Sarah Connor\nOrganisatie: Northwind Traders\nUitleg: ik heb een nieuwe telefoon gekregen en de oude is teruggezet\nnaar de fabrieksinstellingen, waardoor mijn verificatiecodes weg zijn.\n\nVriendelijke groeten,\nSarah',
} as const;
const WORDING = {
  en: /If you did not ask for this, use this link: it stops the recovery and locks email recovery for 30 days/,
  fr: /Si vous n'êtes pas à l'origine de cette demande, utilisez ce lien : il arrête la récupération et bloque la récupération par e-mail pendant 30 jours/,
  nl: /Hebt u dit niet gevraagd\? Gebruik dan deze link: hij stopt het herstel en blokkeert herstel via e-mail gedurende 30 dagen/,
} as const;
const TIMEOUT = 20_000;

let env: TestEnv;
let sink: SmtpSink;
let app: FastifyInstance;
const logLines: string[] = [];
let n = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  env = await createTestEnv({ SMTP_URL: sink.url, RECOVERY_CHALLENGE: 'link', RECOVERY_CANCEL_WINDOW: '5s', PUBLIC_URL: 'https://desk.bpart.test' });
  env.startWorker();
  // The web app with a logger of its own, to read what operators and agents would see.
  const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => void (logLines.push(String(chunk)), done()) }));
  app = await buildHttpApp({ ...env.app.deps, log }, { ready: async () => ({ postgres: true, redis: true }) });
});
afterAll(async () => {
  await app?.close();
  await env?.close();
  await sink?.close();
});

function mailsTo(email: string): SinkMessage[] {
  return sink.messages.filter((m) => m.envelope.to.includes(email));
}
function linkIn(mail: SinkMessage | undefined, kind: 'not-me' | 'confirm'): string {
  const match = new RegExp(`https://desk\\.bpart\\.test/r/${kind}/([A-Za-z0-9_-]+)`).exec(mail?.parsed.text ?? '');
  if (!match) throw new Error(`no ${kind} link in the mail`);
  return match[1]!;
}
async function lastMailTo(email: string, count: number): Promise<SinkMessage> {
  await settleOutbox(env);
  await waitFor(() => mailsTo(email).length >= count, { timeoutMs: TIMEOUT, what: `${count} mail(s) to ${email}` });
  return mailsTo(email).at(-1)!;
}

/** A holder writes a complete request; returns the acknowledgement they got (with both links). */
async function requestFrom(language: keyof typeof REQUESTS = 'en', body: string = REQUESTS[language]) {
  n += 1;
  const email = `holder${n}@northwind.example`;
  const account = await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  const row = await deliverOne(env, buildMail({ from: email, body }));
  const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
  return { email, account, ticket: ticket!, ack: await lastMailTo(email, 1) };
}

async function approved() {
  const holder = await requestFrom();
  expect((await client(app).post(`/r/confirm/${linkIn(holder.ack, 'confirm')}`, {})).statusCode).toBe(200);
  const agent = await seedAgent(env, `agent${n}@bpart.test`);
  expect((await approveTicket(env.app.deps, { ref: holder.ticket.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret) })).status).toBe(
    'approved',
  );
  const notice = await lastMailTo(holder.email, 2);
  return { ...holder, notice };
}

async function totpSecretOf(accountId: number) {
  const [row] = await env.app.deps.db.select().from(accounts).where(eq(accounts.id, accountId));
  return row!;
}
async function eventsOf(ticketId: number) {
  return (await env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId))).map((e) => e.type);
}
const dispute = (token: string) => client(app).post('/r/not-me', { token });

describe('the link in every mail to the stored address', () => {
  test.each(['fr', 'nl', 'en'] as const)('the acknowledgement in %s carries the link and says plainly what it does', async (language) => {
    const { ack, ticket } = await requestFrom(language);
    expect(ticket.language).toBe(language);
    expect(ack.parsed.text).toMatch(WORDING[language]);
    expect(linkIn(ack, 'not-me')).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits
    const [stored] = await env.app.deps.db.select().from(disputeLinks).where(eq(disputeLinks.ticketId, ticket.id));
    expect(stored!.tokenHash).not.toContain(linkIn(ack, 'not-me')); // only its hash rests in the database
  });

  test('a request for details, the approval notice, the reset notice and a rejection carry it too; the wrong-address notice does not', async () => {
    const partial = await requestFrom('en', 'Hello,\n\nI lost my phone with my authenticator app. Please reset my 2FA.\n\nThanks');
    expect(partial.ack.headers.get('x-recovery-desk-kind')).toBe('request_details');
    expect(partial.ack.parsed.text).toMatch(WORDING.en);

    const done = await approved();
    expect(done.notice.headers.get('x-recovery-desk-kind')).toBe('approved_notice');
    expect(done.notice.parsed.text).toMatch(WORDING.en);
    await waitFor(async () => (await ticketByRef(env, done.ticket.ref)).status === 'done', { timeoutMs: TIMEOUT, what: 'the delayed reset' });
    const confirmation = await lastMailTo(done.email, 3);
    expect(confirmation.headers.get('x-recovery-desk-kind')).toBe('confirmation');
    expect(confirmation.parsed.text).toMatch(/If you did not ask for this, use this link: it alerts our team at once and locks email recovery for 30 days/);
    linkIn(confirmation, 'not-me');

    const rejected = await requestFrom();
    const agent = await seedAgent(env, `rejecter${n}@bpart.test`);
    await rejectTicket(env.app.deps, { ref: rejected.ticket.ref, agentEmail: agent.email, reason: 'We could not verify the organisation.' });
    const rejection = await lastMailTo(rejected.email, 2);
    expect(rejection.headers.get('x-recovery-desk-kind')).toBe('rejection');
    linkIn(rejection, 'not-me');

    // An authenticated sender that matches no account: the fixed notice, no link (it is no holder).
    await deliverOne(env, buildMail({ from: 'stranger@elsewhere.example', body: COMPLETE_REQUEST_EN }));
    const wrong = await lastMailTo('stranger@elsewhere.example', 1);
    expect(wrong.headers.get('x-recovery-desk-kind')).toBe('wrong_address');
    expect(wrong.parsed.text).not.toContain('/r/not-me/');
  });
});

describe('using the link', () => {
  test('opening it (GET, as a link scanner would) shows one button and changes nothing', async () => {
    const { ack, ticket, account } = await requestFrom('fr');
    const token = linkIn(ack, 'not-me');
    const page = await client(app).get(`/r/not-me/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('lang="fr"');
    expect(page.body.match(/<button/g)).toHaveLength(1);
    expect(page.body).toContain('<form method="post" action="/r/not-me">');
    expect((await ticketByRef(env, ticket.ref)).status).toBe('waiting_confirmation');
    expect((await totpSecretOf(account.id)).recoveryLockedUntil).toBeNull();
    expect(await eventsOf(ticket.id)).not.toContain('disputed_by_holder');
  });

  test('the button cancels an open ticket, locks email recovery for 30 days, is audited, alerts agents; a second use changes nothing', async () => {
    const { ack, ticket, account } = await requestFrom();
    const token = linkIn(ack, 'not-me');
    const first = await dispute(token);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('The recovery is stopped');
    const after = await ticketByRef(env, ticket.ref);
    expect(after.status).toBe('cancelled');
    const locked = (await totpSecretOf(account.id)).recoveryLockedUntil!;
    expect(locked.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await eventsOf(ticket.id)).toContain('disputed_by_holder');
    expect((await ticketDetail(env.app.deps, ticket.ref))!.signals.flags).toContain('holder_disputed');
    // Agents: in the default queue, flagged, although cancelled; operators: a warn line without the token.
    const queue = await consoleQueue(env.app.deps, 'open');
    expect(queue.find((row) => row.ref === ticket.ref)?.flags).toContain('holder_disputed');
    const warn = logLines.find((line) => line.includes(ticket.ref) && line.includes('"level":40'));
    expect(warn).toBeDefined();
    expect(logLines.join('\n')).not.toContain(token);
    // The confirmation link of that mail is dead too: the ticket cannot be brought back.
    expect((await client(app).post(`/r/confirm/${linkIn(ack, 'confirm')}`, {})).statusCode).toBe(410);

    const second = await dispute(token);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Already done');
    expect((await totpSecretOf(account.id)).recoveryLockedUntil!.getTime()).toBe(locked.getTime());
    expect((await eventsOf(ticket.id)).filter((e) => e === 'disputed_by_holder')).toHaveLength(1);
    expect((await client(app).get(`/r/not-me/${token}`)).body).toContain('Already done');
  });

  test('an approved ticket is cancelled and the delayed reset never runs; the link of the earlier mail still works', async () => {
    const { ack, notice, ticket, account } = await approved();
    expect(linkIn(notice, 'not-me')).not.toBe(linkIn(ack, 'not-me')); // one token per mail
    expect((await dispute(linkIn(ack, 'not-me'))).body).toContain('The recovery is stopped');
    expect((await ticketByRef(env, ticket.ref)).status).toBe('cancelled');
    // The worker's delayed job (5 s window) comes and goes: 2FA stays, no reset notice is sent.
    const resets = env.app.queues.byName.get('resets')!;
    await waitFor(async () => Object.values(await resets.getJobCounts('delayed', 'active', 'waiting')).every((count) => count === 0), {
      timeoutMs: TIMEOUT,
      what: 'the delayed reset job to run',
    });
    await settleOutbox(env);
    expect((await totpSecretOf(account.id)).totpSecret).not.toBeNull();
    expect((await ticketByRef(env, ticket.ref)).status).toBe('cancelled');
    expect(mailsTo(ticket.senderAddress).map((m) => m.headers.get('x-recovery-desk-kind'))).not.toContain('confirmation');
    // The approval notice's own link now says it was done already.
    expect((await dispute(linkIn(notice, 'not-me'))).body).toContain('Already done');
  });

  test('a done ticket is flagged holder_disputed and stays in the queue; recovery locked; a new request cannot be approved', async () => {
    const { ticket, account, email } = await approved();
    await waitFor(async () => (await ticketByRef(env, ticket.ref)).status === 'done', { timeoutMs: TIMEOUT, what: 'the delayed reset' });
    const confirmation = await lastMailTo(email, 3);
    const page = await dispute(linkIn(confirmation, 'not-me'));
    expect(page.body).toContain('Our team has been alerted');
    const after = await ticketByRef(env, ticket.ref);
    expect(after.status).toBe('done');
    expect((after.signals as { flags: string[] }).flags).toContain('holder_disputed');
    expect((await totpSecretOf(account.id)).recoveryLockedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await consoleQueue(env.app.deps, 'open')).map((r) => r.ref)).toContain(ticket.ref);
    expect((await consoleQueue(env.app.deps, 'disputed')).map((r) => r.ref)).toContain(ticket.ref);

    // The attacker writes again: the new ticket is locked for approval.
    const again = await deliverOne(env, buildMail({ from: email, body: COMPLETE_REQUEST_EN }));
    const [next] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, again.ticketId!));
    const agent = await seedAgent(env, `late${n}@bpart.test`);
    await expect(
      approveTicket(env.app.deps, { ref: next!.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret), reason: 'override' }),
    ).rejects.toMatchObject({ code: 'account.recovery_locked' });
  });

  test('30 days after the ticket closed the link has expired: a clear page, nothing changes', async () => {
    const { ack, ticket, account } = await requestFrom();
    const agent = await seedAgent(env, `closer${n}@bpart.test`);
    await rejectTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, reason: 'Not verified.' });
    await env.app.deps.db
      .update(tickets)
      .set({ closedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(tickets.id, ticket.id));
    const page = await dispute(linkIn(ack, 'not-me'));
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link has expired');
    expect((await totpSecretOf(account.id)).recoveryLockedUntil).toBeNull();
    expect(await eventsOf(ticket.id)).not.toContain('disputed_by_holder');
    // Control: one day short of that, the same kind of link works.
    await env.app.deps.db
      .update(tickets)
      .set({ closedAt: new Date(Date.now() - 29 * 86_400_000) })
      .where(eq(tickets.id, ticket.id));
    expect((await dispute(linkIn(ack, 'not-me'))).body).toContain('Our team has been alerted');
  });

  test('an unknown, tampered or other-purpose token changes nothing', async () => {
    const { ack, ticket, account } = await requestFrom();
    const token = linkIn(ack, 'not-me');
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [tampered, 'not-a-token', '', linkIn(ack, 'confirm')]) {
      const page = await dispute(bad);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('This link cannot be used');
    }
    expect((await client(app).get(`/r/not-me/${tampered}`)).statusCode).toBe(404);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('waiting_confirmation');
    expect((await totpSecretOf(account.id)).recoveryLockedUntil).toBeNull();
    // A cross-site form posting the real token is refused before anything is looked at.
    const forged = await client(app).post('/r/not-me', { token }, { 'sec-fetch-site': 'cross-site' });
    expect(forged.statusCode).toBe(403);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('waiting_confirmation');
    // Control: the real token from our own page works.
    expect((await client(app).post('/r/not-me', { token }, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('cancelled');
  });

  test('a link from an older ticket also stops the newer open request of the same account', async () => {
    const first = await requestFrom();
    const agent = await seedAgent(env, `older${n}@bpart.test`);
    await rejectTicket(env.app.deps, { ref: first.ticket.ref, agentEmail: agent.email, reason: 'Not verified.' });
    const again = await deliverOne(env, buildMail({ from: first.email, body: COMPLETE_REQUEST_EN }));
    const [newer] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, again.ticketId!));
    expect(newer!.id).not.toBe(first.ticket.id);
    expect((await dispute(linkIn(first.ack, 'not-me'))).statusCode).toBe(200);
    expect((await ticketByRef(env, first.ticket.ref)).status).toBe('rejected');
    const stopped = await ticketByRef(env, newer!.ref);
    expect(stopped.status).toBe('cancelled');
    expect((stopped.signals as { flags: string[] }).flags).toContain('holder_disputed');
  });
});

describe('the delayed reset', () => {
  test('never runs on an account whose email recovery was locked after the approval', async () => {
    const { ticket, account } = await approved();
    await env.app.deps.db
      .update(accounts)
      .set({ recoveryLockedUntil: new Date(Date.now() + 86_400_000) })
      .where(eq(accounts.id, account.id));
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, ticket.id));
    expect((await runDueReset(env.app.deps, ticket.id)).result).toBe('recovery_locked');
    expect((await totpSecretOf(account.id)).totpSecret).not.toBeNull();
    expect((await ticketByRef(env, ticket.ref)).status).toBe('ready');
    // Control: the same reset on an unlocked account runs.
    const other = await approved();
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, other.ticket.id));
    expect((await runDueReset(env.app.deps, other.ticket.id)).result).toBe('done');
  });
});
