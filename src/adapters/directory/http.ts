// The http account directory (SPEC §9): the company's own service behind a small signed
// contract (docs/directory-api.yaml). No retries here: the outbox job retries with the same key.
// Errors name the path and the status, never the URL (it may carry credentials) nor the secret.
import { z } from 'zod';
import type { AccountDirectory, DirectoryAccount, FindResult, ResetReport } from '../../core/directory.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { signedHeaders } from './http-signature.ts';
import { foldedSpelling } from '../../core/address-identity.ts';

export interface HttpDirectoryOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  /** The address `check()` looks up: reserved, so it never matches a real account. */
  checkAddress?: string;
}

export const CHECK_ADDRESS = 'directory-check@invalid';

const account = z.object({
  id: z.string().min(1),
  email: z.string(),
  fullName: z.string().nullable(),
  organisations: z.array(z.string()),
  totpEnabled: z.boolean(),
  version: z.string().nullable(),
});
const lookupAnswer = z.object({ accounts: z.array(account) });
const resetAnswer = z.object({ totpEnabled: z.boolean(), recoveryCodesRemoved: z.boolean(), sessionsRevoked: z.boolean() });

export class DirectoryError extends Error {
  readonly code: ErrorCode;
  readonly status: number | null;
  constructor(code: ErrorCode, message: string, status: number | null = null) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** The client's options from the configuration (structurally `Config`), naming what is missing. */
export function httpDirectoryOptions(config: {
  DIRECTORY_HTTP_URL?: string;
  DIRECTORY_HTTP_SECRET?: string;
  DIRECTORY_HTTP_TIMEOUT: number;
}): HttpDirectoryOptions {
  const missing = (['DIRECTORY_HTTP_URL', 'DIRECTORY_HTTP_SECRET'] as const).filter((key) => !config[key]);
  if (missing.length > 0) throw new DirectoryError('config.invalid', `the http account directory needs ${missing.join(' and ')} (see .env.example)`);
  return { url: config.DIRECTORY_HTTP_URL!, secret: config.DIRECTORY_HTTP_SECRET!, timeoutMs: config.DIRECTORY_HTTP_TIMEOUT };
}

export function createHttpDirectory(options: HttpDirectoryOptions): AccountDirectory {
  const base = options.url.replace(/\/+$/, '');

  async function post(path: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...headers,
          // v1 and v2 (http-signature.ts): v2 binds this path and these two headers too.
          ...signedHeaders(options.secret, { method: 'POST', path, body, idempotencyKey: headers['Idempotency-Key'], ifMatch: headers['If-Match'] }),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      const cause = name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : ((error as { cause?: { code?: string } }).cause?.code ?? name);
      throw new DirectoryError('directory.unavailable', `directory POST ${path} failed: ${cause}`);
    }
    const text = await response.text().catch(() => '');
    const status = response.status;
    if (status >= 500) throw new DirectoryError('directory.unavailable', `directory POST ${path} answered ${status}`, status);
    if (status === 409) throw new DirectoryError('directory.version_changed', `directory POST ${path} answered 409: the account's version changed`, status);
    if (status === 401)
      throw new DirectoryError(
        'directory.refused',
        `directory POST ${path} answered 401: the signature was refused (check DIRECTORY_HTTP_SECRET and the clocks)`,
        status,
      );
    if (status !== 200) throw new DirectoryError('directory.refused', `directory POST ${path} answered ${status}`, status);
    try {
      return { status, json: JSON.parse(text) };
    } catch {
      throw new DirectoryError('directory.bad_answer', `directory POST ${path} answered 200 without JSON`, status);
    }
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown, path: string): T {
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    const where = result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
    throw new DirectoryError('directory.bad_answer', `directory POST ${path} answered a malformed body (${where})`, 200);
  }

  async function lookup(email: string): Promise<DirectoryAccount[]> {
    const { json } = await post('/lookup', { email });
    return parse(lookupAnswer, json, '/lookup').accounts;
  }

  return {
    kind: 'http',
    async find(email: string): Promise<FindResult> {
      // Another spelling of the asked mailbox is left out before "several" is decided: a lookup that
      // folds more than ASCII (JavaScript's toLowerCase(), a _ci collation) also returns Eve's account
      // registered as \u212Aarl@…, and two answers made the holder's own request no match (stop 25).
      const accounts = (await lookup(email)).filter((account) => !foldedSpelling(account.email, email));
      if (accounts.length === 0) return { kind: 'none' };
      if (accounts.length > 1) return { kind: 'ambiguous', count: accounts.length };
      return { kind: 'one', account: accounts[0]! };
    },
    async resetSecondFactor(target: DirectoryAccount, idempotencyKey: string): Promise<ResetReport> {
      const path = `/accounts/${encodeURIComponent(target.id)}/reset-2fa`;
      const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey };
      if (target.version !== null) headers['If-Match'] = target.version;
      const { json } = await post(path, {}, headers);
      return parse(resetAnswer, json, path);
    },
    async check(): Promise<void> {
      try {
        await lookup(options.checkAddress ?? CHECK_ADDRESS);
      } catch (error) {
        if (error instanceof DirectoryError) throw new DirectoryError(error.code, `DIRECTORY_HTTP_URL: ${error.message}`, error.status);
        throw error;
      }
    },
    async close(): Promise<void> {},
  };
}
