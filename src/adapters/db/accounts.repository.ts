import { and, eq, getTableColumns, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { sqlOf } from './raw-transport.ts';
import { accounts, accountSessions } from './schema/index.ts';

/**
 * The builtin account of this address (a directory's stand-ins are not builtin accounts). Once
 * per request (the builtin directory's find): fixed text, the statement drizzle's select built
 * (`test/unit/account-by-email.test.ts` holds it to that building), its row mapped as drizzle
 * maps a whole row.
 */
export async function findAccountByEmail(db: DbOrTx, email: string): Promise<typeof accounts.$inferSelect | null> {
  const [found] = await sqlOf(db).unsafe<Record<string, unknown>[]>(ACCOUNT_BY_EMAIL, [email], { prepare: true });
  if (!found) return null;
  const row = {} as Record<string, unknown>;
  for (const [key, column] of ACCOUNT_COLUMNS) row[key] = found[column.name] == null ? null : column.mapFromDriverValue(found[column.name]);
  return row as typeof accounts.$inferSelect;
}

const ACCOUNT_COLUMNS = Object.entries(getTableColumns(accounts));
export const ACCOUNT_BY_EMAIL = `select ${ACCOUNT_COLUMNS.map(([, column]) => `"${column.name}"`).join(', ')} from "accounts" where ("accounts"."email" = $1 and "accounts"."directory_account_id" is null)`;

export async function findAccountById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row ?? null;
}

/**
 * The account, locked for update until the transaction ends: what an approval or a due reset
 * decides on can then not change before it writes (a holder enrolling again in that moment waits,
 * and the decision reads the enrolment once it is committed).
 */
export async function lockAccount(db: DbOrTx, id: number) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).for('update');
  return row ?? null;
}

const BUILTIN = sql`directory_account_id is null`;

export interface AccountInput {
  email: string;
  fullName: string;
  organisations: string[];
  /** Already sealed (encrypted) TOTP secret, or null for an account without 2FA. */
  sealedTotpSecret: (accountId: number) => string | null;
  recoveryCodes: string[];
  emailChangedAt?: Date | null;
}

/** Inserts or updates an account by email; the secret is sealed with the row id as context. */
export async function upsertAccount(db: DbOrTx, input: AccountInput): Promise<number> {
  const [row] = await db
    .insert(accounts)
    .values({
      email: input.email,
      fullName: input.fullName,
      organisations: input.organisations,
      recoveryCodes: input.recoveryCodes,
      emailChangedAt: input.emailChangedAt ?? null,
    })
    .onConflictDoUpdate({
      target: accounts.email,
      targetWhere: BUILTIN,
      set: {
        fullName: input.fullName,
        organisations: input.organisations,
        updatedAt: new Date(),
        ...(input.emailChangedAt !== undefined ? { emailChangedAt: input.emailChangedAt } : {}),
      },
    })
    .returning({ id: accounts.id });
  if (!row) throw new Error('account upsert returned nothing');
  const sealed = input.sealedTotpSecret(row.id);
  await db.update(accounts).set({ totpSecret: sealed, recoveryCodes: input.recoveryCodes, mustEnrolTotp: false }).where(eq(accounts.id, row.id));
  return row.id;
}

/** The reset of SPEC §6 rule 8: secret and recovery codes cleared, sessions revoked. */
export async function clearSecondFactor(db: DbOrTx, accountId: number, now: Date): Promise<{ sessionsRevoked: number }> {
  await db.update(accounts).set({ totpSecret: null, recoveryCodes: [], mustEnrolTotp: true, updatedAt: now }).where(eq(accounts.id, accountId));
  const revoked = await db
    .update(accountSessions)
    .set({ revokedAt: now })
    .where(and(eq(accountSessions.accountId, accountId), isNull(accountSessions.revokedAt)))
    .returning({ id: accountSessions.id });
  return { sessionsRevoked: revoked.length };
}

/** Accounts with a sealed TOTP secret, locked for update (for re-sealing under a new key). */
export async function lockAccountSecrets(db: DbOrTx) {
  return db.select({ id: accounts.id, secret: accounts.totpSecret }).from(accounts).where(isNotNull(accounts.totpSecret)).for('update');
}

export async function setAccountSecret(db: DbOrTx, accountId: number, sealed: string): Promise<void> {
  await db.update(accounts).set({ totpSecret: sealed }).where(eq(accounts.id, accountId));
}

export async function lockRecoveryLock(db: DbOrTx, accountId: number): Promise<Date | null> {
  const [row] = await db.select({ until: accounts.recoveryLockedUntil }).from(accounts).where(eq(accounts.id, accountId)).for('update');
  return row?.until ?? null;
}

export async function setRecoveryLockedUntil(db: DbOrTx, accountId: number, until: Date, now: Date): Promise<void> {
  await db.update(accounts).set({ recoveryLockedUntil: until, updatedAt: now }).where(eq(accounts.id, accountId));
}

export async function emailsOfAccounts(db: DbOrTx, ids: number[]): Promise<{ id: number; email: string }[]> {
  return ids.length ? db.select({ id: accounts.id, email: accounts.email }).from(accounts).where(inArray(accounts.id, ids)) : [];
}

/**
 * The local stand-in of an account that lives in an external directory (sql, http): it carries
 * what is recovery-desk's own (tickets' foreign key, the work lock, the recovery lock), never a
 * secret. Keyed by the directory's account id, never by the address: when the directory answers
 * the same account under a new address, the stand-in follows it (its tickets and lock stay, and
 * the change is dated: `emailChangedRecently`); an address answered with another id is another
 * account, with a stand-in of its own. The profile on file is stored with each ticket.
 */
export async function ensureDirectoryAccount(
  db: DbOrTx,
  profile: { directory: 'sql' | 'http'; id: string; email: string; fullName: string | null; organisations: string[] },
  now: Date,
) {
  const values = { email: profile.email, fullName: profile.fullName ?? '', organisations: profile.organisations };
  const moved = sql`${accounts.email} is distinct from excluded.email`;
  const [row] = await db
    .insert(accounts)
    .values({ ...values, directory: profile.directory, directoryAccountId: profile.id })
    .onConflictDoUpdate({
      target: [accounts.directory, accounts.directoryAccountId],
      targetWhere: sql`directory_account_id is not null`,
      set: {
        ...values,
        emailChangedAt: sql`case when ${moved} then ${now.toISOString()}::timestamptz else ${accounts.emailChangedAt} end`,
        updatedAt: sql`case when ${moved} then ${now.toISOString()}::timestamptz else ${accounts.updatedAt} end`,
      },
    })
    .returning();
  if (!row) throw new Error('directory account upsert returned nothing');
  return row;
}
