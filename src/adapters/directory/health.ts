// doctor's "account directory" line: the configured directory's check(), with the fix.
import type { Config } from '../../config.ts';
import { fail, pass, skip, type Outcome } from '../../core/doctor.ts';
import { createDirectory } from './index.ts';

type DirectoryConfig = Parameters<typeof createDirectory>[0];

export async function checkDirectory(config: DirectoryConfig & Pick<Config, 'ACCOUNT_DIRECTORY'>): Promise<Outcome> {
  if (config.ACCOUNT_DIRECTORY === 'builtin') return skip('builtin: accounts are the ones imported with `accounts import`');
  try {
    const directory = createDirectory(config, () => {
      throw new Error('only the builtin directory reads our own database');
    });
    try {
      await directory.check();
    } finally {
      await directory.close();
    }
    const what = config.DIRECTORY_SQL_PRESET ? `preset ${config.DIRECTORY_SQL_PRESET}` : 'DIRECTORY_SQL_FIND and DIRECTORY_SQL_RESET';
    return pass(`${config.ACCOUNT_DIRECTORY}: ${what} accepted by the directory database`);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const fix =
      e.code === 'directory.unavailable'
        ? 'check the host, port, database and role in DIRECTORY_DATABASE_URL'
        : "fix the variable named (README, 'Account directory'), then try `recovery-desk directory check EMAIL`";
    return fail(e.message ?? String(error), fix);
  }
}
