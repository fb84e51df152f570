// The reset of SPEC §6 rule 8, in one transaction, then the notice to the stored address.
import { clearSecondFactor, findAccountById } from '../adapters/db/accounts.repository.ts';
import { approvalsOf, clearApprovals } from '../adapters/db/agents.repository.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { lockTicket, updateTicket, type TicketRow } from '../adapters/db/tickets.repository.ts';
import type { Language } from '../core/message.ts';
import { StepError, type Deps } from './deps.ts';
import { kickNotifications } from './notify-agents.ts';
import { evidenceHash } from './evidence.ts';
import { queueReply } from './queue-reply.ts';

/** Clears the account's second factor for an approved ticket; returns the confirmation's outbox id. */
export async function performReset(tx: DbOrTx, deps: Deps, ticket: TicketRow, actor: string): Promise<number | null> {
  if (!ticket.accountId) throw new Error('a ticket without an account cannot be reset');
  // The outbox for external resets is not built yet: refuse rather than report a reset that did not happen.
  if (deps.directory.kind !== 'builtin') throw new StepError('directory.reset_not_built');
  const account = await findAccountById(tx, ticket.accountId);
  if (!account) throw new Error('the ticket account is gone');
  const now = deps.now();
  const { sessionsRevoked } = await clearSecondFactor(tx, account.id, now);
  await updateTicket(tx, ticket.id, ticket.status, { status: 'done', closedAt: now, updatedAt: now });
  await appendEvent(tx, { ticketId: ticket.id, type: 'reset_done', actor, data: { accountId: account.id, sessionsRevoked } });
  return queueReply(tx, deps, {
    kind: 'confirmation',
    language: (ticket.language as Language | null) ?? null,
    to: account.email,
    ticket,
    dedupeKey: `confirmation:${ticket.id}`,
  });
}

export type ResetResult = 'done' | 'not_due' | 'not_approved' | 'evidence_changed' | 'recovery_locked' | 'account_changed';

/** The delayed job at the end of the cancel window. */
export async function runDueReset(deps: Deps, ticketId: number): Promise<{ result: ResetResult; delayMs?: number }> {
  const outcome = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ticketId);
    if (!ticket || ticket.status !== 'approved') return { result: 'not_approved' as const, outboxId: null };
    const now = deps.now();
    if (ticket.resetDueAt && ticket.resetDueAt > now) {
      return { result: 'not_due' as const, outboxId: null, delayMs: ticket.resetDueAt.getTime() - now.getTime() };
    }
    const approvals = await approvalsOf(tx, ticket.id);
    const current = evidenceHash(ticket);
    // Email recovery locked since the approval (the holder cancelled or disputed): never reset.
    const account = ticket.accountId ? await findAccountById(tx, ticket.accountId) : null;
    const locked = Boolean(account?.recoveryLockedUntil && account.recoveryLockedUntil > now);
    // The directory's version is in the evidence: the account as the agent saw it must be the one reset (SPEC §9).
    const changed = !locked && !(await sameAccountOnFile(deps, ticket));
    if (locked || changed || approvals.length === 0 || approvals.some((a) => a.evidenceHash !== current)) {
      const reason = locked ? ('recovery_locked' as const) : changed ? ('account_changed' as const) : ('evidence_changed' as const);
      await updateTicket(tx, ticket.id, 'approved', { status: 'ready', resetDueAt: null, cancelTokenHash: null });
      await clearApprovals(tx, ticket.id);
      await appendEvent(tx, { ticketId: ticket.id, type: 'approval_voided', actor: 'system', data: { reason } });
      return { result: reason, outboxId: null };
    }
    return { result: 'done' as const, outboxId: await performReset(tx, deps, ticket, 'system') };
  });
  if (outcome.outboxId) await deps.jobs.add('send-reply', { outboxId: outcome.outboxId });
  if (outcome.result === 'recovery_locked' || outcome.result === 'evidence_changed' || outcome.result === 'account_changed') await kickNotifications(deps);
  return { result: outcome.result, ...('delayMs' in outcome && outcome.delayMs ? { delayMs: outcome.delayMs } : {}) };
}

/** The directory still has the account the ticket was opened on, at the version the agent saw (tickets opened before the port: no profile, nothing to compare). */
async function sameAccountOnFile(deps: Deps, ticket: TicketRow): Promise<boolean> {
  const onFile = ticket.signals.onFile;
  if (!onFile) return true;
  const found = await deps.directory.find(onFile.email);
  return found.kind === 'one' && found.account.id === onFile.id && found.account.email === onFile.email && found.account.version === onFile.version;
}
