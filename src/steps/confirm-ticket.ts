// The confirmation link of SPEC §6 rule 4: single use, expiring, stored hashed.
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { lockTicketByConfirmToken, updateTicket } from '../adapters/db/tickets.repository.ts';
import { statusAfterDetails } from '../core/ticket-status.ts';
import type { Deps } from './deps.ts';
import { kickNotifications } from './notify-agents.ts';

export async function confirmByToken(deps: Pick<Deps, 'db' | 'now' | 'log' | 'jobs' | 'config'>, token: string): Promise<'confirmed' | 'invalid'> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return 'invalid';
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByConfirmToken(tx, sha256Hex(token), now);
    if (!ticket || ticket.confirmedAt) return 'invalid';
    const status = ticket.status === 'waiting_confirmation' ? statusAfterDetails({ missing: ticket.missing, needsConfirmation: false }) : ticket.status;
    // updateTicket, not a plain update: a ticket entering review is noted for the agents' notices.
    await updateTicket(tx, ticket.id, ticket.status, { confirmedAt: now, confirmTokenHash: null, status, updatedAt: now });
    await appendEvent(tx, { ticketId: ticket.id, type: 'confirmed_by_user', actor: 'account_holder', data: { status } });
    return 'confirmed' as const;
  });
  if (result === 'confirmed') await kickNotifications(deps);
  return result;
}
