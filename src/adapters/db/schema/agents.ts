import { bigint, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const agents = pgTable('agents', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').$type<'agent' | 'admin'>().notNull().default('agent'),
  passwordHash: text('password_hash').notNull(),
  /** Encrypted (AES-256-GCM). */
  totpSecret: text('totp_secret').notNull(),
  /** Last TOTP time step accepted: a code is never accepted twice. */
  lastTotpStep: bigint('last_totp_step', { mode: 'number' }),
  failedTotp: integer('failed_totp').notNull().default(0),
  approvalsLockedAt: timestamp('approvals_locked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
