// The reset of SPEC §6 rule 8. With the builtin directory: one transaction, then the notice to
// the stored address. With an external directory (sql, http): the reset is recorded here, in the
// deciding transaction, and carried out by the directory-reset job (steps/directory-reset.ts).
import { randomUUID } from 'node:crypto';
import { clearSecondFactor, findAccountById, lockAccount } from '../adapters/db/accounts.repository.ts';
import { approvalsOf, clearApprovals } from '../adapters/db/agents.repository.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { recordOperation } from '../adapters/db/directory-operations.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { latestApprovalNotice } from '../adapters/db/outbox.repository.ts';
import { lockTicket, updateTicket, type TicketRow } from '../adapters/db/tickets.repository.ts';
import { idempotencyKeyFor } from '../core/directory-reset.ts';
import type { Language } from '../core/message.ts';
import { StepError, type Deps } from './deps.ts';
import { kickNotifications } from './notify-agents.ts';
import { evidenceHash } from './evidence.ts';
import { queueReply } from './queue-reply.ts';

/** What a decided reset leaves to do after the commit: a confirmation to send, or an external reset to carry out. */
export interface ResetEffects {
  outboxId: number | null;
  directoryOperationId: number | null;
}

/** Resets (builtin) or records the external reset of (sql, http) an approved ticket's account. */
export async function performReset(tx: DbOrTx, deps: Deps, ticket: TicketRow, actor: string): Promise<ResetEffects> {
  if (!ticket.accountId) throw new Error('a ticket without an account cannot be reset');
  if (deps.directory.kind !== 'builtin') return { outboxId: null, directoryOperationId: await recordExternalReset(tx, deps, ticket, actor) };
  const account = await findAccountById(tx, ticket.accountId);
  if (!account) throw new Error('the ticket account is gone');
  const now = deps.now();
  const { sessionsRevoked } = await clearSecondFactor(tx, account.id, now);
  await updateTicket(tx, ticket.id, ticket.status, { status: 'done', closedAt: now, updatedAt: now });
  await appendEvent(tx, { ticketId: ticket.id, type: 'reset_done', actor, data: { accountId: account.id, sessionsRevoked } });
  return { outboxId: await queueConfirmation(tx, deps, ticket, account.email), directoryOperationId: null };
}

/** The one confirmation of a done reset, to the stored address (once per ticket, whichever path reset it). */
export function queueConfirmation(tx: DbOrTx, deps: Deps, ticket: TicketRow, to: string): Promise<number | null> {
  return queueReply(tx, deps, {
    kind: 'confirmation',
    language: (ticket.language as Language | null) ?? null,
    to,
    ticket,
    dedupeKey: `confirmation:${ticket.id}`,
  });
}

/**
 * The outbox row of an external reset (SPEC §9): the account as the agent saw it (its id, address
 * and version), an idempotency key chosen once, and the retry deadline. The ticket stays approved,
 * without a cancel window left, until the job's read-back makes it done (or needs_attention).
 */
async function recordExternalReset(tx: DbOrTx, deps: Deps, ticket: TicketRow, actor: string): Promise<number> {
  const onFile = ticket.signals.onFile;
  if (!onFile)
    throw new StepError('directory.no_profile', 'this ticket has no directory profile on file: send it back to review so the directory is asked again');
  const now = deps.now();
  const operation = await recordOperation(tx, {
    ticketId: ticket.id,
    directoryAccountId: onFile.id,
    email: onFile.email,
    expectedVersion: onFile.version,
    idempotencyKey: idempotencyKeyFor(ticket.ref, randomUUID()),
    retryUntil: new Date(now.getTime() + deps.config.DIRECTORY_RETRY_FOR),
    createdAt: now,
    updatedAt: now,
  });
  await updateTicket(tx, ticket.id, ticket.status, { status: 'approved', resetDueAt: null, cancelTokenHash: null, updatedAt: now });
  await appendEvent(tx, {
    ticketId: ticket.id,
    type: 'directory_reset_recorded',
    actor,
    data: {
      operationId: operation.id,
      directory: deps.directory.kind,
      accountId: onFile.id,
      version: onFile.version,
      idempotencyKey: operation.idempotencyKey,
    },
  });
  return operation.id;
}

/** Queues what a committed reset decision left to do. */
export async function queueResetEffects(deps: Deps, effects: ResetEffects): Promise<void> {
  if (effects.outboxId) await deps.jobs.add('send-reply', { outboxId: effects.outboxId });
  // requeue: a ticket approved again (after review) reuses its operation row, whose earlier job is kept as finished.
  if (effects.directoryOperationId) await deps.jobs.requeue('directory-reset', { operationId: effects.directoryOperationId });
}

