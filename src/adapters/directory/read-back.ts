// After an external reset, the profile is read back (SPEC §9): only a read-back showing 2FA
// gone lets a ticket be done. Anything else is a reason for a human, never "done".
import type { AccountDirectory, DirectoryAccount } from '../../core/directory.ts';

export type ReadBack =
  | { kind: 'second_factor_gone'; account: DirectoryAccount }
  | { kind: 'still_enrolled'; account: DirectoryAccount }
  | { kind: 'account_changed'; found: 'none' | 'ambiguous' | 'other_account' };

export async function readBack(directory: AccountDirectory, account: DirectoryAccount): Promise<ReadBack> {
  const found = await directory.find(account.email);
  if (found.kind !== 'one') return { kind: 'account_changed', found: found.kind };
  if (found.account.id !== account.id) return { kind: 'account_changed', found: 'other_account' };
  return found.account.totpEnabled ? { kind: 'still_enrolled', account: found.account } : { kind: 'second_factor_gone', account: found.account };
}
