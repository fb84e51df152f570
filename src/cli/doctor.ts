// `recovery-desk doctor [--json]` (SPEC §7.1): checks every configured service, one line per
// check with the fix for each failure; exits non-zero unless all pass.
import { inspectConfig, type Config, type ConfigProblem } from '../config.ts';
import { developmentKeyProblems } from '../core/development-keys.ts';
import { fail, formatReport, pass, skip, type DoctorReport } from '../core/doctor.ts';
import type { DnsResolver } from '../adapters/auth/sender-auth.ts';
import { checkDkim } from '../adapters/health/checks/dkim.ts';
import { checkDns } from '../adapters/health/checks/dns.ts';
import { checkMailbox } from '../adapters/health/checks/imap.ts';
import { checkPostgres } from '../adapters/db/migration-status.ts';
import { checkRedis } from '../adapters/health/checks/redis.ts';
import { checkSmtp } from '../adapters/health/checks/smtp.ts';
import { parseImapUrl } from '../adapters/imap/mailbox-reader.ts';
import { splitList } from '../config.ts';
import { createTokenProvider } from '../adapters/imap/oauth2.ts';
import { runDoctor, type Check } from '../steps/doctor.ts';
import { webExposure } from '../core/web-exposure.ts';

export interface DoctorOptions {
  /** DNS for the DNS and DKIM checks (tests pass an offline zone); the system resolver when absent. */
  resolver?: DnsResolver;
  timeoutMs?: number;
}

const OAUTH2 = ['IMAP_OAUTH2_TOKEN_URL', 'IMAP_OAUTH2_CLIENT_ID', 'IMAP_OAUTH2_CLIENT_SECRET', 'IMAP_OAUTH2_REFRESH_TOKEN', 'IMAP_OAUTH2_SCOPE'];

export function doctorChecks(config: Config, problems: ConfigProblem[], options: DoctorOptions = {}): Check[] {
  const domain = config.SUPPORT_ADDRESS.split('@')[1] ?? '';
  return [
    {
      name: 'configuration',
      run: async () =>
        problems.length === 0
          ? pass('every variable is valid')
          : fail(problems.map((problem) => `${problem.variable}: ${problem.message}`).join('; '), 'fix these environment variables (see .env.example)'),
    },
    {
      name: 'development keys',
      uses: ['RECOVERY_DESK_ENV', 'SECRETS_KEY', 'MESSAGE_HMAC_KEY'],
      run: async () => {
        const found = developmentKeyProblems(config);
        if (config.RECOVERY_DESK_ENV === 'development') return skip('RECOVERY_DESK_ENV=development: development keys allowed');
        if (found.length === 0) return pass('SECRETS_KEY and MESSAGE_HMAC_KEY are not the development values');
        const names = found.map((problem) => problem.variable).join(' and ');
        return fail(
          `${names} unset or at the published development value`,
          `generate a key per variable with \`openssl rand -hex 32\` and set ${names} (the development values are for RECOVERY_DESK_ENV=development only)`,
        );
      },
    },
    { name: 'postgresql', uses: ['DATABASE_URL'], run: () => checkPostgres(config.DATABASE_URL) },
    { name: 'redis', uses: ['REDIS_URL'], run: () => checkRedis(config.REDIS_URL) },
    ...mailboxChecks(config, problems),
    {
      name: 'smtp',
      uses: ['SMTP_URL', 'SUPPORT_ADDRESS'],
      run: async () =>
        config.SMTP_URL
          ? checkSmtp(config.SMTP_URL, config.SUPPORT_ADDRESS)
          : skip(`SMTP_URL unset: replies are written as .eml files to ${config.MAIL_OUTBOX_DIR}`),
    },
    {
      name: 'dns',
      uses: ['SENDER_AUTH_DNS', 'SUPPORT_ADDRESS'],
      run: async () =>
        config.SENDER_AUTH_DNS === 'off'
          ? skip("SENDER_AUTH_DNS=off: only the trusted MX's Authentication-Results authenticate")
          : checkDns(domain, options.resolver),
    },
    {
      name: 'dkim key published',
      uses: ['DKIM_PRIVATE_KEY_FILE', 'DKIM_SELECTOR', 'SUPPORT_ADDRESS'],
      run: async () =>
        config.DKIM_PRIVATE_KEY_FILE
          ? checkDkim({ keyFile: config.DKIM_PRIVATE_KEY_FILE, selector: config.DKIM_SELECTOR, domain, resolver: options.resolver })
          : skip('DKIM_PRIVATE_KEY_FILE unset: replies are not DKIM-signed'),
    },
    {
      name: 'web exposure',
      uses: ['PUBLIC_URL', 'HTTP_TRUSTED_PROXIES', 'METRICS_TOKEN', 'METRICS_PORT'],
      run: async () => webExposure(config),
    },
    {
      name: 'account directory',
      uses: ['ACCOUNT_DIRECTORY', 'DIRECTORY_DATABASE_URL', 'DIRECTORY_SQL_PRESET', 'DIRECTORY_SQL_FIND', 'DIRECTORY_SQL_RESET'],
      run: async () => (await import('../adapters/directory/health.ts')).checkDirectory(config),
    },
  ];
}

function mailboxChecks(config: Config, problems: ConfigProblem[]): Check[] {
  const uses = ['IMAP_URL', 'IMAP_PROCESSED_ACTION', 'IMAP_PROCESSED_FOLDER', ...OAUTH2];
  if (problems.some((problem) => uses.includes(problem.variable)) || !config.IMAP_URL) {
    return [{ name: 'mailbox', uses, run: async () => skip('IMAP_URL unset: no mailbox is read, only `ingest` feeds the workers') }];
  }
  // As main.ts's oauth2(), without loading the whole service (seconds of imports).
  const tokens =
    config.IMAP_OAUTH2_TOKEN_URL && config.IMAP_OAUTH2_CLIENT_ID && config.IMAP_OAUTH2_REFRESH_TOKEN
      ? createTokenProvider({
          tokenUrl: config.IMAP_OAUTH2_TOKEN_URL,
          clientId: config.IMAP_OAUTH2_CLIENT_ID,
          clientSecret: config.IMAP_OAUTH2_CLIENT_SECRET,
          refreshToken: config.IMAP_OAUTH2_REFRESH_TOKEN,
          scope: config.IMAP_OAUTH2_SCOPE,
        })
      : undefined;
  return splitList(config.IMAP_URL).map((imapUrl) => ({
    name: `mailbox ${parseImapUrl(imapUrl).id}`,
    run: () =>
      checkMailbox({
        imapUrl,
        processedFolder: config.IMAP_PROCESSED_ACTION === 'move' ? config.IMAP_PROCESSED_FOLDER : undefined,
        accessToken: tokens ? () => tokens.get() : undefined,
      }),
  }));
}

/** Runs every check on this environment. */
export function doctorReport(env: Record<string, string | undefined>, options: DoctorOptions = {}): Promise<DoctorReport> {
  const { config, problems } = inspectConfig(env);
  const invalid = problems.map((problem) => problem.variable);
  return runDoctor(doctorChecks(config, problems, options), { invalid, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}

export async function doctorCommand(env: Record<string, string | undefined>, json: boolean): Promise<void> {
  const report = await doctorReport(env);
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (!report.ok) {
    const failed = report.checks.filter((check) => !check.ok).map((check) => check.name);
    throw Object.assign(new Error(`doctor: ${failed.length} check(s) failed: ${failed.join(', ')}`), { code: 'doctor.failed' });
  }
}
