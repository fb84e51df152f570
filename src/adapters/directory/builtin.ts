// The builtin directory: recovery-desk's own accounts table (`accounts import`), behind the port.
import { createHash } from 'node:crypto';
import { clearSecondFactor, findAccountByEmail, findAccountById } from '../db/accounts.repository.ts';
import type { Db } from '../db/client.ts';
import type { AccountDirectory, DirectoryAccount, FindResult, ResetReport } from '../../core/directory.ts';

type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccountById>>>;

/** Changes when the email, the 2FA enrolment or anything else on the row changes. */
function versionOf(row: AccountRow): string {
  const state = [row.email, row.totpSecret ? 'totp' : 'none', row.mustEnrolTotp, row.emailChangedAt?.toISOString() ?? '', row.updatedAt.toISOString()];
  return createHash('sha256').update(state.join('\n')).digest('hex').slice(0, 32);
}

export function toDirectoryAccount(row: AccountRow): DirectoryAccount {
  return {
    id: String(row.id),
    email: row.email,
    fullName: row.fullName,
    organisations: row.organisations,
    totpEnabled: row.totpSecret !== null,
    version: versionOf(row),
  };
}

export function builtinDirectory(db: Db, now: () => Date = () => new Date()): AccountDirectory {
  return {
    kind: 'builtin',
    async find(email: string): Promise<FindResult> {
      // The table is unique on email: none or one, never ambiguous.
      const row = await findAccountByEmail(db, email);
      return row ? { kind: 'one', account: toDirectoryAccount(row) } : { kind: 'none' };
    },
    // The same one-transaction reset as today's reset-2fa step (SPEC §6 rule 8).
    async resetSecondFactor(account: DirectoryAccount): Promise<ResetReport> {
      await db.transaction((tx) => clearSecondFactor(tx, Number(account.id), now()));
      return { totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true };
    },
    async check(): Promise<void> {
      await findAccountByEmail(db, 'directory-check@invalid');
    },
    async close(): Promise<void> {},
  };
}
