// Attacks tried in stop 27 (docs/security-log.md "Attacks tried in stop 27"), on the real pipeline
// (PostgreSQL, Redis, the BullMQ workers, the SMTP sink) with mail genuinely DKIM-signed against the
// offline zone, and the company's accounts behind the sql directory (SPEC §9): a database of its own
// shaped like a plain application, whose users' addresses are stored as they were typed
// (`Victor.Holder@Genuine.example`: Django's normalize_email lower-cases the domain only, and most
// applications keep what the user typed). Eve has the holder's password; she forges requests as the
// holder and mails the holder herself. Each attack has a control that differs only in the attacked
// detail.
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ticketEvents as events, tickets } from '../../src/adapters/db/schema/index.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { seedAgent, type TestEnv } from '../support/app.ts';
import { createEmptyDatabase } from '../support/app-database.ts';
import type { TestDatabase } from '../support/db.ts';
import { deliverOne, OVERRIDE_REASON, rawMessage, recipients, sign, signingZone, useFreshEnvsWithSink } from '../support/security.ts';
import { waitFor } from '../support/wait.ts';

const FIND = `select id, email, name as full_name, org as organisations, totp_secret is not null as totp_enabled,
  md5(email || coalesce(totp_secret, '')) as version from users where lower(email) = $1`;
const RESET = `update users set totp_secret = null where id = $1::int`;

const { zone, key } = signingZone();
const pipeline = useFreshEnvsWithSink(zone);

let appDb: TestDatabase;
let appSql: postgres.Sql;

beforeAll(async () => {
  appDb = await createEmptyDatabase('red27');
  appSql = postgres(appDb.url, { max: 1, onnotice: () => {} });
  await appSql.unsafe(`create table users (id serial primary key, email text not null, name text, org text, totp_secret text)`);
});
afterAll(async () => {
  await appSql?.end({ timeout: 5 });
  await appDb?.drop();
});

let seq = 0;
/** An application user at genuine.example (which signs with the zone's key), stored with `spelling`'s capitals. */
async function user(spelling: (local: string) => string): Promise<{ id: number; stored: string; address: string }> {
  seq += 1;
  const local = `victor.holder${seq}`;
  const stored = spelling(local);
  const [row] = await appSql<{ id: number }[]>`insert into users (email, name, org, totp_secret)
    values (${stored}, 'Victor Holder', 'Genuine BV', 'JBSWY3DPEHPK3PXP') returning id`;
  return { id: row!.id, stored, address: stored.toLowerCase() };
}
const typedWithCapitals = (local: string) => `${local.replace(/^v/, 'V').replace('.h', '.H')}@Genuine.example`;
const lowerCase = (local: string) => `${local}@genuine.example`;

async function sqlEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const e = await pipeline.freshEnv({
    ACCOUNT_DIRECTORY: 'sql',
    DIRECTORY_DATABASE_URL: appDb.url,
    DIRECTORY_SQL_FIND: FIND,
    DIRECTORY_SQL_RESET: RESET,
    ...overrides,
  });
  e.startWorker();
  return e;
}

async function ticketOf(e: TestEnv, id: number) {
  const [row] = await e.app.deps.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}

/** Eve's forgery: From the holder, unsigned, saying what happened but not who writes. */
const forgery = (address: string) =>
  rawMessage({
    from: `Victor Holder <${address}>`,
    subject: 'Lost my phone',
    body: 'Hello,\n\nI lost my phone with my authenticator app and cannot log in. Please reset my two-factor authentication.\n\nThanks',
  });

/** The holder's own signed mail in the thread of `ref` (Eve mailed them under it, or it is our notice). */
const holderSays = (address: string, ref: string, body: string) =>
  sign(
    rawMessage({
      from: `Victor Holder <${address}>`,
      subject: `Re: [${ref}] Your 2FA reset request`,
      headers: ['In-Reply-To: <phish-27@evil-thread.example>', 'References: <phish-27@evil-thread.example>'],
      body,
    }),
    { domain: 'genuine.example', key },
  );

const DENIAL = 'I did not ask for any reset. Please do nothing.\n\nVictor Holder\nGenuine BV';
const OBJECTION = 'Stop! I never asked for this. Do not remove anything from my account.\n\nVictor';

/** Two agents approve Eve's unauthenticated ticket with an override reason (SPEC §6 rule 6). */
async function approveByTwo(e: TestEnv, ref: string): Promise<string> {
  const first = await seedAgent(e, `first-${ref.toLowerCase()}@bpart.test`);
  const second = await seedAgent(e, `second-${ref.toLowerCase()}@bpart.test`);
  await approveTicket(e.app.deps, { ref, agentEmail: first.email, totpCode: await totpCode(first.totpSecret), reason: OVERRIDE_REASON });
  const done = await approveTicket(e.app.deps, { ref, agentEmail: second.email, totpCode: await totpCode(second.totpSecret), reason: OVERRIDE_REASON });
  return done.status;
}

