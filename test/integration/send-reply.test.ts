// The send-reply step in two statements (issue 15): its row read and claimed with the recipient's
// counts and the links' token hashes, and "sent" (or "suppressed") together with its audit event. These pin what the folded
// statements must keep: one audit event per reply however often the step or its last statement
// runs, and nothing sent past the per-recipient limit.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { settleOutbox } from '../../src/adapters/db/outbox.repository.ts';
import { sha256Hex } from '../../src/adapters/crypto/secrets.ts';
import { disputeLinks, outbox, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';
import { CANCEL_URL_PLACEHOLDER, CONFIRM_URL_PLACEHOLDER, DISPUTE_URL_PLACEHOLDER } from '../../src/steps/queue-reply.ts';
import { replySentEvent, sendReply } from '../../src/steps/send-reply.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

let n = 0;
async function queued(to: string, changes: Partial<typeof outbox.$inferInsert> = {}): Promise<number> {
  n += 1;
  const [row] = await env.app.deps.db
    .insert(outbox)
    .values({
      dedupeKey: `test:${n}`,
      ticketId: null,
      kind: 'wrong_address',
      language: 'en',
      toAddress: to,
      subject: 'Your request',
      body: 'Please write from the address on file.',
      ourMessageId: `<test-${n}@bpart.test>`,
      ...changes,
    })
    .returning({ id: outbox.id });
  return row!.id;
}

const eventsOf = async (type: string, outboxId: number) =>
  (await env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.type, type))).filter(
    (event) => (event.data as { outboxId?: number }).outboxId === outboxId,
  );
const mailsSent = () => (existsSync(env.config.MAIL_OUTBOX_DIR) ? readdirSync(env.config.MAIL_OUTBOX_DIR).length : 0);

test('a reply is sent once, recorded with one reply_sent event, and recording it again writes nothing', async () => {
  const id = await queued('once@genuine.example');
  const before = mailsSent();
  expect((await sendReply(env.app.deps, id)).result).toBe('sent');
  expect(mailsSent()).toBe(before + 1);
  const [row] = await env.app.deps.db.select().from(outbox).where(eq(outbox.id, id));
  expect(row).toMatchObject({ status: 'sent', attempts: 1, error: null });
  expect(row!.sentAt).toBeInstanceOf(Date);
  expect(await eventsOf('reply_sent', id)).toHaveLength(1);

  // The statement that records "sent" retried after a lost answer: the row moved already, so no second event.
  expect(await settleOutbox(env.app.deps.db, id, { status: 'sent', sentAt: new Date(), error: null }, replySentEvent(row!))).toBe(false);
  expect((await sendReply(env.app.deps, id)).result).toBe('already_sent');
  expect(await eventsOf('reply_sent', id)).toHaveLength(1);
  expect(mailsSent()).toBe(before + 1);
});

test('a reply past the recipient limit is suppressed with one reply_suppressed event, and nothing is sent', async () => {
  const to = 'busy@genuine.example';
  const recently = new Date(Date.now() - 60_000);
  for (let i = 0; i < 10; i += 1) await queued(to, { status: 'sent', sentAt: recently });
  const id = await queued(to);
  const before = mailsSent();
  expect((await sendReply(env.app.deps, id)).result).toBe('suppressed');
  expect((await sendReply(env.app.deps, id)).result).toBe('suppressed');
  const [row] = await env.app.deps.db.select().from(outbox).where(eq(outbox.id, id));
  expect(row).toMatchObject({ status: 'suppressed', attempts: 0, error: 'rate limit: 10 per 10 min' });
  expect(await eventsOf('reply_suppressed', id)).toHaveLength(1);
  expect(await eventsOf('reply_sent', id)).toHaveLength(0);
  expect(mailsSent()).toBe(before);

  // Mail sent to that address longer ago than every window does not count.
  const other = 'quiet@genuine.example';
  for (let i = 0; i < 10; i += 1) await queued(other, { status: 'sent', sentAt: new Date(Date.now() - 11 * 3_600_000) });
  expect((await sendReply(env.app.deps, await queued(other))).result).toBe('sent');
});

test('a ticket reply stores the hashes of the links it carries; one the limits suppress replaces none of them', async () => {
  const [ticket] = await env.app.deps.db
    .insert(tickets)
    .values({
      ref: 'RD-LINKS-1',
      status: 'waiting_confirmation',
      senderAddress: 'links@genuine.example',
      kind: 'recovery_request',
      fields: {} as never,
      missing: [],
      signals: {} as never,
      confirmTokenHash: 'earlier-confirm',
      cancelTokenHash: 'earlier-cancel',
    })
    .returning({ id: tickets.id });
  const ticketId = ticket!.id;
  const body = `Confirm: ${CONFIRM_URL_PLACEHOLDER}\nCancel: ${CANCEL_URL_PLACEHOLDER}\nNot me: ${DISPUTE_URL_PLACEHOLDER}`;
  const hashes = async () => {
    const [row] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, ticketId));
    const links = await env.app.deps.db.select().from(disputeLinks).where(eq(disputeLinks.ticketId, ticketId));
    return { confirm: row!.confirmTokenHash, cancel: row!.cancelTokenHash, disputes: links.map((l) => l.tokenHash) };
  };

  // Over the limit: not claimed, so the earlier mail's links stay the valid ones.
  const busy = 'links-busy@genuine.example';
  for (let i = 0; i < 10; i += 1) await queued(busy, { status: 'sent', sentAt: new Date(Date.now() - 60_000) });
  const suppressed = await queued(busy, { ticketId, kind: 'confirmation', body });
  expect((await sendReply(env.app.deps, suppressed)).result).toBe('suppressed');
  expect(await hashes()).toEqual({ confirm: 'earlier-confirm', cancel: 'earlier-cancel', disputes: [] });

  // Sent: the mail's tokens are the ones whose hashes the claim stored.
  const dir = env.config.MAIL_OUTBOX_DIR;
  const before = new Set(existsSync(dir) ? readdirSync(dir) : []);
  const id = await queued('links@genuine.example', { ticketId, kind: 'confirmation', body });
  expect((await sendReply(env.app.deps, id)).result).toBe('sent');
  const file = readdirSync(dir).find((f) => !before.has(f))!;
  const mail = readFileSync(join(dir, file), 'utf8').replace(/=\r?\n/g, '');
  const token = (path: string) => new RegExp(`/r/${path}/([A-Za-z0-9_-]+)`).exec(mail)?.[1];
  expect(await hashes()).toEqual({
    confirm: sha256Hex(token('confirm')!),
    cancel: sha256Hex(token('cancel')!),
    disputes: [sha256Hex(token('not-me')!)],
  });
  const [row] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, ticketId));
  expect(row!.confirmExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
});
