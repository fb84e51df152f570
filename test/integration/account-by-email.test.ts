// findAccountByEmail reads with a fixed text and maps the row itself: it must give what drizzle's
// select gave (the reference here), column by column, for accounts with and without their optional
// columns, and nothing for a directory's stand-in or an unknown address.
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findAccountByEmail, upsertAccount } from '../../src/adapters/db/accounts.repository.ts';
import { accounts } from '../../src/adapters/db/schema/index.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function reference(email: string) {
  const [row] = await env.app.deps.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.email, email), isNull(accounts.directoryAccountId)));
  return row ?? null;
}

test('the fixed read gives what drizzle’s select gave', async () => {
  const db = env.app.deps.db;
  await upsertAccount(db, {
    email: 'full@by-email.example',
    fullName: 'Anna “Full” de Vries',
    organisations: ['Gemeente Utrecht', 'ASBL "x"'],
    sealedTotpSecret: () => 'sealed-secret',
    recoveryCodes: ['c1', 'c2'],
    emailChangedAt: new Date('2026-11-30T08:00:00.123Z'),
  });
  await upsertAccount(db, { email: 'bare@by-email.example', fullName: 'Bob', organisations: [], sealedTotpSecret: () => null, recoveryCodes: [] });
  await db.insert(accounts).values({
    email: 'stand-in@by-email.example',
    fullName: 'Stand-in',
    organisations: [],
    recoveryCodes: [],
    directory: 'sql',
    directoryAccountId: 'ext-1',
  } as typeof accounts.$inferInsert);
  for (const email of ['full@by-email.example', 'bare@by-email.example', 'stand-in@by-email.example', 'nobody@by-email.example']) {
    const expected = await reference(email);
    expect(await findAccountByEmail(db, email)).toEqual(expected);
    await db.transaction(async (tx) => expect(await findAccountByEmail(tx, email)).toEqual(expected));
  }
  expect(await findAccountByEmail(db, 'full@by-email.example')).toMatchObject({
    totpSecret: 'sealed-secret',
    emailChangedAt: new Date('2026-11-30T08:00:00.123Z'),
  });
  expect(await findAccountByEmail(db, 'stand-in@by-email.example')).toBeNull();
});
