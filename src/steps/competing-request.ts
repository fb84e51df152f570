// SPEC §6 rule 16: a forged request that arrived first must not absorb the holder's own.
// When an authenticated request meets an open, unauthenticated ticket of its account, the
// authenticated request's fields become the ticket's (the forged message stays on the timeline
// for agents), the ticket is flagged `competing_requests`, and the stored address gets the
// acknowledgement (with the confirmation link when RECOVERY_CHALLENGE=link), as if it had come
// first. Pending approvals of the forged version no longer match its evidence.
import { FIELD_NAMES, type ExtractedFields, type FieldName } from '../core/message.ts';
import { compareName, compareOrganisation } from '../core/match-account.ts';
import { statusAfterDetails } from '../core/ticket-status.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { clearApprovals } from '../adapters/db/agents.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { updateTicket, type TicketRow } from '../adapters/db/tickets.repository.ts';
import type { Deps } from './deps.ts';
import type { ProcessOutcome, Reading } from './reading.ts';
import { queueReply } from './queue-reply.ts';

export const COMPETING_FLAG = 'competing_requests';

/** Handles the request when it competes with a forged ticket; null when it does not (merge as usual). */
export async function answerCompeting(
  tx: DbOrTx,
  deps: Deps,
  messageId: number,
  reading: Reading,
  ticket: TicketRow,
): Promise<Omit<ProcessOutcome, 'kind'> | null> {
  const signals = ticket.signals;
  if (!reading.authenticated || signals.senderAuthenticated || reading.analysis.kind !== 'recovery_request' || ticket.accountId === null) return null;
  const account = await findAccountById(tx, ticket.accountId);
  if (!account) return null;
  const fields: ExtractedFields = reading.analysis.fields;
  const missing: FieldName[] = FIELD_NAMES.filter((name) => !fields[name]);
  const needsConfirmation = deps.config.RECOVERY_CHALLENGE === 'link';
  const status = statusAfterDetails({ missing, needsConfirmation });
  const flags = [...new Set([...(signals.flags ?? []), ...reading.flags, COMPETING_FLAG])];
  const changed = await updateTicket(tx, ticket.id, ticket.status, {
    status,
    senderAddress: reading.sender ?? ticket.senderAddress,
    language: reading.analysis.language ?? ticket.language,
    fields,
    missing,
    snippets: reading.analysis.snippets ?? {},
    signals: {
      ...signals,
      senderAuthenticated: true,
      authReason: reading.authReason,
      nameMatch: compareName(fields.fullName, account.fullName),
      organisationMatch: compareOrganisation(fields.organisation, account.organisations),
      flags,
      noAutoAnswer: reading.noAnswer,
    },
    // Our replies thread on the holder's own message, not on the forgery.
    threadMessageId: reading.message.messageId,
    threadReferences: reading.message.references.slice(-10),
    confirmedAt: null,
    confirmTokenHash: null,
    resetDueAt: null,
    cancelTokenHash: null,
  });
  if (!changed) return null;
  if (ticket.status === 'approved') await clearApprovals(tx, ticket.id);
  await appendEvent(tx, {
    ticketId: ticket.id,
    type: 'competing_request',
    actor: 'system',
    data: { messageId, statusBefore: ticket.status, status, authReason: reading.authReason, unauthenticatedFields: ticket.fields },
  });
  const updated = {
    ...ticket,
    status,
    missing,
    signals: { ...signals, senderAuthenticated: true },
    threadMessageId: reading.message.messageId,
    threadReferences: reading.message.references.slice(-10),
  };
  const outboxIds = reading.noAnswer ? [] : await acknowledge(tx, deps, reading, updated, account.email);
  return { outcome: 'ticket_updated', reason: COMPETING_FLAG, ticketId: ticket.id, outboxIds };
}

/** The first answer the holder gets: to the stored address, never to any address in the message. */
async function acknowledge(tx: DbOrTx, deps: Deps, reading: Reading, ticket: TicketRow, to: string): Promise<number[]> {
  const base = { language: reading.analysis.language ?? (ticket.language as Reading['analysis']['language']), to, ticket };
  const missing = ticket.missing as FieldName[];
  const id =
    ticket.status === 'waiting_details'
      ? await queueReply(tx, deps, { ...base, kind: 'request_details', missing, dedupeKey: `details:${ticket.id}:${missing.join(',')}` })
      : await queueReply(tx, deps, { ...base, kind: 'acknowledgement', confirmLink: ticket.status === 'waiting_confirmation', dedupeKey: `ack:${ticket.id}` });
  return id === null ? [] : [id];
}
