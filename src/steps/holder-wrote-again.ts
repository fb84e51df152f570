// SPEC §6 rule 15, second half: loads what the rule needs, asks core/holder-voice.ts, stores
// the answer. A flagged ticket's evidence changes (the flag, the time, the message id), so
// pending approvals are void; an approved one goes back to review and its scheduled reset
// finds nothing to do. Nothing is sent: the holder gets no automatic answer quoting anything.
import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { approvalsOf, clearApprovals } from '../adapters/db/agents.repository.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { lockTicket, updateTicket, type NewTicket, type TicketRow } from '../adapters/db/tickets.repository.ts';
import { closedSince, HOLDER_VOICE_WINDOW_MS, HOLDER_WROTE_AGAIN, holderVoice, withHolderFlag, withMergedMessage } from '../core/holder-voice.ts';
import type { Deps } from './deps.ts';
import type { Reading } from './reading.ts';

export interface HolderMessageInput {
  /** The ticket as it was before this message touched it. */
  before: TicketRow;
  messageId: number;
  reading: Pick<Reading, 'sender' | 'authenticated'>;
  /** follow_up (in the ticket's thread), repeat_request (a new request merged), new_request (one that opened another ticket). */
  how: 'follow_up' | 'repeat_request' | 'new_request';
  /** How many missing fields the message filled in. */
  filled: number;
  /** Whether the message belongs to this ticket (its id joins the ticket's evidence). */
  merged: boolean;
  /** The sender's account as the caller read it in this transaction (used when it is the ticket's). */
  account?: { id: number; email: string } | null;
}

/** Flags `holder_wrote_again` when the rule says so; returns whether it did. */
export async function noteHolderVoice(tx: DbOrTx, deps: Pick<Deps, 'now' | 'log'>, input: HolderMessageInput): Promise<boolean> {
  const { before, messageId } = input;
  const known = input.account && input.account.id === before.accountId ? input.account : null;
  const account = known ?? (before.accountId ? await findAccountById(tx, before.accountId) : null);
  const now = deps.now();
  const decision = holderVoice({
    ticket: {
      status: before.status,
      closedAt: before.closedAt,
      storedAddress: account?.email ?? null,
      authenticated: Boolean(before.signals.senderAuthenticated),
    },
    sender: input.reading.sender,
    authenticated: input.reading.authenticated,
    filled: input.filled,
    now,
  });
  if (decision.kind === 'none') return false;

  // Re-read: the merge may have changed the row in this transaction (it is locked already).
  const current = (await lockTicket(tx, before.id)) ?? before;
  const signals = withHolderFlag(current.signals, now);
  const changes: Partial<NewTicket> = { signals: input.merged ? withMergedMessage(signals, messageId) : signals, updatedAt: now };
  const statusAfter = decision.statusAfter ?? current.status;
  if (statusAfter !== current.status) {
    // Back to review: the cancel window's reset finds the ticket no longer approved.
    Object.assign(changes, { status: statusAfter, resetDueAt: null, cancelTokenHash: null });
  }
  await updateTicket(tx, current.id, current.status, changes);
  const approvals = decision.voidApprovals ? await approvalsOf(tx, current.id) : [];
  if (approvals.length > 0) {
    await clearApprovals(tx, current.id);
    await appendEvent(tx, {
      ticketId: current.id,
      type: 'approval_voided',
      actor: 'system',
      data: { reason: HOLDER_WROTE_AGAIN, messageId, approvals: approvals.length },
    });
  }
  await appendEvent(tx, {
    ticketId: current.id,
    type: HOLDER_WROTE_AGAIN,
    actor: 'system',
    data: { messageId, how: input.how, statusBefore: current.status, status: statusAfter, approvalsVoided: approvals.length },
  });
  deps.log.warn({ ticketRef: current.ref, messageId, how: input.how, status: statusAfter }, 'the account holder wrote again: the ticket waits for an agent');
  return true;
}

/** A message from the holder in the thread of a closed ticket: flagged when recent, else null (ignored as before). */
export async function holderWroteOnClosed(tx: DbOrTx, deps: Pick<Deps, 'now' | 'log'>, ticket: TicketRow, messageId: number, reading: Reading) {
  const flagged = await noteHolderVoice(tx, deps, { before: ticket, messageId, reading, how: 'follow_up', filled: 0, merged: true });
  return flagged ? { outcome: 'ticket_updated' as const, reason: HOLDER_WROTE_AGAIN, ticketId: ticket.id, outboxIds: [] } : null;
}

/** A new request from the holder also speaks about the account's recently closed tickets. */
export async function holderRequestMeetsClosed(
  tx: DbOrTx,
  deps: Pick<Deps, 'now' | 'log'>,
  /** Every ticket of the account, already locked for update (lockTicketsOfAccount). */
  ticketsOfAccount: TicketRow[],
  messageId: number,
  reading: Reading,
): Promise<void> {
  if (!reading.authenticated) return;
  const since = new Date(deps.now().getTime() - HOLDER_VOICE_WINDOW_MS);
  for (const closed of closedSince(ticketsOfAccount, since)) {
    await noteHolderVoice(tx, deps, { before: closed, messageId, reading, how: 'new_request', filled: 0, merged: false });
  }
}
