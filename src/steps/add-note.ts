// Internal notes and the identity-check list: recorded in the audit log, never sent to anyone.
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketByRef } from '../adapters/db/tickets.repository.ts';
import { StepError, type Deps } from './deps.ts';

export const MAX_NOTE_CHARS = 4000;

/**
 * Independent checks an agent can make. None of them involves identity documents:
 * the product never asks for copies of them (SPEC §6 rule 14).
 */
export const IDENTITY_CHECKS = {
  called_known_number: "Called the organisation's phone number from our own records (not one given in the email)",
  org_admin_confirmed: 'Another admin of the organisation confirmed the request through their own login',
  known_contact_confirmed: 'Confirmed by the account manager or a known contact of the organisation',
  account_activity_consistent: 'Recent account activity (billing contact, usual sign-in places) is consistent with the request',
} as const;
export type IdentityCheck = keyof typeof IDENTITY_CHECKS;

export async function addNote(deps: Pick<Deps, 'db'>, input: { ref: string; agentEmail: string; text: string }): Promise<void> {
  const text = input.text.trim();
  if (!text) throw new StepError('note.empty', 'write something in the note');
  if (text.length > MAX_NOTE_CHARS) throw new StepError('note.too_long', `a note holds at most ${MAX_NOTE_CHARS} characters`);
  const ticket = await findTicketByRef(deps.db, input.ref);
  if (!ticket) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
  await deps.db.transaction((tx) => appendEvent(tx, { ticketId: ticket.id, type: 'note', actor: input.agentEmail, data: { text } }));
}

export async function recordIdentityCheck(deps: Pick<Deps, 'db'>, input: { ref: string; agentEmail: string; checks: string[]; detail: string }): Promise<void> {
  const checks = [...new Set(input.checks)].filter((c): c is IdentityCheck => c in IDENTITY_CHECKS);
  if (checks.length === 0) throw new StepError('identity_check.empty', 'tick at least one independent check you made');
  const detail = input.detail.trim().slice(0, MAX_NOTE_CHARS);
  const ticket = await findTicketByRef(deps.db, input.ref);
  if (!ticket) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
  await deps.db.transaction((tx) => appendEvent(tx, { ticketId: ticket.id, type: 'identity_check', actor: input.agentEmail, data: { checks, detail } }));
}
