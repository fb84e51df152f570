// The one approval step, used by the CLI and the console alike (SPEC §6 rules 6-8).
import { lockAccount } from '../adapters/db/accounts.repository.ts';
import {
  acceptTotpStep,
  approvalsOf,
  clearApprovals,
  findAgentByEmail,
  insertApproval,
  recordFailedTotp,
  type AgentRow,
} from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketByRef, lockTicket, updateTicket, type TicketRow } from '../adapters/db/tickets.repository.ts';
import type { OnFile } from '../core/ticket.ts';
import { verifyTotp } from '../adapters/totp/totp.ts';
import { sameMailbox } from '../core/address-identity.ts';
import { decideApproval } from '../core/approval.ts';
import type { Language } from '../core/message.ts';
import type { ErrorCode } from '../core/errors.ts';
import { StepError, type Deps } from './deps.ts';
import { evidenceHash } from './evidence.ts';
import { queueReply } from './queue-reply.ts';
import { performReset, queueResetEffects } from './reset-2fa.ts';

export const MAX_FAILED_CODES = 5;

/** The account as the directory has it now, when it is not the one on file (null: unchanged, or a ticket without a profile). */
async function accountChangedSince(deps: Deps, ticket: { signals: TicketRow['signals'] }): Promise<{ onFile: OnFile | null } | null> {
  const onFile = ticket.signals.onFile;
  if (!onFile) return null;
  const found = await deps.directory.find(onFile.email);
  if (found.kind !== 'one' || found.account.id !== onFile.id) return { onFile: null };
  if (found.account.email === onFile.email && found.account.version === onFile.version) return null;
  return { onFile: { directory: deps.directory.kind, ...found.account } };
}

export interface ApproveInput {
  ref: string;
  agentEmail: string;
  totpCode: string;
  reason?: string | undefined;
  /** The evidence hash the agent was shown (the console sends it); refused if it changed. */
  evidenceHash?: string | undefined;
}

/** `resetting`: no cancel window, and the reset was handed to an external directory (done after its read-back). */
export type ApproveResult =
  | { status: 'awaiting_second_approver'; ref: string }
  | { status: 'approved'; ref: string; resetDueAt: Date }
  | { status: 'done'; ref: string }
  | { status: 'resetting'; ref: string };

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
    throw new StepError(
      'agent.bad_totp',
      failures >= MAX_FAILED_CODES
        ? 'wrong or already used code; approvals are now locked'
        : 'wrong or already used code: use a fresh code from your authenticator',
    );
  }
  return agent;
}

export async function approveTicket(deps: Deps, input: ApproveInput): Promise<ApproveResult> {
  const found = await findTicketByRef(deps.db, input.ref);
  if (!found) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
  const agent = await stepUp(deps, input.agentEmail, input.totpCode, 'approve', found.id);
  const reason = input.reason?.trim() || null;

  const outcome = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, found.id);
    if (!ticket) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
    // Locked before anything about it is read: the directory's version checked below (builtin) is
    // then the one the reset clears, never one a re-enrolment committed in between replaces.
    const account = ticket.accountId ? await lockAccount(tx, ticket.accountId) : null;
    const evidence = evidenceHash(ticket);
    const previous = await approvalsOf(tx, ticket.id);
    const decision = decideApproval({
      ticket: { status: ticket.status, accountId: ticket.accountId, missing: ticket.missing, senderAuthenticated: Boolean(ticket.signals.senderAuthenticated) },
      recoveryLockedUntil: account?.recoveryLockedUntil ?? null,
      now: deps.now(),
      evidence,
      shownEvidence: input.evidenceHash ?? null,
      agentId: agent.id,
      agentIsHolder: [account?.email, ticket.senderAddress].some((address) => address != null && sameMailbox(address, agent.email)),
      reason,
      previous,
      approvers: deps.config.RECOVERY_APPROVERS,
    });
    if (decision.kind === 'refused') {
      // Nothing else was written in this transaction: the refusal is all it records.
      if (decision.clearApprovals) await clearApprovals(tx, ticket.id);
      await appendEvent(tx, { ticketId: ticket.id, type: 'approval_refused', actor: agent.email, data: { code: decision.code } });
      return { refused: decision };
    }
    const { exceptional, required } = decision;
    await insertApproval(tx, { ticketId: ticket.id, agentId: agent.id, reason, evidenceHash: evidence });
    await appendEvent(tx, {
      ticketId: ticket.id,
      type: exceptional ? 'approval_override' : 'approval',
      actor: agent.email,
      data: { reason, evidence, approvals: decision.count, required },
    });
    if (!decision.complete) return { result: { status: 'awaiting_second_approver' as const, ref: ticket.ref }, outboxIds: [], effects: null, delayMs: null };

    const windowMs = deps.config.RECOVERY_CANCEL_WINDOW;
    if (windowMs === 0 && deps.directory.kind === 'builtin') {
      // The version on file is checked again before the reset (SPEC §9), as the delayed reset does
      // at the end of a window; an external directory's job checks it before calling. Changed (2FA
      // enrolled again, the address or the profile changed): the current profile goes on file, the
      // approvals are void, and the agents decide again on what the account is now.
      const changed = await accountChangedSince(deps, ticket);
      if (changed) {
        if (changed.onFile) await updateTicket(tx, ticket.id, ticket.status, { signals: { ...ticket.signals, onFile: changed.onFile } });
        await clearApprovals(tx, ticket.id);
        await appendEvent(tx, { ticketId: ticket.id, type: 'approval_voided', actor: 'system', data: { reason: 'account_changed' } });
        const message = changed.onFile
          ? 'the account changed since this ticket was read (2FA enrolled again, or its profile changed): its current profile is now on file; review it and approve again'
          : 'the account is no longer found at this address: reject the ticket';
        return { refused: { code: 'approval.account_changed' as const, message } };
      }
    }
    if (windowMs === 0) {
      // No cancel window: the reset now (builtin), or recorded for the directory-reset job, which
      // checks the directory's version again before calling it (sql, http).
      const effects = await performReset(tx, deps, { ...ticket }, agent.email);
      const result = effects.directoryOperationId ? { status: 'resetting' as const, ref: ticket.ref } : { status: 'done' as const, ref: ticket.ref };
      return { result, outboxIds: [], effects, delayMs: null };
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
    return { result: { status: 'approved' as const, ref: ticket.ref, resetDueAt }, outboxIds: notice ? [notice] : [], effects: null, delayMs: windowMs };
  });
  if (outcome.refused) throw new StepError(outcome.refused.code, outcome.refused.message);
  await Promise.all(outcome.outboxIds.map((outboxId) => deps.jobs.add('send-reply', { outboxId })));
  if (outcome.effects) await queueResetEffects(deps, outcome.effects);
  if (outcome.delayMs !== null && outcome.result.status === 'approved') {
    await deps.jobs.add('reset-2fa', { ticketId: found.id, dueAt: outcome.result.resetDueAt.getTime() }, { delayMs: outcome.delayMs });
  }
  deps.log.info({ ticketRef: input.ref, status: outcome.result.status }, 'approval recorded');
  return outcome.result;
}
