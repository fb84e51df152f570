import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, test } from 'vitest';
import { consoleAudits, statusFor } from '../../src/web/routes/console.ts';
import { createInspectPool } from '../../src/adapters/mail/inspect-pool.ts';
import { notDueDelay } from '../../src/adapters/queue/jobs.ts';
import { jobFailure } from '../../src/adapters/queue/workers.ts';
import { isKnownError } from '../../src/cli/known-error.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { ERROR_CODES, ERRORS, isErrorCode, StepError, type ErrorCode } from '../../src/core/errors.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

// Where a code is written down: thrown, refused, compared or assigned.
const CODE_SITES = [/new (?:StepError|MailParseError)\(\s*'([^']+)'/g, /refuse\(\s*'([^']+)'/g, /\bcode\s*(?:===|!==|=|:)\s*'([a-z_]+\.[a-z_]+)'/g];

describe('the error catalog', () => {
  test('every error code written in src/ is declared in the catalog', () => {
    const undeclared: string[] = [];
    let seen = 0;
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const site of CODE_SITES) {
        for (const match of text.matchAll(site)) {
          seen += 1;
          if (!isErrorCode(match[1])) undeclared.push(`${path.relative(SRC, file)}: ${match[1]}`);
        }
      }
    }
    expect(seen, 'the scan finds the codes thrown by the steps').toBeGreaterThan(30);
    expect(undeclared).toEqual([]);
  });

  test('codes are namespaced and each has its whole meaning', () => {
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[a-z_0-9]+\.[a-z_0-9]+$/);
      expect(typeof ERRORS[code].retryable).toBe('boolean');
      expect(ERRORS[code].httpStatus).toBeGreaterThanOrEqual(400);
      expect(ERRORS[code].message.length).toBeGreaterThan(0);
    }
  });

  test("a StepError without a message says the catalog's", () => {
    expect(new StepError('note.empty').message).toBe(ERRORS['note.empty'].message);
    expect(new StepError('ticket.not_found', 'no ticket RD-1').message).toBe('no ticket RD-1');
  });
});

describe('each consumer derives from the catalog', () => {
  test('queue: a non-retryable code fails the job at once, a retryable one is retried', () => {
    for (const code of ERROR_CODES) {
      const failure = jobFailure(new StepError(code));
      expect(failure instanceof UnrecoverableError, code).toBe(!ERRORS[code].retryable);
    }
    expect(jobFailure(new StepError('ticket.evidence_changed'))).toBeInstanceOf(UnrecoverableError);
    expect(jobFailure(new StepError('message.already_processed'))).not.toBeInstanceOf(UnrecoverableError);
    // An error the catalog does not know (a lost connection, a deadlock) is retried, code kept.
    const transient = jobFailure(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }));
    expect(transient).not.toBeInstanceOf(UnrecoverableError);
    expect(transient).toMatchObject({ code: 'ECONNRESET', message: 'connection reset' });
  });

  test('queue: only a job that waits until due is put back when its step says not_due', () => {
    expect(notDueDelay('reset-2fa', { result: 'not_due', delayMs: 5_000 })).toBe(5_000);
    expect(notDueDelay('reset-2fa', { result: 'done' })).toBeNull();
    expect(notDueDelay('process-message', { result: 'not_due', delayMs: 5_000 })).toBeNull();
  });

  test("console: the HTTP status of a refusal is the catalog's", () => {
    for (const code of ERROR_CODES) expect(statusFor(code), code).toBe(ERRORS[code].httpStatus);
    const expected: [ErrorCode, number][] = [
      ['ticket.evidence_changed', 409],
      ['ticket.invalid_transition', 409],
      ['ticket.not_found', 404],
      ['agent.bad_totp', 403],
      ['agent.unknown', 403],
      ['approval.reason_required', 400],
      ['approval.evidence_required', 400],
      ['note.too_long', 400],
      ['identity_check.empty', 400],
      ['login.locked', 429],
      ['login.failed', 401],
    ];
    for (const [code, status] of expected) expect(statusFor(code), code).toBe(status);
  });

  test('console: a refusal the approval step audited is not audited twice', () => {
    for (const code of ERROR_CODES) {
      const audited = 'auditedByApproval' in ERRORS[code];
      expect(consoleAudits('approve', code), code).toBe(!audited);
      expect(consoleAudits('reject', code), code).toBe(true);
    }
    expect(consoleAudits('approve', 'agent.bad_totp')).toBe(false);
    expect(consoleAudits('approve', 'agent.unknown')).toBe(true);
  });

  test('CLI: an error with a declared code is known (its message printed), any other is not', () => {
    for (const code of ERROR_CODES) expect(isKnownError(Object.assign(new Error('x'), { code })), code).toBe(true);
    expect(isKnownError(new UsageError('wrong'))).toBe(true);
    expect(isKnownError(Object.assign(new Error('x'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }))).toBe(true);
    expect(isKnownError(Object.assign(new Error('duplicate key … $1'), { code: '23505' }))).toBe(false);
    expect(isKnownError(Object.assign(new Error('x'), { code: 'something.undeclared' }))).toBe(false);
  });
});

describe('inspection threads', () => {
  test('a pool starts no thread until there is mail to inspect', async () => {
    const pool = createInspectPool({
      size: 2,
      timeoutMs: 1_000,
      settings: { trustedAuthservIds: [], trustedReceivedBy: [], ourDomains: [], dnsOff: true, maxAgeMs: 0, supportAddresses: [], companyNames: [] },
    });
    expect(pool.threads).toBe(0);
    await pool.close();
  });
});
