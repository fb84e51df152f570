// The directory-reset job (SPEC §9): carries out one recorded external reset. Each run checks the
// ticket is still approved and the account still the one approved (its version), calls the
// directory with the operation's idempotency key, then reads the profile back. Only a read-back
// showing the second factor gone makes the ticket done and tells the user; a failure is retried
// with the same key until DIRECTORY_RETRY_FOR, and anything a retry cannot fix goes to a human
// (needs_attention). A worker killed at any point re-runs the job: the key makes a repeated call
// harmless, the attempt counted before the call lets the next run recognise its own reset.
import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { safeErrorMessage } from '../adapters/db/errors.ts';
import { countAttempt, findOperation, lockOperation, updateOperation, type DirectoryOperationRow } from '../adapters/db/directory-operations.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketById, lockTicket, setTicket, updateTicket } from '../adapters/db/tickets.repository.ts';
import { withFlags } from '../core/ticket.ts';
import type { FindResult, ResetReport } from '../core/directory.ts';
import { afterReadBack, decideAfterFailure, decideBeforeCall, readBackOf, type NeedsAttentionReason, type ReadBack } from '../core/directory-reset.ts';
import type { Deps } from './deps.ts';
import { kickNotifications } from './notify-agents.ts';
import { queueConfirmation } from './reset-2fa.ts';

/** The flag of a ticket whose account the directory reset after the ticket was stopped or sent back. */
export const RESET_AFTER_CLOSE = 'reset_after_close';

export type DirectoryResetResult = 'done' | 'needs_attention' | 'abandoned' | 'finished' | 'not_due';

export async function runDirectoryReset(deps: Deps, operationId: number): Promise<{ result: DirectoryResetResult; delayMs?: number }> {
  const operation = await findOperation(deps.db, operationId);
  if (!operation || operation.status !== 'pending') return { result: 'finished' };
  const ticket = await findTicketById(deps.db, operation.ticketId);
  // Cancelled by the holder ("This wasn't me"), sent back to review, rejected: nothing to reset,
  // unless a call of ours may already have reached the directory (it timed out, or its answer was
  // lost): then what the directory did is read back before anything is said (stop 24).
  if (!ticket || ticket.status !== 'approved') {
    if (operation.attempts === 0) return abandon(deps, operation, ticket?.status ?? 'gone');
    let readBack: ReadBack;
    try {
      readBack = readBackOf({ id: operation.directoryAccountId }, (await deps.directory.find(operation.email)) as FindResult);
    } catch (error) {
      return failed(deps, operation, error);
    }
    if (readBack.kind !== 'second_factor_gone') return abandon(deps, operation, ticket?.status ?? 'gone');
    return done(deps, operation, { report: null, readBack: describeReadBack(readBack) });
  }
  const expected = { id: operation.directoryAccountId, email: operation.email, version: operation.expectedVersion };

  let report: ResetReport | null = null;
  let readBack: ReadBack;
  try {
    const before = decideBeforeCall(expected, await deps.directory.find(operation.email), operation.attempts);
    if (before.kind === 'needs_attention') return needsAttention(deps, operation, before.reason, before.detail, null);
    if (before.kind === 'call') {
      await countAttempt(deps.db, operation.id, deps.now());
      // If-Match carries the version the agent approved, not the one just read.
      report = await deps.directory.resetSecondFactor({ ...before.account, version: operation.expectedVersion }, operation.idempotencyKey);
    }
    readBack = readBackOf(expected, (await deps.directory.find(operation.email)) as FindResult);
  } catch (error) {
    return failed(deps, operation, error);
  }
  const decision = afterReadBack(readBack);
  const seen = { report, readBack: describeReadBack(readBack) };
  if (decision.kind === 'needs_attention') return needsAttention(deps, operation, decision.reason, null, seen);
  return done(deps, operation, seen);
}

function describeReadBack(readBack: ReadBack) {
  return readBack.kind === 'account_changed'
    ? { kind: readBack.kind, found: readBack.found }
    : { kind: readBack.kind, totpEnabled: readBack.account.totpEnabled, version: readBack.account.version };
}

