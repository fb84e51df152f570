// The agent asks the account holder for what is missing, with the fixed template, at the
// account's stored address only (SPEC §6 rule 2).
import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketByRef, lockTicket } from '../adapters/db/tickets.repository.ts';
import type { FieldName, Language } from '../core/message.ts';
import { isOpen } from '../core/ticket-status.ts';
import type { ErrorCode } from '../core/errors.ts';
import { StepError, type Deps } from './deps.ts';
import { queueReply } from './queue-reply.ts';

export async function requestDetails(deps: Deps, input: { ref: string; agentEmail: string }): Promise<{ ref: string; queued: boolean; missing: string[] }> {
  const found = await findTicketByRef(deps.db, input.ref);
  if (!found) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
  const outcome = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, found.id);
    if (!ticket) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
    const refuse = async (code: ErrorCode, message: string): Promise<never> => {
      throw new StepError(code, message);
    };
    if (!isOpen(ticket.status) || ticket.status === 'approved' || ticket.status === 'needs_attention')
      return refuse('ticket.invalid_transition', `a ${ticket.status} ticket takes no request for details`);
    const account = ticket.accountId ? await findAccountById(tx, ticket.accountId) : null;
    if (!account) return refuse('ticket.unmatched', 'this ticket matches no account: there is no stored address to write to');
    const missing = ticket.missing as FieldName[];
    if (missing.length === 0) return refuse('ticket.nothing_missing', 'nothing is missing on this ticket');
    // Same ticket state, same request: a double click or a retried POST queues one mail.
    const dedupeKey = `request_details:${ticket.id}:${[...missing].sort().join(',')}:${ticket.updatedAt.getTime()}`;
    const outboxId = await queueReply(tx, deps, {
      kind: 'request_details',
      language: (ticket.language as Language | null) ?? null,
      to: account.email,
      ticket,
      missing,
      dedupeKey,
    });
    await appendEvent(tx, { ticketId: ticket.id, type: 'details_requested', actor: input.agentEmail, data: { missing, queued: outboxId !== null } });
    return { outboxId, missing };
  });
  if (outcome.outboxId) await deps.jobs.add('send-reply', { outboxId: outcome.outboxId });
  return { ref: found.ref, queued: outcome.outboxId !== null, missing: outcome.missing };
}
