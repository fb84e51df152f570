// The one approval step, used by the CLI and the console alike (SPEC §6 rules 6-8).
import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { acceptTotpStep, approvalsOf, clearApprovals, findAgentByEmail, insertApproval, recordFailedTotp, type AgentRow } from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketByRef, lockTicket, updateTicket } from '../adapters/db/tickets.repository.ts';
import { verifyTotp } from '../adapters/totp/totp.ts';
import type { Language } from '../core/message.ts';
import type { ErrorCode } from '../core/errors.ts';
import { StepError, type Deps } from './deps.ts';
import { evidenceHash } from './evidence.ts';
import { queueReply } from './queue-reply.ts';
import { performReset } from './reset-2fa.ts';

export const MAX_FAILED_CODES = 5;

export interface ApproveInput {
  ref: string;
  agentEmail: string;
  totpCode: string;
  reason?: string | undefined;
  /** The evidence hash the agent was shown (the console sends it); refused if it changed. */
  evidenceHash?: string | undefined;
}

export type ApproveResult =
  | { status: 'awaiting_second_approver'; ref: string }
  | { status: 'approved'; ref: string; resetDueAt: Date }
  | { status: 'done'; ref: string };

/** Checks the agent's own fresh TOTP code, replay-protected, and counts failures. */
export async function stepUp(deps: Deps, agentEmail: string, code: string, purpose: string, ticketId: number | null): Promise<AgentRow> {
  const agent = await findAgentByEmail(deps.db, agentEmail);
  if (!agent) throw new StepError('agent.unknown', `no agent ${agentEmail}: create one with 'recovery-desk agents create'`);
  if (agent.approvalsLockedAt) throw new StepError('agent.locked', 'approvals are locked for this agent after too many wrong codes; an admin must unlock them');
  const secret = deps.secrets.open(agent.totpSecret, `agent:${agent.id}`);
  const check = await verifyTotp(secret, code, agent.lastTotpStep === null ? {} : { afterTimeStep: agent.lastTotpStep });
  if (!check.valid || !(await acceptTotpStep(deps.db, agent.id, check.timeStep))) {
    const failures = await recordFailedTotp(deps.db, agent.id, MAX_FAILED_CODES);
    await deps.db.transaction((tx) => appendEvent(tx, { ticketId, type: 'step_up_failed', actor: agent.email, data: { purpose, failures } }));
    throw new StepError('agent.bad_totp', failures >= MAX_FAILED_CODES ? 'wrong or already used code; approvals are now locked' : 'wrong or already used code: use a fresh code from your authenticator');
  }
  return agent;
}

export async function approveTicket(deps: Deps, input: ApproveInput): Promise<ApproveResult> {
  const found = await findTicketByRef(deps.db, input.ref);
  if (!found) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
  const agent = await stepUp(deps, input.agentEmail, input.totpCode, 'approve', found.id);
  const reason = input.reason?.trim() || null;

  // A refusal rolls the transaction back: it is recorded afterwards, in a transaction of its own.
  const refused: { code?: string; clearApprovals?: boolean } = {};
  const outcome = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, found.id);
    if (!ticket) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
    const refuse = async (code: ErrorCode, message: string, clear = false): Promise<never> => {
      Object.assign(refused, { code, clearApprovals: clear });
      throw new StepError(code, message);
    };
    if (!ticket.accountId) return refuse('ticket.unmatched', 'this ticket matches no account: nothing to reset');
    if (ticket.status === 'waiting_details') return refuse('ticket.missing_details', `details are missing (${(ticket.missing as string[]).join(', ')}): request them first`);
    if (ticket.status !== 'ready' && ticket.status !== 'waiting_confirmation') return refuse('ticket.invalid_transition', `a ${ticket.status} ticket cannot be approved`);
    const account = await findAccountById(tx, ticket.accountId);
    if (account?.recoveryLockedUntil && account.recoveryLockedUntil > deps.now()) {
      return refuse('account.recovery_locked', 'the account holder cancelled a recent reset: email recovery is locked for this account');
    }
    const evidence = evidenceHash(ticket);
    if (input.evidenceHash && input.evidenceHash !== evidence) return refuse('ticket.evidence_changed', 'the ticket changed since you opened it: review it again');
    const signals = ticket.signals as { senderAuthenticated?: boolean };
    const exceptional = !signals.senderAuthenticated || ticket.status === 'waiting_confirmation';
    const required = exceptional || deps.config.RECOVERY_APPROVERS === 2 ? 2 : 1;
    if (exceptional && !reason) return refuse('approval.reason_required', 'this ticket is unauthenticated or unconfirmed: give a written override reason (--reason)');
    const previous = await approvalsOf(tx, ticket.id);
    if (previous.some((a) => a.agentId === agent.id)) return refuse('approval.same_agent', 'you approved this ticket already: a second, different approver is needed');
    if (previous.some((a) => a.evidenceHash !== evidence)) {
      return refuse('ticket.evidence_changed', 'the ticket changed since the first approval: it must be approved again', true);
    }
    await insertApproval(tx, { ticketId: ticket.id, agentId: agent.id, reason, evidenceHash: evidence });
    await appendEvent(tx, { ticketId: ticket.id, type: exceptional ? 'approval_override' : 'approval', actor: agent.email, data: { reason, evidence, approvals: previous.length + 1, required } });
    if (previous.length + 1 < required) return { result: { status: 'awaiting_second_approver' as const, ref: ticket.ref }, outboxIds: [], delayMs: null };

    const windowMs = deps.config.RECOVERY_CANCEL_WINDOW;
    if (windowMs === 0) {
      const outboxId = await performReset(tx, deps, { ...ticket }, agent.email);
      return { result: { status: 'done' as const, ref: ticket.ref }, outboxIds: outboxId ? [outboxId] : [], delayMs: null };
    }
    const resetDueAt = new Date(deps.now().getTime() + windowMs);
    await updateTicket(tx, ticket.id, ticket.status, { status: 'approved', resetDueAt });
    await appendEvent(tx, { ticketId: ticket.id, type: 'reset_scheduled', actor: agent.email, data: { resetDueAt: resetDueAt.toISOString() } });
    const notice = await queueReply(tx, deps, {
      kind: 'approved_notice',
      language: (ticket.language as Language | null) ?? null,
      to: account?.email ?? ticket.senderAddress,
      ticket,
      cancelLink: true,
      dedupeKey: `approved:${ticket.id}:${resetDueAt.getTime()}`,
    });
    return { result: { status: 'approved' as const, ref: ticket.ref, resetDueAt }, outboxIds: notice ? [notice] : [], delayMs: windowMs };
  }).catch(async (error: unknown) => {
    if (refused.code) {
      await deps.db.transaction(async (tx) => {
        if (refused.clearApprovals) await clearApprovals(tx, found.id);
        await appendEvent(tx, { ticketId: found.id, type: 'approval_refused', actor: agent.email, data: { code: refused.code } });
      });
    }
    throw error;
  });
  await Promise.all(outcome.outboxIds.map((outboxId) => deps.jobs.add('send-reply', { outboxId })));
  if (outcome.delayMs !== null && outcome.result.status === 'approved') {
    await deps.jobs.add('reset-2fa', { ticketId: found.id, dueAt: outcome.result.resetDueAt.getTime() }, { delayMs: outcome.delayMs });
  }
  deps.log.info({ ticketRef: input.ref, status: outcome.result.status }, 'approval recorded');
  return outcome.result;
}
