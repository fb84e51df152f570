// An external reset (SPEC §9) as values: what to do before calling the directory, after a
// failed call, and after the read-back. The job (steps/directory-reset.ts) only carries these out.
// Nothing here ever answers "done" without a read-back that shows the second factor gone.
import type { DirectoryAccount, FindResult } from './directory.ts';

export type DirectoryOperationStatus = 'pending' | 'done' | 'needs_attention' | 'cancelled';

/** Why an external reset needs a human; each is shown to agents with its explanation. */
export const NEEDS_ATTENTION_REASONS = {
  account_changed: 'before the reset, the address no longer finds the account the agent approved (none, several, or another one)',
  version_changed: 'before the reset, the account changed in the directory since the approval (email, 2FA re-enrolled, another change)',
  directory_refused: 'the directory refused the reset or answered outside the contract: retrying the same call cannot help',
  retries_exhausted: 'the directory could not be reached or kept failing for DIRECTORY_RETRY_FOR',
  still_enrolled: 'the directory answered the reset, but reading the account back still shows two-factor authentication',
  changed_after_reset: 'after the reset, reading the account back found no account, several, or another one',
} as const;
export type NeedsAttentionReason = keyof typeof NEEDS_ATTENTION_REASONS;

/**
 * Whether retrying the same reset can now succeed (the directory was down or refused a call).
 * When the account itself changed, the approval no longer describes it: back to review instead.
 */
export function retryable(reason: string | null | undefined): boolean {
  return reason === 'retries_exhausted' || reason === 'directory_refused' || reason === 'still_enrolled';
}

/** The account the agent approved: the directory's profile stored with the ticket when it was processed. */
export interface ApprovedAccount {
  id: string;
  email: string;
  version: string | null;
}

export type BeforeCall =
  | { kind: 'call'; account: DirectoryAccount }
  /** An earlier call of ours may have reset already (the version moved and 2FA is gone): read back, do not call. */
  | { kind: 'read_back' }
  | { kind: 'needs_attention'; reason: NeedsAttentionReason; detail: string };

/** Checked just before each call: the account must still be the one approved, at the version approved. */
export function decideBeforeCall(expected: ApprovedAccount, found: FindResult, attempts: number): BeforeCall {
  if (found.kind !== 'one')
    return {
      kind: 'needs_attention',
      reason: 'account_changed',
      detail: `the address finds ${found.kind === 'none' ? 'no account' : `${found.count} accounts`}`,
    };
  const account = found.account;
  if (account.id !== expected.id) return { kind: 'needs_attention', reason: 'account_changed', detail: 'the address now belongs to another account' };
  if (expected.version === null || account.version === expected.version) return { kind: 'call', account };
  // The version moved. After a call of ours that may have landed (a worker killed before it
  // recorded the answer), a profile without 2FA is our own reset: read it back rather than refuse.
  if (attempts > 0 && !account.totpEnabled) return { kind: 'read_back' };
  return { kind: 'needs_attention', reason: 'version_changed', detail: 'the account’s version differs from the one approved' };
}

export type AfterFailure = { kind: 'retry'; delayMs: number } | { kind: 'needs_attention'; reason: NeedsAttentionReason };

/** Error codes of the directory adapters that retrying with the same key cannot fix. */
const FINAL: Readonly<Record<string, NeedsAttentionReason>> = {
  'directory.version_changed': 'version_changed',
  'directory.refused': 'directory_refused',
  'directory.bad_answer': 'directory_refused',
  'directory.misconfigured': 'directory_refused',
};

/** Backoff between calls: 2 s, 4 s, 8 s… capped at a minute. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempts - 1));
}

/** A failed call: retried with the same key while DIRECTORY_RETRY_FOR lasts, else a human. */
export function decideAfterFailure(input: { code: string | undefined; attempts: number; now: Date; retryUntil: Date }): AfterFailure {
  const final = input.code ? FINAL[input.code] : undefined;
  if (final) return { kind: 'needs_attention', reason: final };
  const delayMs = retryDelayMs(input.attempts);
  if (input.now.getTime() >= input.retryUntil.getTime()) return { kind: 'needs_attention', reason: 'retries_exhausted' };
  // The last retry runs at the deadline, not after it.
  return { kind: 'retry', delayMs: Math.min(delayMs, Math.max(1, input.retryUntil.getTime() - input.now.getTime())) };
}

export type ReadBack =
  | { kind: 'second_factor_gone'; account: DirectoryAccount }
  | { kind: 'still_enrolled'; account: DirectoryAccount }
  | { kind: 'account_changed'; found: 'none' | 'ambiguous' | 'other_account' };

/** The profile read back after the reset: only one showing 2FA gone on the same account is "done". */
export function readBackOf(expected: Pick<ApprovedAccount, 'id'>, found: FindResult): ReadBack {
  if (found.kind !== 'one') return { kind: 'account_changed', found: found.kind };
  if (found.account.id !== expected.id) return { kind: 'account_changed', found: 'other_account' };
  return found.account.totpEnabled ? { kind: 'still_enrolled', account: found.account } : { kind: 'second_factor_gone', account: found.account };
}

export function afterReadBack(readBack: ReadBack): { kind: 'done' } | { kind: 'needs_attention'; reason: NeedsAttentionReason } {
  if (readBack.kind === 'second_factor_gone') return { kind: 'done' };
  return { kind: 'needs_attention', reason: readBack.kind === 'still_enrolled' ? 'still_enrolled' : 'changed_after_reset' };
}

/** The key sent with every call for one operation: stable across retries, unique per ticket and operation. */
export function idempotencyKeyFor(ticketRef: string, nonce: string): string {
  return `recovery-desk:${ticketRef}:${nonce}`;
}
