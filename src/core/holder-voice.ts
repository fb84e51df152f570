// SPEC §6 rule 15, second half: the account holder writing again about a recovery that is
// complete, approved or recently closed outweighs whatever was decided before they wrote.
// Our acknowledgement and confirmation mails tell the holder to reply if they did not ask:
// such a reply must stop the reset and reach an agent, never merge silently.
import { sameMailbox } from './address-identity.ts';
import type { TicketStatus } from './ticket-status.ts';

export const HOLDER_WROTE_AGAIN = 'holder_wrote_again';
/** A closed ticket is still flagged by the holder's message this long after it closed. */
export const HOLDER_VOICE_WINDOW_MS = 30 * 86_400_000;

/** Complete tickets: nothing is missing, so any message from the holder says something new. */
const COMPLETE: readonly TicketStatus[] = ['waiting_confirmation', 'ready', 'approved', 'needs_attention'];
const CLOSED: readonly TicketStatus[] = ['done', 'rejected', 'cancelled'];

/** Of an account's tickets, those closed (done, rejected, cancelled) after `since`, oldest first. */
export function closedSince<T extends { id: number; status: TicketStatus; closedAt: Date | null }>(tickets: readonly T[], since: Date): T[] {
  return tickets.filter((t) => CLOSED.includes(t.status) && t.closedAt !== null && t.closedAt > since).sort((a, b) => a.id - b.id);
}

export interface HolderMessage {
  ticket: {
    status: TicketStatus;
    closedAt: Date | null;
    /** The account's stored address; null for a ticket that matches no account. */
    storedAddress: string | null;
    /** Whether the ticket's request was authenticated (an unauthenticated one may be a forgery). */
    authenticated: boolean;
  };
  /** The message's single From address (already normalised), or null when identity failed. */
  sender: string | null;
  authenticated: boolean;
  /** How many of the ticket's missing fields this message filled in. */
  filled: number;
  now: Date;
}

export type HolderVoice =
  | { kind: 'none'; why: 'not_authenticated' | 'not_the_stored_address' | 'filling_in_details' | 'closed_long_ago' | 'not_a_recovery' }
  | {
      kind: 'holder_wrote_again';
      /** Approvals recorded before the message no longer count. */
      voidApprovals: boolean;
      /** Where the ticket goes: an approved one (or one whose external reset needs attention) goes back to review, and its reset waits for an agent; null: where the merge left it. */
      statusAfter: TicketStatus | null;
    };

export function holderVoice(input: HolderMessage): HolderVoice {
  const { ticket } = input;
  // A forged message is kept apart by the merge step (unverified_message_received): it never
  // speaks for the holder, and it must not be able to void the holder's own approval.
  if (!input.authenticated || !input.sender) return { kind: 'none', why: 'not_authenticated' };
  if (!ticket.storedAddress) return { kind: 'none', why: 'not_a_recovery' };
  // One mailbox as SPEC §5 matches it: an external directory's stand-in keeps the directory's own
  // spelling (`Victor.Holder@Genuine.example`, a Unicode domain) while the sender is read as matched.
  // Compared letter for letter, the holder's every message was "not the stored address" (stop 27).
  if (!sameMailbox(input.sender, ticket.storedAddress)) return { kind: 'none', why: 'not_the_stored_address' };
  if (ticket.status === 'waiting_details') {
    // Answering our request for details is the normal flow; a message there that fills in
    // nothing is a question or an objection, which the agent must see before approving. On an
    // unauthenticated ticket (anyone can forge one, and its sender was never answered) the
    // holder's signed mail is never just details: "I did not ask for this", signed with their
    // name and organisation, would otherwise complete the forgery unseen.
    if (input.filled > 0 && ticket.authenticated) return { kind: 'none', why: 'filling_in_details' };
    return { kind: 'holder_wrote_again', voidApprovals: true, statusAfter: null };
  }
  if (COMPLETE.includes(ticket.status)) {
    return {
      kind: 'holder_wrote_again',
      voidApprovals: true,
      statusAfter: ticket.status === 'approved' || ticket.status === 'needs_attention' ? 'ready' : ticket.status,
    };
  }
  if (CLOSED.includes(ticket.status)) {
    const closedAt = ticket.closedAt?.getTime();
    if (closedAt === undefined || input.now.getTime() - closedAt > HOLDER_VOICE_WINDOW_MS) return { kind: 'none', why: 'closed_long_ago' };
    return { kind: 'holder_wrote_again', voidApprovals: false, statusAfter: ticket.status };
  }
  return { kind: 'none', why: 'not_a_recovery' };
}

/** The ticket's signals with one more message merged into it (the ids are part of the evidence). */
export function withMergedMessage<T extends Record<string, unknown>>(signals: T, messageId: number): T & { mergedMessageIds: number[] } {
  const earlier = Array.isArray(signals.mergedMessageIds) ? (signals.mergedMessageIds as number[]) : [];
  return { ...signals, mergedMessageIds: earlier.includes(messageId) ? earlier : [...earlier, messageId] };
}

/** The signals once the holder's voice is recorded: the flag, and when they last wrote. */
export function withHolderFlag<T extends Record<string, unknown>>(signals: T, now: Date): T & { flags: string[]; holderWroteAgainAt: string } {
  const flags = Array.isArray(signals.flags) ? (signals.flags as string[]) : [];
  return { ...signals, flags: flags.includes(HOLDER_WROTE_AGAIN) ? flags : [...flags, HOLDER_WROTE_AGAIN], holderWroteAgainAt: now.toISOString() };
}
