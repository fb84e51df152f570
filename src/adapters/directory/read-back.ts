// After an external reset, the profile is read back (SPEC §9): only a read-back showing 2FA
// gone lets a ticket be done. Anything else is a reason for a human, never "done".
import type { AccountDirectory, DirectoryAccount } from '../../core/directory.ts';
import { readBackOf, type ReadBack } from '../../core/directory-reset.ts';

export type { ReadBack };

export async function readBack(directory: AccountDirectory, account: Pick<DirectoryAccount, 'id' | 'email'>): Promise<ReadBack> {
  return readBackOf(account, await directory.find(account.email));
}
