import { sql } from 'drizzle-orm';
import { bigserial, boolean, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** The stand-in for the product's user base. */
export const accounts = pgTable('accounts', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
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
});

export const accountSessions = pgTable('account_sessions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: integer('account_id')
    .notNull()
    .references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
