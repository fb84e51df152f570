// The cancel link of SPEC §6 rule 7: single use, stored hashed, valid while the cancel
// window runs. A cancel stops the reset and locks email recovery for 30 days.
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import { setRecoveryLockedUntil } from '../adapters/db/accounts.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { languageOfTokenTicket, lockTicketByCancelToken, setTicket } from '../adapters/db/tickets.repository.ts';
import type { Deps } from './deps.ts';

export const RECOVERY_LOCK_MS = 30 * 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export async function cancelByToken(deps: Pick<Deps, 'db' | 'now' | 'log'>, token: string): Promise<'cancelled' | 'invalid'> {
  if (!TOKEN.test(token)) return 'invalid';
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByCancelToken(tx, sha256Hex(token), now);
    if (!ticket) return null;
    const lockedUntil = new Date(now.getTime() + RECOVERY_LOCK_MS);
    await setTicket(tx, ticket.id, { status: 'cancelled', cancelTokenHash: null, resetDueAt: null, closedAt: now, updatedAt: now });
    if (ticket.accountId) await setRecoveryLockedUntil(tx, ticket.accountId, lockedUntil, now);
    await appendEvent(tx, {
      ticketId: ticket.id,
      type: 'cancelled_by_user',
      actor: 'account_holder',
      data: { recoveryLockedUntil: lockedUntil.toISOString(), flag: 'cancelled_by_account_holder' },
    });
    return ticket.ref;
  });
  if (!result) return 'invalid';
  deps.log.warn({ ticketRef: result }, 'reset cancelled by the account holder: email recovery locked for 30 days');
  return 'cancelled';
}

/** The language of the ticket a link belongs to, without using the link (for the page it shows). */
export async function linkLanguage(deps: Pick<Deps, 'db'>, kind: 'confirm' | 'cancel', token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  return languageOfTokenTicket(deps.db, kind, sha256Hex(token));
}
