// The approval's refusal rules (SPEC §6 rules 6-8) as a pure decision: no database, no clock.
import { describe, expect, test } from 'vitest';
import { decideApproval, type ApprovalFacts } from '../../src/core/approval.ts';

const NOW = new Date('2026-11-24T10:00:00Z');

function facts(changes: Partial<Omit<ApprovalFacts, 'ticket'>> & { ticket?: Partial<ApprovalFacts['ticket']> } = {}): ApprovalFacts {
  const { ticket, ...rest } = changes;
  return {
    ticket: { status: 'ready', accountId: 7, missing: [], senderAuthenticated: true, ...ticket },
    recoveryLockedUntil: null,
    now: NOW,
    evidence: 'e1',
    shownEvidence: null,
    agentId: 1,
    agentIsHolder: false,
    reason: null,
    previous: [],
    approvers: 1,
    ...rest,
  };
}

const refusal = (f: ApprovalFacts) => {
  const decision = decideApproval(f);
  return decision.kind === 'refused' ? { code: decision.code, clearApprovals: decision.clearApprovals } : null;
};

describe('approving a recovery ticket', () => {
  test('an authenticated, ready ticket is approved by one agent when one approver is configured', () => {
    expect(decideApproval(facts())).toEqual({ kind: 'approved', exceptional: false, required: 1, count: 1, complete: true });
  });

  test('two approvers configured: the first approval waits for a second, different agent', () => {
    expect(decideApproval(facts({ approvers: 2 }))).toEqual({ kind: 'approved', exceptional: false, required: 2, count: 1, complete: false });
    expect(decideApproval(facts({ approvers: 2, agentId: 2, previous: [{ agentId: 1, evidenceHash: 'e1' }] }))).toMatchObject({
      kind: 'approved',
      count: 2,
      complete: true,
    });
  });

  test('a ticket of no account has nothing to reset', () => {
    expect(refusal(facts({ ticket: { accountId: null } }))).toEqual({ code: 'ticket.unmatched', clearApprovals: false });
  });

  test('missing details are requested first, and the message names them', () => {
    const decision = decideApproval(facts({ ticket: { status: 'waiting_details', missing: ['fullName', 'organisation'] } }));
    expect(decision).toMatchObject({ kind: 'refused', code: 'ticket.missing_details' });
    expect(decision.kind === 'refused' && decision.message).toContain('fullName, organisation');
  });

  test('only a ready or unconfirmed ticket can be approved', () => {
    for (const status of ['approved', 'done', 'rejected', 'cancelled', 'unmatched'] as const) {
      expect(refusal(facts({ ticket: { status } }))?.code).toBe('ticket.invalid_transition');
    }
  });

  test('a recovery lock refuses until it runs out (control: a lock in the past does not)', () => {
    expect(refusal(facts({ recoveryLockedUntil: new Date(NOW.getTime() + 1000) }))?.code).toBe('account.recovery_locked');
    expect(decideApproval(facts({ recoveryLockedUntil: new Date(NOW.getTime() - 1000) })).kind).toBe('approved');
  });

  test('evidence that changed since the agent opened the ticket is refused; the same evidence passes', () => {
    expect(refusal(facts({ shownEvidence: 'e0' }))).toEqual({ code: 'ticket.evidence_changed', clearApprovals: false });
    expect(decideApproval(facts({ shownEvidence: 'e1' })).kind).toBe('approved');
  });

  test('an unauthenticated or unconfirmed ticket needs a written reason and two agents', () => {
    for (const ticket of [{ senderAuthenticated: false }, { status: 'waiting_confirmation' as const }]) {
      expect(refusal(facts({ ticket }))?.code).toBe('approval.reason_required');
      expect(decideApproval(facts({ ticket, reason: 'called the holder back' }))).toEqual({
        kind: 'approved',
        exceptional: true,
        required: 2,
        count: 1,
        complete: false,
      });
    }
  });

  test('an agent cannot approve a reset of their own account, not even as the second approver or with a reason', () => {
    expect(refusal(facts({ agentIsHolder: true }))?.code).toBe('approval.own_account');
    expect(refusal(facts({ agentIsHolder: true, approvers: 2, agentId: 2, previous: [{ agentId: 1, evidenceHash: 'e1' }] }))?.code).toBe(
      'approval.own_account',
    );
    expect(refusal(facts({ agentIsHolder: true, reason: 'it is me', ticket: { senderAuthenticated: false } }))?.code).toBe('approval.own_account');
    expect(decideApproval(facts({ agentIsHolder: false }))).toMatchObject({ kind: 'approved', complete: true });
  });

  test('the same agent cannot approve twice', () => {
    expect(refusal(facts({ approvers: 2, previous: [{ agentId: 1, evidenceHash: 'e1' }] }))?.code).toBe('approval.same_agent');
  });

  test('an earlier approval of other evidence is void: refused, and the approvals are to be cleared', () => {
    expect(refusal(facts({ approvers: 2, agentId: 2, previous: [{ agentId: 1, evidenceHash: 'e0' }] }))).toEqual({
      code: 'ticket.evidence_changed',
      clearApprovals: true,
    });
  });

  test('the rules apply in order: the first one broken is the one reported', () => {
    expect(refusal(facts({ ticket: { accountId: null, status: 'waiting_details' } }))?.code).toBe('ticket.unmatched');
    expect(refusal(facts({ ticket: { senderAuthenticated: false }, shownEvidence: 'e0' }))?.code).toBe('ticket.evidence_changed');
  });
});