async function failed(deps: Deps, operation: DirectoryOperationRow, error: unknown): Promise<{ result: DirectoryResetResult; delayMs?: number }> {
  const message = safeErrorMessage(error);
  const code = (error as { code?: string } | null)?.code;
  const now = deps.now();
  const failures = operation.failures + 1;
  const decision = decideAfterFailure({ code, attempts: failures, now, retryUntil: operation.retryUntil });
  if (decision.kind === 'needs_attention') return needsAttention(deps, operation, decision.reason, message, null);
  await updateOperation(deps.db, operation.id, { failures, lastError: message, updatedAt: now });
  deps.log.warn(
    { operationId: operation.id, ticketId: operation.ticketId, failures, err: message, retryInMs: decision.delayMs },
    'directory reset failed: retrying',
  );
  return { result: 'not_due', delayMs: decision.delayMs };
}

async function abandon(deps: Deps, operation: DirectoryOperationRow, ticketStatus: string): Promise<{ result: DirectoryResetResult }> {
  await deps.db.transaction(async (tx) => {
    const locked = await lockOperation(tx, operation.id);
    if (locked?.status !== 'pending') return;
    const now = deps.now();
    await updateOperation(tx, operation.id, { status: 'cancelled', reason: null, updatedAt: now, finishedAt: now });
    await appendEvent(tx, {
      ticketId: operation.ticketId,
      type: 'directory_reset_abandoned',
      actor: 'system',
      data: { operationId: operation.id, ticketStatus, attempts: locked.attempts },
    });
  });
  return { result: 'abandoned' };
}

async function needsAttention(
  deps: Deps,
  operation: DirectoryOperationRow,
  reason: NeedsAttentionReason,
  detail: string | null,
  seen: Record<string, unknown> | null,
): Promise<{ result: DirectoryResetResult }> {
  const moved = await deps.db.transaction(async (tx) => {
    const locked = await lockOperation(tx, operation.id);
    if (locked?.status !== 'pending') return false;
    const now = deps.now();
    await updateOperation(tx, operation.id, { status: 'needs_attention', reason, lastError: detail, report: seen, updatedAt: now, finishedAt: now });
    const ticket = await lockTicket(tx, operation.ticketId);
    if (ticket?.status === 'approved') await updateTicket(tx, ticket.id, 'approved', { status: 'needs_attention', updatedAt: now });
    await appendEvent(tx, {
      ticketId: operation.ticketId,
      type: 'reset_needs_attention',
      actor: 'system',
      data: { operationId: operation.id, reason, detail, attempts: locked.attempts, ...(seen ? { seen } : {}) },
    });
    return true;
  });
  if (moved) {
    deps.log.warn({ operationId: operation.id, ticketId: operation.ticketId, reason }, 'external reset needs a human');
    await kickNotifications(deps);
  }
  return { result: 'needs_attention' };
}

async function done(deps: Deps, operation: DirectoryOperationRow, seen: Record<string, unknown>): Promise<{ result: DirectoryResetResult }> {
  const outboxId = await deps.db.transaction(async (tx) => {
    const locked = await lockOperation(tx, operation.id);
    if (locked?.status !== 'pending') return null;
    const now = deps.now();
    await updateOperation(tx, operation.id, { status: 'done', reason: null, lastError: null, report: seen, updatedAt: now, finishedAt: now });
    const ticket = await lockTicket(tx, operation.ticketId);
    const data = { operationId: operation.id, directory: deps.directory.kind, accountId: operation.directoryAccountId, ...seen };
    if (ticket?.status !== 'approved') {
      // Cancelled or sent back while a call was in flight (or before its retry), and the directory
      // did reset: the ticket keeps its status and the user is not told "done", but agents are:
      // the flag on the ticket and a notification (the holder who stopped the recovery believes
      // their second factor is still there; whoever has the password can now enrol their own).
      if (ticket) await setTicket(tx, ticket.id, { signals: withFlags(ticket.signals, RESET_AFTER_CLOSE), updatedAt: now });
      await appendEvent(tx, {
        ticketId: operation.ticketId,
        type: 'directory_reset_after_close',
        actor: 'system',
        data: { ...data, ticketStatus: ticket?.status ?? null },
      });
      return null;
    }
    await updateTicket(tx, ticket.id, 'approved', { status: 'done', closedAt: now, updatedAt: now });
    await appendEvent(tx, { ticketId: ticket.id, type: 'reset_done', actor: 'system', data });
    const account = ticket.accountId ? await findAccountById(tx, ticket.accountId) : null;
    return queueConfirmation(tx, deps, ticket, account?.email ?? operation.email);
  });
  if (outboxId) await deps.jobs.add('send-reply', { outboxId });
  await kickNotifications(deps);
  return { result: 'done' };
}
