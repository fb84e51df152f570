// The sql directory: the application's own PostgreSQL, read and reset with configured queries
// (SPEC §9). Runs the operator's SQL text with the postgres driver (sql.unsafe with parameters), never drizzle.
import postgres from 'postgres';
import { StepError } from '../../core/errors.ts';
import type { AccountDirectory, DirectoryAccount, FindResult, ResetReport } from '../../core/directory.ts';
import { splitStatements, type SqlPreset } from './presets.ts';
import { foldedSpelling, normaliseAddress } from '../../core/address-identity.ts';

export interface SqlDirectoryOptions {
  url: string;
  find: string;
  reset: string;
  sessionsRevoked: boolean;
  afterReset?: SqlPreset['afterReset'];
  /** How errors name the queries: the variables, or the preset. */
  findName: string;
  resetName: string;
}

const REQUIRED_COLUMNS = ['id', 'email', 'full_name', 'organisations', 'totp_enabled'] as const;
const CHECK_ADDRESS = 'directory-check@invalid';

type Row = Record<string, unknown>;

function organisationsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return [];
}

function toAccount(row: Row): DirectoryAccount {
  const enabled = row.totp_enabled;
  return {
    id: String(row.id),
    email: String(row.email),
    fullName: row.full_name == null ? null : String(row.full_name),
    organisations: organisationsOf(row.organisations),
    totpEnabled: enabled === true || enabled === 't' || enabled === 'true' || enabled === 1,
    version: row.version == null ? null : String(row.version),
  };
}

/** The driver's message and SQLSTATE only: never the URL, the parameters or the rows. */
function describeError(error: unknown): string {
  const e = error as { message?: string; code?: string };
  return `${e?.message ?? String(error)}${e?.code && !/^[A-Z]/.test(e.code) ? ` (${e.code})` : ''}`;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return /^(E[A-Z]+|CONNECT_TIMEOUT|CONNECTION_\w+|08\w+|28\w+|3D000)$/.test(code);
}

function failure(name: string, error: unknown): StepError {
  if (error instanceof StepError) return error;
  // serialization_failure, deadlock_detected: another transaction changed the rows meanwhile; retried.
  const code = (error as { code?: string })?.code;
  if (code === '40001' || code === '40P01')
    return new StepError('directory.unavailable', `${name}: the account changed while it was being reset (${code}); retrying`);
  if (isConnectionError(error))
    return new StepError('directory.unavailable', `DIRECTORY_DATABASE_URL: cannot reach the directory database: ${describeError(error)}`);
  return new StepError('directory.misconfigured', `${name}: ${describeError(error)}`);
}

/** The address as FIND is given it (SPEC §5: ASCII letters lower-cased, the domain in ASCII, nothing else folded). */
const asMatched = (email: string) => {
  const matched = normaliseAddress(email.trim(), { allowUnicodeDomain: true });
  return matched.ok ? matched.address : email.replace(/[A-Z]/g, (c) => c.toLowerCase());
};

const paramsFor = (statement: string, value: string) => (/\$1\b/.test(statement) ? [value] : []);

export function sqlDirectory(options: SqlDirectoryOptions): AccountDirectory {
  const sql = postgres(options.url, {
    max: 4,
    onnotice: () => {},
    connect_timeout: 10,
    connection: { application_name: 'recovery-desk-directory', statement_timeout: 15_000 },
  });
  const resetStatements = splitStatements(options.reset);

  async function findRows(email: string): Promise<Row[]> {
    try {
      return [...(await sql.unsafe<Row[]>(options.find, [email]))];
    } catch (error) {
      throw failure(options.findName, error);
    }
  }

  async function find(email: string): Promise<FindResult> {
    // Another spelling of the asked mailbox is left out before "several" is decided: a FIND written with
    // lower() folds the Kelvin sign into k, so Eve's account \u212Aarl@… came back beside the holder's
    // and made the holder's own request no match (ambiguous_account, stop 25).
    const rows = (await findRows(email)).filter((row) => !foldedSpelling(String(row.email), email));
    const ids = new Set(rows.map((row) => String(row.id)));
    if (ids.size === 0) return { kind: 'none' };
    // Several accounts share the address: its own answer, never the first hit.
    if (ids.size > 1) return { kind: 'ambiguous', count: ids.size };
    return { kind: 'one', account: toAccount(rows[0] as Row) };
  }

  return {
    kind: 'sql',
    find,
    // RESET is idempotent by construction (deletes and updates to a fixed state): the key is not needed.
    async resetSecondFactor(account: DirectoryAccount): Promise<ResetReport> {
      try {
        // The account is read again in the reset's own snapshot (REPEATABLE READ): it must still be
        // the one approved, at the version approved (`account.version`: the approval's, not the
        // one the job just read). Between the job's check and this transaction the holder may
        // have enrolled a new authenticator: RESET would clear it. A change committed while RESET
        // runs makes its write fail (40001) instead of wiping it: the job retries and the next
        // check sees the new version.
        await sql.begin('isolation level repeatable read', async (tx) => {
          const rows = [...(await tx.unsafe<Row[]>(options.find, [asMatched(account.email)]))].filter(
            (row) => !foldedSpelling(String(row.email), account.email),
          );
          const now = rows.length > 0 && new Set(rows.map((row) => String(row.id))).size === 1 ? toAccount(rows[0] as Row) : null;
          // A version that moved with no second factor left is this reset's own earlier run (safe to run twice).
          const moved = account.version !== null && now !== null && now.version !== account.version && now.totpEnabled;
          if (!now || now.id !== account.id || moved) {
            throw new StepError('directory.version_changed', `${options.resetName}: the account changed since the approval (not reset)`);
          }
          for (const statement of resetStatements) await tx.unsafe(statement, paramsFor(statement, account.id));
          await options.afterReset?.run(tx, account.id);
        });
      } catch (error) {
        throw failure(options.resetName, error);
      }
      // Read back: the report says what the directory now says, never what we hoped.
      const after = await find(account.email);
      const totpEnabled = after.kind === 'one' && after.account.id === account.id ? after.account.totpEnabled : false;
      return { totpEnabled, recoveryCodesRemoved: true, sessionsRevoked: options.sessionsRevoked };
    },
    async check(): Promise<void> {
      if (resetStatements.length === 0) throw new StepError('directory.misconfigured', `${options.resetName}: no statement`);
      try {
        await sql.begin('read only', async (tx) => {
          const result = await tx.unsafe(options.find, [CHECK_ADDRESS]).catch((error: unknown) => {
            throw failure(options.findName, error);
          });
          const columns = new Set((result.columns ?? []).map((column) => column.name));
          for (const column of REQUIRED_COLUMNS) {
            if (!columns.has(column)) throw new StepError('directory.misconfigured', `${options.findName} does not return ${column}`);
          }
          // Parse and plan each statement without running it: a wrong one is found now, not at the first reset.
          for (const [index, statement] of resetStatements.entries()) {
            await tx
              .unsafe(statement, paramsFor(statement, '0'))
              .describe()
              .catch((error: unknown) => {
                throw failure(`${options.resetName} (statement ${index + 1})`, error);
              });
          }
        });
      } catch (error) {
        throw failure(options.findName, error);
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
