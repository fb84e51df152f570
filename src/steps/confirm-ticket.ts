// The confirmation link of SPEC §6 rule 4: single use, expiring, stored hashed.
import { and, eq, gt } from 'drizzle-orm';
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { tickets } from '../adapters/db/schema/index.ts';
import { statusAfterDetails } from '../core/ticket-status.ts';
import type { Deps } from './deps.ts';

export async function confirmByToken(deps: Pick<Deps, 'db' | 'now'>, token: string): Promise<'confirmed' | 'invalid'> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return 'invalid';
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.confirmTokenHash, sha256Hex(token)), gt(tickets.confirmExpiresAt, now)))
      .for('update');
    if (!ticket || ticket.confirmedAt) return 'invalid';
    const status = ticket.status === 'waiting_confirmation' ? statusAfterDetails({ missing: ticket.missing, needsConfirmation: false }) : ticket.status;
    await tx.update(tickets).set({ confirmedAt: now, confirmTokenHash: null, status, updatedAt: now }).where(eq(tickets.id, ticket.id));
    await appendEvent(tx, { ticketId: ticket.id, type: 'confirmed_by_user', actor: 'account_holder', data: { status } });
    return 'confirmed';
  });
}
