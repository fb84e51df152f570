// A message delivered twice with different bytes (another Received line), or an old request
// replayed, is recognised by its Message-ID and sender: one ticket, one answer.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { processMessage } from '../../src/steps/process-message.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import { createTestEnv, seedAccount, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

test('the same Message-ID from the same sender is processed once, whatever was added around it', async () => {
  await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  const original = buildMail({ from: 'sarah.connor@northwind.example', body: COMPLETE_REQUEST_EN, messageId: '<once@northwind.example>' });
  const again = Buffer.concat([Buffer.from('Received: from relay2.example by mx.bpart.test; Wed, 25 Nov 2026 10:00:00 +0000\r\n'), original]);
  const [first, second] = await storeMessages(env.app.deps, [
    { raw: original, source: 'ingest' },
    { raw: again, source: 'ingest' },
  ]);
  expect(first!.id).not.toBe(second!.id); // different bytes: two stored messages
  const one = await processMessage(env.app.deps, first!.id);
  const two = await processMessage(env.app.deps, second!.id);
  expect(one.outcome).toBe('ticket_opened');
  expect(two).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: one.ticketId });
  expect(await env.app.deps.db.select().from(tickets)).toHaveLength(1);
  expect(await env.app.deps.db.select().from(outbox)).toHaveLength(1);

  // Another sender reusing that Message-ID is not a duplicate of Sarah's message.
  await seedAccount(env, { email: 'kyle.reese@northwind.example', fullName: 'Kyle Reese', organisations: ['Northwind Traders'] });
  const [other] = await storeMessages(env.app.deps, [
    {
      raw: buildMail({
        from: 'kyle.reese@northwind.example',
        body: COMPLETE_REQUEST_EN.replaceAll('Sarah Connor', 'Kyle Reese'),
        messageId: '<once@northwind.example>',
      }),
      source: 'ingest',
    },
  ]);
  expect((await processMessage(env.app.deps, other!.id)).outcome).toBe('ticket_opened');
});
