import { sql } from 'drizzle-orm';
import { bigserial, boolean, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, check } from 'drizzle-orm/pg-core';

/**
 * The builtin directory's accounts (the stand-in for the product's user base), and the local
 * stand-ins of accounts that live in an external directory (sql, http): those are keyed by the
 * directory's own account id, never by their address (migration 0016).
 */
export const accounts = pgTable(
  'accounts',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    organisations: jsonb('organisations')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Encrypted (AES-256-GCM, see adapters/crypto); null once cleared. */
    totpSecret: text('totp_secret'),
    recoveryCodes: jsonb('recovery_codes')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    mustEnrolTotp: boolean('must_enrol_totp').notNull().default(false),
    emailChangedAt: timestamp('email_changed_at', { withTimezone: true }),
    recoveryLockedUntil: timestamp('recovery_locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** A stand-in's directory kind (`sql`, `http`); null on a builtin account. */
    directory: text('directory'),
    /** A stand-in's account id in that directory (opaque); null on a builtin account. */
    directoryAccountId: text('directory_account_id'),
  },
  (t) => [
    // An address is one builtin account; stand-ins may share one (an account deleted and
    // recreated under its address is another account, with its own row).
    uniqueIndex('accounts_builtin_email_unique')
      .on(t.email)
      .where(sql`directory_account_id is null`),
    // One stand-in per directory account, whatever its address now.
    uniqueIndex('accounts_directory_account_unique')
      .on(t.directory, t.directoryAccountId)
      .where(sql`directory_account_id is not null`),
    check('accounts_directory_key_whole', sql`(directory is null) = (directory_account_id is null)`),
  ],
);

export const accountSessions = pgTable('account_sessions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: integer('account_id')
    .notNull()
    .references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
