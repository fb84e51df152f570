import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { findAgentByEmail } from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketByRef, lockTicket, updateTicket } from '../adapters/db/tickets.repository.ts';
import type { Language } from '../core/message.ts';
import { canMove } from '../core/ticket-status.ts';
import { StepError, type Deps } from './deps.ts';
import { queueReply } from './queue-reply.ts';

/** Rejects a ticket with the agent's reason; the account's stored address is told. */
export async function rejectTicket(deps: Deps, input: { ref: string; agentEmail: string; reason: string }): Promise<{ ref: string; status: 'rejected' }> {
  const reason = input.reason.trim();
  if (!reason) throw new StepError('rejection.reason_required', 'give the reason the user will be told (--reason)');
  const agent = await findAgentByEmail(deps.db, input.agentEmail);
  if (!agent) throw new StepError('agent.unknown', `no agent ${input.agentEmail}`);
  const found = await findTicketByRef(deps.db, input.ref);
  if (!found) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
  const outboxId = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, found.id);
    if (!ticket || !canMove(ticket.status, 'rejected')) throw new StepError('ticket.invalid_transition', `a ${ticket?.status} ticket cannot be rejected`);
    await updateTicket(tx, ticket.id, ticket.status, { status: 'rejected', closedAt: deps.now() });
    await appendEvent(tx, { ticketId: ticket.id, type: 'rejected', actor: agent.email, data: { reason } });
    const account = ticket.accountId ? await findAccountById(tx, ticket.accountId) : null;
    if (!account) return null; // Mail about an account goes only to its stored address; here there is none.
    return queueReply(tx, deps, {
      kind: 'rejection',
      language: (ticket.language as Language | null) ?? null,
      to: account.email,
      ticket,
      reason,
      dedupeKey: `rejection:${ticket.id}`,
    });
  });
  if (outboxId) await deps.jobs.add('send-reply', { outboxId });
  return { ref: found.ref, status: 'rejected' };
}