/** Eve's unsigned request in the holder's name (her own words, the holder's address). */
function forgedRequest(address: string) {
  return rawMessage({
    from: `Victor Holder <${address}>`,
    subject: 'Lost my phone',
    body: 'Hello,\n\nI lost my phone and my authenticator app with it. Please reset my 2FA.\n\nVictor Holder\nGenuine BV',
  });
}

describe('the holder’s voice when the directory stores the address with capitals (SPEC §6 rule 15)', () => {
  // The holder's voice is recognised by comparing the sender with the account's stored address.
  // The builtin directory stores addresses as SPEC §5 matches them; the sql and http directories'
  // stand-ins kept the directory's own spelling (`Victor.Holder@Genuine.example`) while the sender
  // is read as matched (`victor.holder@genuine.example`): "not the stored address", every time.
  test.each([
    ['stored with capitals', typedWithCapitals],
    ['control: stored in lower case', lowerCase],
  ])('%s: the holder’s signed denial in the thread of Eve’s forged ticket flags it instead of completing it', async (_name, spelling) => {
    const e = await sqlEnv();
    const u = await user(spelling);
    const forged = await deliverOne(e, forgery(u.address));
    expect(forged).toMatchObject({ authenticated: false, outcome: 'ticket_opened' });
    const before = await ticketOf(e, forged.ticketId!);
    expect(before.status).toBe('waiting_details');
    const row = await deliverOne(e, await holderSays(u.address, before.ref, DENIAL));
    expect(row).toMatchObject({ authenticated: true, ticketId: before.id });
    const after = await ticketOf(e, before.id);
    // Before the fix (capitals): the holder's signature filled in the forgery's name and
    // organisation, the ticket became `ready`, no flag: stop 22's hole, back through the directory.
    expect(after.signals.flags).toContain('holder_wrote_again');
    expect(recipients(pipeline.sink())).toEqual([]);
  });

  test.each([
    ['stored with capitals', typedWithCapitals],
    ['control: stored in lower case', lowerCase],
  ])('%s: the holder’s signed objection to an approved forgery sends it back to review, flagged', async (_name, spelling) => {
    const e = await sqlEnv({ RECOVERY_CANCEL_WINDOW: '24h' });
    const u = await user(spelling);
    const forged = await deliverOne(e, forgedRequest(u.address));
    const ticket = await ticketOf(e, forged.ticketId!);
    expect(ticket.status).toBe('ready');
    expect(await approveByTwo(e, ticket.ref)).toBe('approved');
    // The approval notice reaches the holder, who answers it.
    await waitFor(() => recipients(pipeline.sink()).length > 0, { what: 'the approval notice' });
    expect(recipients(pipeline.sink()).map((r) => r.toLowerCase())).toEqual([u.address]);
    await deliverOne(e, await holderSays(u.address, ticket.ref, OBJECTION));
    const after = await ticketOf(e, ticket.id);
    // Before the fix (capitals): still `approved`, no flag (only the evidence hash moved).
    expect(after.status).toBe('ready');
    expect(after.signals.flags).toContain('holder_wrote_again');
    const [userRow] = await appSql`select totp_secret from users where id = ${u.id}`;
    expect(userRow?.totp_secret).not.toBeNull();
  });

  test.each([
    ['stored with capitals', typedWithCapitals],
    ['control: stored in lower case', lowerCase],
  ])('%s: the holder’s signed “I never asked for this” after the reset of a forgery reaches the agents', async (_name, spelling) => {
    const e = await sqlEnv({ RECOVERY_CANCEL_WINDOW: '0' });
    const u = await user(spelling);
    const forged = await deliverOne(e, forgedRequest(u.address));
    const ticket = await ticketOf(e, forged.ticketId!);
    expect(await approveByTwo(e, ticket.ref)).toBe('resetting');
    // Before the fix (capitals), the reset itself never finished: every later FIND asked with the
    // profile's own spelling found nothing, and the ticket went to needs_attention (account_changed).
    await waitFor(async () => (await ticketOf(e, ticket.id)).status === 'done', { what: 'the reset done', timeoutMs: 20_000 });
    const row = await deliverOne(e, await holderSays(u.address, ticket.ref, OBJECTION));
    // Before the fix (capitals): `ignored` (ticket_closed), a timeline note on a closed ticket in
    // no queue: the holder's only mail about Eve's reset lost without a trace for the agents.
    expect(row.reason).not.toBe('ticket_closed');
    const after = await ticketOf(e, ticket.id);
    expect(after.signals.flags).toContain('holder_wrote_again');
    const types = (await e.app.deps.db.select({ type: events.type }).from(events).where(eq(events.ticketId, ticket.id))).map((r) => r.type);
    expect(types).toContain('holder_wrote_again');
  });
});
