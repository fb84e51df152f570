// The send-reply step in three statements (issue 15): its row with the recipient's counts, the
// claim, and "sent" (or "suppressed") together with its audit event. These pin what the folded
// statements must keep: one audit event per reply however often the step or its last statement
// runs, and nothing sent past the per-recipient limit.
import { existsSync, readdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { settleOutbox } from '../../src/adapters/db/outbox.repository.ts';
import { outbox, ticketEvents } from '../../src/adapters/db/schema/index.ts';
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
