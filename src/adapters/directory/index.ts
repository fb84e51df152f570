// Builds the configured account directory (ACCOUNT_DIRECTORY, SPEC §9).
import type { Config } from '../../config.ts';
import { StepError } from '../../core/errors.ts';
import type { AccountDirectory, FindResult } from '../../core/directory.ts';
import { normaliseAddress, sameMailbox } from '../../core/address-identity.ts';
import type { Db } from '../db/client.ts';
import { builtinDirectory } from './builtin.ts';
import { createHttpDirectory, httpDirectoryOptions } from './http.ts';
import { SQL_PRESETS } from './presets.ts';
import { sqlDirectory } from './sql.ts';

type DirectoryConfig = Pick<
  Config,
  | 'ACCOUNT_DIRECTORY'
  | 'DIRECTORY_DATABASE_URL'
  | 'DIRECTORY_SQL_PRESET'
  | 'DIRECTORY_SQL_FIND'
  | 'DIRECTORY_SQL_RESET'
  | 'DIRECTORY_HTTP_URL'
  | 'DIRECTORY_HTTP_SECRET'
  | 'DIRECTORY_HTTP_TIMEOUT'
>;

/** `ownDb`: recovery-desk's own database, asked for only by the builtin directory. */
export function createDirectory(config: DirectoryConfig, ownDb: () => Db): AccountDirectory {
  return exactMatches(directoryOfKind(config, ownDb));
}

/**
 * Matching is exact whatever the directory compares with (SPEC §5): an account it finds under
 * another spelling of the address (its FIND folded a Kelvin sign or an accent) is no match. And
 * the directory is always asked the address as matched (SPEC §9: `$1` is "the address as matched
 * in §5"), whoever asks: the approval, the due reset, the external reset job and its read-back ask
 * again with the profile's own spelling (`Victor.Holder@Genuine.example`), which a FIND written as
 * `lower(email) = $1` never finds: every reset of such an account went to needs_attention (stop 27).
 */
function exactMatches(directory: AccountDirectory): AccountDirectory {
  const find = directory.find.bind(directory);
  return Object.assign(directory, {
    async find(asked: string): Promise<FindResult> {
      const matched = normaliseAddress(asked.trim(), { allowUnicodeDomain: true });
      const email = matched.ok ? matched.address : asked;
      const found = await find(email);
      return found.kind === 'one' && !sameMailbox(found.account.email, email) ? { kind: 'none' as const } : found;
    },
  });
}

function directoryOfKind(config: DirectoryConfig, ownDb: () => Db): AccountDirectory {
  switch (config.ACCOUNT_DIRECTORY) {
    case 'builtin':
      return builtinDirectory(ownDb());
    case 'sql': {
      const misconfigured = (variable: string) =>
        new StepError('directory.misconfigured', `${variable} is required with the sql directory (ACCOUNT_DIRECTORY=sql)`);
      if (!config.DIRECTORY_DATABASE_URL) throw misconfigured('DIRECTORY_DATABASE_URL');
      const preset = config.DIRECTORY_SQL_PRESET;
      if (preset) {
        const { find, reset, sessionsRevoked, afterReset } = SQL_PRESETS[preset];
        const name = `DIRECTORY_SQL_PRESET=${preset}`;
        return sqlDirectory({
          url: config.DIRECTORY_DATABASE_URL,
          find,
          reset,
          sessionsRevoked,
          afterReset,
          findName: `${name} (find)`,
          resetName: `${name} (reset)`,
        });
      }
      if (!config.DIRECTORY_SQL_FIND) throw misconfigured('DIRECTORY_SQL_FIND');
      if (!config.DIRECTORY_SQL_RESET) throw misconfigured('DIRECTORY_SQL_RESET');
      return sqlDirectory({
        url: config.DIRECTORY_DATABASE_URL,
        find: config.DIRECTORY_SQL_FIND,
        reset: config.DIRECTORY_SQL_RESET,
        sessionsRevoked: true,
        findName: 'DIRECTORY_SQL_FIND',
        resetName: 'DIRECTORY_SQL_RESET',
      });
    }
    case 'http':
      return createHttpDirectory(httpDirectoryOptions(config));
  }
}
