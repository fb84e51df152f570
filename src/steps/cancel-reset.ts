// The cancel link of SPEC §6 rule 7: single use, stored hashed, valid while the cancel
// window runs. A cancel stops the reset and locks email recovery for 30 days.
import { and, eq, gt } from 'drizzle-orm';
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { accounts, tickets } from '../adapters/db/schema/index.ts';
import type { Deps } from './deps.ts';

export const RECOVERY_LOCK_MS = 30 * 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export async function cancelByToken(deps: Pick<Deps, 'db' | 'now' | 'log'>, token: string): Promise<'cancelled' | 'invalid'> {
  if (!TOKEN.test(token)) return 'invalid';
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.cancelTokenHash, sha256Hex(token)), eq(tickets.status, 'approved'), gt(tickets.resetDueAt, now)))
      .for('update');
    if (!ticket) return null;
    const lockedUntil = new Date(now.getTime() + RECOVERY_LOCK_MS);
    await tx.update(tickets).set({ status: 'cancelled', cancelTokenHash: null, resetDueAt: null, closedAt: now, updatedAt: now }).where(eq(tickets.id, ticket.id));
    if (ticket.accountId) await tx.update(accounts).set({ recoveryLockedUntil: lockedUntil, updatedAt: now }).where(eq(accounts.id, ticket.accountId));
    await appendEvent(tx, { ticketId: ticket.id, type: 'cancelled_by_user', actor: 'account_holder', data: { recoveryLockedUntil: lockedUntil.toISOString(), flag: 'cancelled_by_account_holder' } });
    return ticket.ref;
  });
  if (!result) return 'invalid';
  deps.log.warn({ ticketRef: result }, 'reset cancelled by the account holder: email recovery locked for 30 days');
  return 'cancelled';
}

/** The language of the ticket a link belongs to, without using the link (for the page it shows). */
export async function linkLanguage(deps: Pick<Deps, 'db'>, kind: 'confirm' | 'cancel', token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const column = kind === 'confirm' ? tickets.confirmTokenHash : tickets.cancelTokenHash;
  const [row] = await deps.db.select({ language: tickets.language }).from(tickets).where(eq(column, sha256Hex(token)));
  return row?.language ?? null;
}
