// `recovery-desk directory check EMAIL [--json]` (SPEC §7.1): what the configured account
// directory answers for an address, after checking its configuration. Changes nothing.
import { createDirectory } from '../adapters/directory/index.ts';
import { connectDatabase, type Database } from '../adapters/db/client.ts';
import { normaliseAddress } from '../core/address-identity.ts';
import { describeFind } from '../core/directory.ts';
import { config, printJson, UsageError } from './common.ts';
import { printText } from './terminal.ts';

export async function directoryCheck(emailArg: string, json: boolean): Promise<void> {
  const email = normaliseAddress(emailArg);
  if (!email.ok) throw new UsageError(`${emailArg}: not a usable address (${email.reason})`);
  const cfg = config();
  let own: Database | null = null;
  const directory = createDirectory(cfg, () => (own ??= connectDatabase(cfg.DATABASE_URL, { max: 1 })).db);
  try {
    await directory.check();
    const answer = describeFind(directory.kind, await directory.find(email.address));
    if (json) return printJson(answer);
    const line =
      answer.result === 'one' && 'account' in answer
        ? `one account: ${answer.account.email} (id ${answer.account.id})  ${answer.account.fullName ?? '(no name)'}  [${answer.account.organisations.join(', ')}]  2FA ${answer.account.totpEnabled ? 'on' : 'off'}`
        : answer.result === 'ambiguous'
          ? 'ambiguous: several accounts share this address (treated as no match)'
          : 'no account with this address';
    printText(`${answer.directory} directory: ${line}\n`);
  } finally {
    await directory.close();
    await (own as Database | null)?.close();
  }
}