/** `recorded`: an external reset was handed to the directory-reset job. */
export type ResetResult = 'done' | 'recorded' | 'not_due' | 'not_approved' | 'evidence_changed' | 'recovery_locked' | 'account_changed' | 'holder_not_told';

/** A due reset whose approval notice is still being sent waits this long between looks … */
const NOTICE_RECHECK_MS = 5 * 60_000;
/** … for at most this long after the window's end; then the holder was not told in time. */
const NOTICE_WAIT_MS = 60 * 60_000;

/** The delayed job at the end of the cancel window. */
export async function runDueReset(deps: Deps, ticketId: number): Promise<{ result: ResetResult; delayMs?: number }> {
  const outcome = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ticketId);
    if (!ticket || ticket.status !== 'approved') return { result: 'not_approved' as const, effects: null };
    const now = deps.now();
    if (ticket.resetDueAt && ticket.resetDueAt > now) {
      return { result: 'not_due' as const, effects: null, delayMs: ticket.resetDueAt.getTime() - now.getTime() };
    }
    const approvals = await approvalsOf(tx, ticket.id);
    const current = evidenceHash(ticket);
    // Email recovery locked since the approval (the holder cancelled or disputed): never reset.
    // Locked first: the lock and the version read below are then the account the reset clears.
    const account = ticket.accountId ? await lockAccount(tx, ticket.accountId) : null;
    const locked = Boolean(account?.recoveryLockedUntil && account.recoveryLockedUntil > now);
    // The directory's version is in the evidence: the account as the agent saw it must be the one reset (SPEC §9).
    const changed = !locked && !(await sameAccountOnFile(deps, ticket));
    if (locked || changed || approvals.length === 0 || approvals.some((a) => a.evidenceHash !== current)) {
      const reason = locked ? ('recovery_locked' as const) : changed ? ('account_changed' as const) : ('evidence_changed' as const);
      await updateTicket(tx, ticket.id, 'approved', { status: 'ready', resetDueAt: null, cancelTokenHash: null });
      await clearApprovals(tx, ticket.id);
      await appendEvent(tx, { ticketId: ticket.id, type: 'approval_voided', actor: 'system', data: { reason } });
      return { result: reason, effects: null };
    }
    // The cancel window is the holder's chance to stop the reset only if they were told of it
    // (SPEC §6 rule 7): the approval notice, with its cancel and "This wasn't me" links, must have
    // gone to the stored address. Suppressed by the per-recipient limit or never accepted by SMTP:
    // the reset does not run, the approval is void and the ticket goes back to the agents.
    const notice = await latestApprovalNotice(tx, ticket.id);
    const dueSince = now.getTime() - (ticket.resetDueAt?.getTime() ?? now.getTime());
    if (notice?.status === 'pending' && dueSince < NOTICE_WAIT_MS) return { result: 'not_due' as const, effects: null, delayMs: NOTICE_RECHECK_MS };
    if (notice?.status !== 'sent') {
      await updateTicket(tx, ticket.id, 'approved', { status: 'ready', resetDueAt: null, cancelTokenHash: null });
      await clearApprovals(tx, ticket.id);
      await appendEvent(tx, {
        ticketId: ticket.id,
        type: 'approval_voided',
        actor: 'system',
        data: { reason: 'holder_not_told', notice: notice?.status ?? 'none' },
      });
      return { result: 'holder_not_told' as const, effects: null };
    }
    const effects = await performReset(tx, deps, ticket, 'system');
    return { result: effects.directoryOperationId ? ('recorded' as const) : ('done' as const), effects };
  });
  if (outcome.effects) await queueResetEffects(deps, outcome.effects);
  if (['recovery_locked', 'evidence_changed', 'account_changed', 'holder_not_told'].includes(outcome.result)) await kickNotifications(deps);
  return { result: outcome.result, ...('delayMs' in outcome && outcome.delayMs ? { delayMs: outcome.delayMs } : {}) };
}

/** The directory still has the account the ticket was opened on, at the version the agent saw (tickets opened before the port: no profile, nothing to compare). */
async function sameAccountOnFile(deps: Deps, ticket: TicketRow): Promise<boolean> {
  const onFile = ticket.signals.onFile;
  if (!onFile) return true;
  const found = await deps.directory.find(onFile.email);
  return found.kind === 'one' && found.account.id === onFile.id && found.account.email === onFile.email && found.account.version === onFile.version;
}
