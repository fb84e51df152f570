// The approval's refusal rules (SPEC §6 rules 6-8), as a value: facts in, decision out. The
// step loads the facts under the ticket's lock, then records whichever decision this returns.
import type { ErrorCode } from './errors.ts';
import type { TicketStatus } from './ticket-status.ts';

export interface ApprovalFacts {
  ticket: { status: TicketStatus; accountId: number | null; missing: readonly string[]; senderAuthenticated: boolean };
  /** The account's recovery lock (set when its holder cancelled or disputed a reset). */
  recoveryLockedUntil: Date | null;
  now: Date;
  /** The ticket's evidence hash now, and the one the agent was shown (the console sends it). */
  evidence: string;
  shownEvidence: string | null;
  agentId: number;
  /** The approving agent's own mailbox is the account's, or the one the request came from. */
  agentIsHolder: boolean;
  /** The written override reason, trimmed; null when none. */
  reason: string | null;
  /** Approvals recorded before this one. */
  previous: readonly { agentId: number; evidenceHash: string }[];
  /** RECOVERY_APPROVERS: how many agents every approval needs. */
  approvers: number;
}

export type ApprovalDecision =
  | { kind: 'refused'; code: ErrorCode; message: string; /** The earlier approvals no longer hold. */ clearApprovals: boolean }
  | {
      kind: 'approved';
      /** Unauthenticated or unconfirmed: needs a reason and two agents. */
      exceptional: boolean;
      required: 1 | 2;
      /** Approvals once this one is recorded. */
      count: number;
      /** Enough agents approved: the reset may be scheduled. */
      complete: boolean;
    };

function refuse(code: ErrorCode, message: string, clearApprovals = false): ApprovalDecision {
  return { kind: 'refused', code, message, clearApprovals };
}

export function decideApproval(facts: ApprovalFacts): ApprovalDecision {
  const { ticket } = facts;
  if (!ticket.accountId) return refuse('ticket.unmatched', 'this ticket matches no account: nothing to reset');
  // Separation of duties: nobody vouches for their own identity, whatever else holds.
  if (facts.agentIsHolder) return refuse('approval.own_account', 'this ticket would reset your own account: another agent must approve it');
  if (ticket.status === 'waiting_details') return refuse('ticket.missing_details', `details are missing (${ticket.missing.join(', ')}): request them first`);
  if (ticket.status !== 'ready' && ticket.status !== 'waiting_confirmation')
    return refuse('ticket.invalid_transition', `a ${ticket.status} ticket cannot be approved`);
  if (facts.recoveryLockedUntil && facts.recoveryLockedUntil > facts.now) {
    return refuse('account.recovery_locked', 'the account holder cancelled a recent reset: email recovery is locked for this account');
  }
  if (facts.shownEvidence && facts.shownEvidence !== facts.evidence)
    return refuse('ticket.evidence_changed', 'the ticket changed since you opened it: review it again');
  const exceptional = !ticket.senderAuthenticated || ticket.status === 'waiting_confirmation';
  const required = exceptional || facts.approvers === 2 ? 2 : 1;
  if (exceptional && !facts.reason)
    return refuse('approval.reason_required', 'this ticket is unauthenticated or unconfirmed: give a written override reason (--reason)');
  if (facts.previous.some((a) => a.agentId === facts.agentId))
    return refuse('approval.same_agent', 'you approved this ticket already: a second, different approver is needed');
  if (facts.previous.some((a) => a.evidenceHash !== facts.evidence)) {
    return refuse('ticket.evidence_changed', 'the ticket changed since the first approval: it must be approved again', true);
  }
  const count = facts.previous.length + 1;
  return { kind: 'approved', exceptional, required, count, complete: count >= required };
}
