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
    if (config.ACCOUNT_DIRECTORY === 'http') return pass('http: DIRECTORY_HTTP_URL answered a signed /lookup');
    const what = config.DIRECTORY_SQL_PRESET ? `preset ${config.DIRECTORY_SQL_PRESET}` : 'DIRECTORY_SQL_FIND and DIRECTORY_SQL_RESET';
    return pass(`${config.ACCOUNT_DIRECTORY}: ${what} accepted by the directory database`);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const fix =
      e.code === 'directory.unavailable'
        ? config.ACCOUNT_DIRECTORY === 'http'
          ? 'check that the service at DIRECTORY_HTTP_URL is up and reachable from here'
          : 'check the host, port, database and role in DIRECTORY_DATABASE_URL'
        : e.code === 'directory.refused'
          ? 'check DIRECTORY_HTTP_SECRET (the same on both sides) and both clocks'
          : "fix the variable named (README, 'Account directory'), then try `recovery-desk directory check EMAIL`";
    return fail(e.message ?? String(error), fix);
  }
}
