// The external reset's decisions (core/directory-reset.ts): what to do before a call, after a
// failed one, and after the read-back. "Done" only ever follows a read-back showing 2FA gone.
import { describe, expect, test } from 'vitest';
import type { DirectoryAccount, FindResult } from '../../src/core/directory.ts';
import { afterReadBack, decideAfterFailure, decideBeforeCall, readBackOf, retryDelayMs } from '../../src/core/directory-reset.ts';
import { canMove } from '../../src/core/ticket-status.ts';

const approved = { id: 'u-7', email: 'victor@genuine.example', version: '3' };
const account = (changes: Partial<DirectoryAccount> = {}): DirectoryAccount => ({
  id: 'u-7',
  email: 'victor@genuine.example',
  fullName: 'Victor Holder',
  organisations: ['Genuine BV'],
  totpEnabled: true,
  version: '3',
  ...changes,
});
const one = (changes: Partial<DirectoryAccount> = {}): FindResult => ({ kind: 'one', account: account(changes) });

describe('before a call', () => {
  test('the account as approved, at the version approved, is called', () => {
    expect(decideBeforeCall(approved, one(), 0)).toMatchObject({ kind: 'call', account: { id: 'u-7' } });
  });
  test('no account, several, or another one at the address: a human, never a reset', () => {
    expect(decideBeforeCall(approved, { kind: 'none' }, 0)).toMatchObject({ kind: 'needs_attention', reason: 'account_changed' });
    expect(decideBeforeCall(approved, { kind: 'ambiguous', count: 2 }, 0)).toMatchObject({ kind: 'needs_attention', reason: 'account_changed' });
    expect(decideBeforeCall(approved, one({ id: 'u-8' }), 0)).toMatchObject({ kind: 'needs_attention', reason: 'account_changed' });
  });
  test('a version moved before any call of ours is a change the agents did not see', () => {
    expect(decideBeforeCall(approved, one({ version: '4' }), 0)).toMatchObject({ kind: 'needs_attention', reason: 'version_changed' });
    expect(decideBeforeCall(approved, one({ version: '4', totpEnabled: false }), 0)).toMatchObject({ kind: 'needs_attention', reason: 'version_changed' });
  });
  test('after a call that may have landed, a moved version without 2FA is our own reset: read back, do not call again', () => {
    expect(decideBeforeCall(approved, one({ version: '4', totpEnabled: false }), 1)).toEqual({ kind: 'read_back' });
    // …but re-enrolled since: a human.
    expect(decideBeforeCall(approved, one({ version: '5', totpEnabled: true }), 1)).toMatchObject({ kind: 'needs_attention', reason: 'version_changed' });
  });
  test('a directory without versions is called (the read-back still decides)', () => {
    expect(decideBeforeCall({ ...approved, version: null }, one({ version: null }), 0)).toMatchObject({ kind: 'call' });
  });
});

describe('after a failed call', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const until = new Date('2026-12-07T10:15:00Z');
  test('unavailable (5xx, time-out, network) is retried with a growing, capped delay while DIRECTORY_RETRY_FOR lasts', () => {
    expect(decideAfterFailure({ code: 'directory.unavailable', attempts: 1, now, retryUntil: until })).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(decideAfterFailure({ code: undefined, attempts: 3, now, retryUntil: until })).toEqual({ kind: 'retry', delayMs: 8_000 });
    expect(retryDelayMs(20)).toBe(60_000);
  });
  test('the last retry is at the deadline; after it, a human', () => {
    expect(decideAfterFailure({ code: 'directory.unavailable', attempts: 10, now: new Date(until.getTime() - 500), retryUntil: until })).toEqual({
      kind: 'retry',
      delayMs: 500,
    });
    expect(decideAfterFailure({ code: 'directory.unavailable', attempts: 11, now: until, retryUntil: until })).toEqual({
      kind: 'needs_attention',
      reason: 'retries_exhausted',
    });
  });
  test('a 409, a refusal or an answer outside the contract is never retried', () => {
    expect(decideAfterFailure({ code: 'directory.version_changed', attempts: 1, now, retryUntil: until })).toEqual({
      kind: 'needs_attention',
      reason: 'version_changed',
    });
    for (const code of ['directory.refused', 'directory.bad_answer', 'directory.misconfigured'])
      expect(decideAfterFailure({ code, attempts: 1, now, retryUntil: until })).toEqual({ kind: 'needs_attention', reason: 'directory_refused' });
  });
});

describe('after the read-back', () => {
  test('only the same account without 2FA is done', () => {
    expect(afterReadBack(readBackOf(approved, one({ totpEnabled: false, version: '4' })))).toEqual({ kind: 'done' });
    expect(afterReadBack(readBackOf(approved, one()))).toEqual({ kind: 'needs_attention', reason: 'still_enrolled' });
    expect(afterReadBack(readBackOf(approved, one({ id: 'u-9', totpEnabled: false })))).toEqual({ kind: 'needs_attention', reason: 'changed_after_reset' });
    expect(afterReadBack(readBackOf(approved, { kind: 'none' }))).toEqual({ kind: 'needs_attention', reason: 'changed_after_reset' });
  });
});

test('needs_attention: reached only from approved; left by a retry, a review, a rejection or the holder cancelling', () => {
  expect(canMove('approved', 'needs_attention')).toBe(true);
  expect(canMove('ready', 'needs_attention')).toBe(false);
  for (const to of ['approved', 'ready', 'rejected', 'cancelled'] as const) expect(canMove('needs_attention', to)).toBe(true);
});
