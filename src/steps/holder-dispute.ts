// The holder's "This wasn't me" link of SPEC §6 rule 15. Every mail about a recovery carries
// one (a token per mail, stored hashed, see send-reply.ts); the first use on a ticket stops the
// recovery: an open or approved ticket is cancelled (the delayed reset then finds nothing to
// run), a closed one is flagged `holder_disputed`; email recovery for the account is locked
// 30 days and agents see the ticket in the queue. Valid until 30 days after the ticket closed.
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import { lockRecoveryLock, setRecoveryLockedUntil } from '../adapters/db/accounts.repository.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { findDisputeLink, markDisputeLinkUsed, ticketWasDisputed } from '../adapters/db/dispute-links.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketById, lockOtherOpenTicketsOfAccount, lockTicket, setTicket, type TicketRow } from '../adapters/db/tickets.repository.ts';
import type { TicketSignals } from '../core/ticket.ts';
import { canMove } from '../core/ticket-status.ts';
import { RECOVERY_LOCK_MS } from './cancel-reset.ts';
import type { Deps } from './deps.ts';
import { kickNotifications } from './notify-agents.ts';

export const HOLDER_DISPUTED = 'holder_disputed';
/** How long after a ticket closes its links still work, and how long a disputed ticket stays in the queue. */
export const DISPUTE_WINDOW_MS = 30 * 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export type DisputeLinkState = 'usable' | 'already_done' | 'expired';
export type DisputeResult = { result: 'cancelled' | 'flagged'; ref: string } | { result: 'already_done' | 'expired' | 'invalid' };

async function linkOf(db: DbOrTx, token: string, lock: boolean) {
  if (!TOKEN.test(token)) return null;
  return findDisputeLink(db, sha256Hex(token), lock);
}

async function alreadyDisputed(db: DbOrTx, ticketId: number): Promise<boolean> {
  return ticketWasDisputed(db, ticketId);
}

function stateOf(ticket: Pick<TicketRow, 'closedAt'>, disputed: boolean, now: Date): DisputeLinkState {
  if (disputed) return 'already_done';
  if (ticket.closedAt && ticket.closedAt.getTime() + DISPUTE_WINDOW_MS <= now.getTime()) return 'expired';
  return 'usable';
}

/** What the page shows for a link, changing nothing (a link scanner's GET must not dispute). */
export async function disputeLinkState(deps: Pick<Deps, 'db' | 'now'>, token: string): Promise<{ language: string | null; state: DisputeLinkState } | null> {
  const link = await linkOf(deps.db, token, false);
  if (!link) return null;
  const ticket = await findTicketById(deps.db, link.ticketId);
  if (!ticket) return null;
  return { language: ticket.language, state: stateOf(ticket, await alreadyDisputed(deps.db, link.ticketId), deps.now()) };
}

function withFlag(signals: TicketSignals | null): TicketSignals {
  const s = signals ?? {};
  const flags = Array.isArray(s.flags) ? s.flags : [];
  return { ...s, flags: flags.includes(HOLDER_DISPUTED) ? flags : [...flags, HOLDER_DISPUTED] };
}

/** Stops one ticket: cancelled when open, flagged either way. Returns its status afterwards. */
async function stopTicket(tx: DbOrTx, ticket: TicketRow, now: Date) {
  const cancel = canMove(ticket.status, 'cancelled');
  const changes = cancel ? { status: 'cancelled' as const, closedAt: now, resetDueAt: null, cancelTokenHash: null, confirmTokenHash: null } : {};
  await setTicket(tx, ticket.id, { ...changes, signals: withFlag(ticket.signals), updatedAt: now });
  return cancel ? 'cancelled' : ticket.status;
}

export async function disputeByToken(deps: Pick<Deps, 'db' | 'now' | 'log' | 'jobs' | 'config'>, token: string): Promise<DisputeResult> {
  const now = deps.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const link = await linkOf(tx, token, true);
    const ticket = link && (await lockTicket(tx, link.ticketId));
    if (!link || !ticket) return { result: 'invalid' as const };
    const state = stateOf(ticket, await alreadyDisputed(tx, ticket.id), now);
    if (state !== 'usable') return { result: state };

    const status = await stopTicket(tx, ticket, now);
    await markDisputeLinkUsed(tx, link.id, now);
    // The account's other open ticket (a newer request) is stopped too: the holder said no to recovery.
    const others = ticket.accountId ? await lockOtherOpenTicketsOfAccount(tx, ticket.accountId, ticket.id) : [];
    for (const other of others) {
      const otherStatus = await stopTicket(tx, other, now);
      await appendEvent(tx, {
        ticketId: other.id,
        type: 'disputed_by_holder',
        actor: 'account_holder',
        data: { via: ticket.ref, previousStatus: other.status, status: otherStatus, flag: HOLDER_DISPUTED },
      });
    }
    let lockedUntil: Date | null = null;
    if (ticket.accountId) {
      const until = await lockRecoveryLock(tx, ticket.accountId);
      const wanted = new Date(now.getTime() + RECOVERY_LOCK_MS);
      lockedUntil = until && until > wanted ? until : wanted;
      await setRecoveryLockedUntil(tx, ticket.accountId, lockedUntil, now);
    }
    await appendEvent(tx, {
      ticketId: ticket.id,
      type: 'disputed_by_holder',
      actor: 'account_holder',
      data: {
        previousStatus: ticket.status,
        status,
        recoveryLockedUntil: lockedUntil?.toISOString() ?? null,
        alsoStopped: others.map((o) => o.ref),
        flag: HOLDER_DISPUTED,
      },
    });
    return {
      result: status === 'cancelled' && ticket.status !== 'cancelled' ? ('cancelled' as const) : ('flagged' as const),
      ref: ticket.ref,
      previousStatus: ticket.status,
      alsoStopped: others.map((o) => o.ref),
    };
  });
  if (outcome.result !== 'cancelled' && outcome.result !== 'flagged') return { result: outcome.result };
  await kickNotifications(deps);
  // The alert for agents and operators: never the token.
  deps.log.warn(
    { ticketRef: outcome.ref, previousStatus: outcome.previousStatus, result: outcome.result, alsoStopped: outcome.alsoStopped },
    'the account holder says "this was not me": recovery stopped, email recovery locked for 30 days',
  );
  return { result: outcome.result, ref: outcome.ref };
}
