// The only reader of the environment: parses it once into a typed, validated Config.
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEVELOPMENT_MESSAGE_HMAC_KEY, DEVELOPMENT_SECRETS_KEY, developmentKeyProblems } from './core/development-keys.ts';
import type { ErrorCode } from './core/errors.ts';

const duration = z
  .string()
  .trim()
  .regex(/^\d+(ms|s|m|h|d)?$/, 'a duration such as 0, 30s, 15m, 24h or 7d')
  .transform(parseDuration);

export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's'] ?? 1000;
  return Number(match[1]) * unit;
}

/** `now`, `all`, or an ISO date (2026-01-31, midnight UTC) or date-time with its zone. */
export type ImapStart = 'now' | 'all' | Date;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const imapStart = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (value) => value === 'now' || value === 'all' || (ISO_DATE.test(value.toUpperCase()) && !Number.isNaN(Date.parse(value.toUpperCase()))),
    'now, all, or an ISO date such as 2026-01-31 or 2026-01-31T08:00:00Z',
  )
  .transform((value): ImapStart => (value === 'now' || value === 'all' ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value.toUpperCase())));

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => isUrl(value, protocols), `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  );

const schema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://root@127.0.0.1:5432/recovery_desk'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : -')
    .default('rd'),
  // One mailbox URL, or several separated by spaces or commas (one reader each).
  IMAP_URL: z
    .string()
    .trim()
    .refine(
      (value) => splitList(value).every((item) => isUrl(item, ['imap:', 'imaps:'])),
      'imap[s]://user:pass@host:port/MAILBOX, or several separated by spaces',
    )
    .optional(),
  // XOAUTH2 (Google Workspace, Microsoft 365): IMAP_URL then carries no password.
  IMAP_OAUTH2_TOKEN_URL: url(['https:', 'http:']).optional(),
  IMAP_OAUTH2_CLIENT_ID: z.string().trim().min(1).optional(),
  IMAP_OAUTH2_CLIENT_SECRET: z.string().trim().min(1).optional(),
  IMAP_OAUTH2_REFRESH_TOKEN: z.string().trim().min(1).optional(),
  IMAP_OAUTH2_SCOPE: z.string().trim().min(1).optional(),
  IMAP_PROCESSED_ACTION: z.enum(['flag', 'move', 'none']).default('flag'),
  IMAP_PROCESSED_FOLDER: z.string().trim().min(1).default('Recovery'),
  IMAP_POLL_INTERVAL: duration.prefault('60s'),
  // First sync of a mailbox (no cursor yet): mail whose internal date is before this is left
  // alone. The first start's point is stored with the cursor and applies again after a
  // UIDVALIDITY change.
  IMAP_START: imapStart.prefault('now'),
  // No automatic reply ever answers a message that arrived longer ago than this.
  REPLY_MAX_AGE: duration.prefault('7d'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_OUTBOX_DIR: z.string().trim().min(1).default('var/outbox'),
  SUPPORT_ADDRESS: z.email('an email address').default('support@bpart.be'),
  // Our own company and product names (comma list): never read as the writer's organisation
  // or name. Empty: the SUPPORT_ADDRESS domain's label ("bpart" for support@bpart.be).
  COMPANY_NAMES: list,
  TRUSTED_AUTHSERV_IDS: list,
  // Other addresses of the support mailbox (comma list): a request must be sent to
  // SUPPORT_ADDRESS or one of these (To or Cc), or it is not authenticated.
  SUPPORT_ALIASES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.email('an email address'))),
  // A signature (t=) or Date older than this when the message arrived does not authenticate.
  DKIM_MAX_AGE: duration.prefault('7d').refine((ms) => ms > 0, 'a duration above 0, such as 7d'),
  // Host names of our own MX as they write "by …" in Received: SPF is checked for the client
  // the topmost of those headers names (aligned SPF from a trusted hop, SPEC §5).
  TRUSTED_RECEIVED_BY: list,
  // system: DKIM/DMARC/SPF lookups through the system resolver. off: no DNS at all, so only a
  // trusted MX's Authentication-Results header can authenticate (and tests/demos stay offline).
  SENDER_AUTH_DNS: z.enum(['system', 'off']).default('system'),
  RECOVERY_CHALLENGE: z.enum(['link', 'off']).default('link'),
  RECOVERY_CANCEL_WINDOW: duration.prefault('24h'),
  RECOVERY_APPROVERS: z.enum(['1', '2']).default('1').transform(Number),
  PUBLIC_URL: url(['http:', 'https:']).default('http://127.0.0.1:8080'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HTTP_HOST: z.string().trim().default('127.0.0.1'),
  // The reverse proxies (TLS) in front of the console, as addresses or CIDRs (comma list): only
  // their X-Forwarded-For is believed, so sign-in limits and the audit log see the real client.
  // Empty: the header is ignored (a client could otherwise forge it to dodge the limits).
  HTTP_TRUSTED_PROXIES: list.refine(
    (items) => items.every((item) => isIP(item.split('/')[0] ?? '') !== 0 && (!item.includes('/') || /^\d{1,3}$/.test(item.split('/')[1] ?? ''))),
    'addresses or CIDRs, comma separated (e.g. 127.0.0.1 or 172.16.0.0/12)',
  ),
  SECRETS_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/i, '64 hex characters (32 bytes): openssl rand -hex 32')
    // unset: the published development key, which start/worker/web refuse outside development
    .default(DEVELOPMENT_SECRETS_KEY),
  SECRETS_KEY_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('k1'),
  // Keys rotated out, still needed to read secrets sealed with them: "id:hex,id:hex".
  SECRETS_PREVIOUS_KEYS: z
    .string()
    .trim()
    .default('')
    .refine((value) => splitList(value).every((item) => /^[A-Za-z0-9_-]+:[0-9a-f]{64}$/i.test(item)), 'a list of id:64-hex-characters')
    .transform((value) => Object.fromEntries(splitList(value).map((item) => item.split(':') as [string, string]))),
  MESSAGE_HMAC_KEY: z.string().trim().min(16, 'at least 16 characters').default(DEVELOPMENT_MESSAGE_HMAC_KEY),
  // production (default): start/worker/web refuse the development keys above (SPEC §6 rule 17).
  RECOVERY_DESK_ENV: z.enum(['production', 'development']).default('production'),
  DKIM_PRIVATE_KEY_FILE: z.string().trim().min(1).optional(),
  DKIM_SELECTOR: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]+$/)
    .default('recovery'),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  SWEEP_INTERVAL: duration.prefault('60s'),
  IMAP_RECONCILE_INTERVAL: duration.prefault('10m'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // /metrics on the console's public port only for a scraper sending `Authorization: Bearer <METRICS_TOKEN>`; unset, the
  // public port serves no /metrics (its counters tell when an approval went out) and operators scrape METRICS_PORT.
  // A secret: never logged.
  METRICS_TOKEN: z.string().trim().min(24, 'at least 24 characters: openssl rand -hex 24').optional(),
  // Worker threads that parse, analyse and authenticate (0: in the main thread). The main
  // thread mostly waits on PostgreSQL and Redis, so one core is left to it.
  INSPECT_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .max(32)
    .default(Math.max(1, availableParallelism() - 1)),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  MAX_HEADER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  MAX_MIME_PARTS: z.coerce.number().int().min(1).default(500),
  JOB_TIMEOUT: duration.prefault('60s'),
  // Agents are told (SPEC §7.2): one mail per agent per interval listing tickets that entered
  // review, were disputed by their holder, or heard from the holder again.
  NOTIFY_AGENTS: z.enum(['on', 'off']).default('on'),
  NOTIFY_INTERVAL: duration.prefault('5m'),
  // Optional: the same batch POSTed as JSON with a `text` field. A secret: never logged.
  NOTIFY_WEBHOOK_URL: url(['https:', 'http:']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The account directory (SPEC §9): where the accounts really live. sql: the application's own
  // PostgreSQL, with a preset or the two queries. DIRECTORY_DATABASE_URL holds a password: never logged.
  ACCOUNT_DIRECTORY: z.enum(['builtin', 'sql', 'http']).default('builtin'),
  DIRECTORY_DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DIRECTORY_SQL_PRESET: z.enum(['django-otp']).optional(),
  DIRECTORY_SQL_FIND: z.string().trim().min(1).optional(),
  DIRECTORY_SQL_RESET: z.string().trim().min(1).optional(),
  // The http account directory (SPEC §9): the company's service behind the signed contract of
  // docs/directory-api.yaml. The paths (/lookup, /accounts/{id}/reset-2fa) are appended to the URL's own path.
  DIRECTORY_HTTP_URL: url(['https:', 'http:']).optional(),
  // Signs every request (HMAC-SHA256). A secret: never logged, never in an error.
  DIRECTORY_HTTP_SECRET: z.string().trim().min(32, 'at least 32 characters: openssl rand -hex 32').optional(),
  DIRECTORY_HTTP_TIMEOUT: duration.prefault('10s').refine((ms) => ms > 0, 'a duration above 0, such as 10s'),
  // An external reset is retried (same idempotency key) for at most this long, then needs attention.
  DIRECTORY_RETRY_FOR: duration.prefault('15m'),
});

/** ACCOUNT_DIRECTORY=sql needs its database and either a preset or both queries; http its URL and secret. */
function directoryProblems(env: z.infer<typeof schema>): { path: string; message: string }[] {
  if (env.ACCOUNT_DIRECTORY === 'http') {
    return (['DIRECTORY_HTTP_URL', 'DIRECTORY_HTTP_SECRET'] as const)
      .filter((key) => !env[key])
      .map((key) => ({ path: key, message: 'required when ACCOUNT_DIRECTORY=http' }));
  }
  if (env.ACCOUNT_DIRECTORY !== 'sql') return [];
  const problems: { path: string; message: string }[] = [];
  if (!env.DIRECTORY_DATABASE_URL) problems.push({ path: 'DIRECTORY_DATABASE_URL', message: 'required when ACCOUNT_DIRECTORY=sql' });
  if (env.DIRECTORY_SQL_PRESET && (env.DIRECTORY_SQL_FIND || env.DIRECTORY_SQL_RESET)) {
    problems.push({ path: 'DIRECTORY_SQL_PRESET', message: 'set either a preset or DIRECTORY_SQL_FIND and DIRECTORY_SQL_RESET, not both' });
  }
  if (!env.DIRECTORY_SQL_PRESET) {
    for (const key of ['DIRECTORY_SQL_FIND', 'DIRECTORY_SQL_RESET'] as const) {
      if (!env[key]) problems.push({ path: key, message: 'required when ACCOUNT_DIRECTORY=sql without DIRECTORY_SQL_PRESET' });
    }
  }
  return problems;
}

const checkedSchema = schema.superRefine((env, ctx) => {
  for (const problem of directoryProblems(env)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
});

export type Config = z.infer<typeof schema>;

// Second-level labels under which a name is registered one level down: support@acme.co.uk → "acme".
const SHARED_SECOND_LEVELS = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu']);

/** COMPANY_NAMES, or the SUPPORT_ADDRESS domain's own label when it is empty. */
export function companyNames(config: Pick<Config, 'COMPANY_NAMES' | 'SUPPORT_ADDRESS'>): string[] {
  if (config.COMPANY_NAMES.length > 0) return config.COMPANY_NAMES;
  const labels = (config.SUPPORT_ADDRESS.split('@')[1] ?? '').toLowerCase().split('.').filter(Boolean);
  if (labels.length < 2) return labels;
  const second = labels[labels.length - 2]!;
  return [labels.length >= 3 && SHARED_SECOND_LEVELS.has(second) ? labels[labels.length - 3]! : second];
}
/** Every variable the configuration reads (all are documented in .env.example). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

export class ConfigError extends Error {
  readonly code: ErrorCode = 'config.invalid';
}

export class DevelopmentKeysError extends ConfigError {
  override readonly code = 'config.development_keys';
}

/** Throws, naming every key still at its development value, unless RECOVERY_DESK_ENV=development. */
export function refuseDevelopmentKeys(config: Config): void {
  const problems = developmentKeyProblems(config);
  if (problems.length === 0) return;
  throw new DevelopmentKeysError(`refusing to run on development keys:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
}

/** Parses an environment (process.env in main, a plain object in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = checkedSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration (fix these environment variables, see .env.example):\n${lines.join('\n')}`);
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * For `doctor`: the configuration with every invalid variable left at its default, and what
 * was wrong with each, so the checks that do not need those variables can still run.
 */
export function inspectConfig(env: Record<string, string | undefined>): { config: Config; problems: ConfigProblem[] } {
  try {
    return { config: loadConfig(env), problems: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
    const result = checkedSchema.safeParse(cleaned);
    const problems = result.success ? [] : result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? ''), message: issue.message }));
    const invalid = new Set(problems.map((problem) => problem.variable));
    // A directory variable wrong: the rest is checked with the builtin directory.
    if ([...invalid].some((key) => key.startsWith('DIRECTORY_'))) invalid.add('ACCOUNT_DIRECTORY');
    return { config: loadConfig(Object.fromEntries(Object.entries(cleaned).filter(([key]) => !invalid.has(key)))), problems };
  }
}
