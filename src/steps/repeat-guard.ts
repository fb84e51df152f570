// Before a message is acted on: is it a replayed DKIM signature, a duplicate delivery, or a
// request whose Message-ID a less authenticated message used first? (SPEC §5, §6 rule 16)
import { alignedPassBHash, isSignatureReplay, judgeMessageId } from '../core/repeats.ts';
import { withFlags } from '../core/ticket.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { claimSignature, earlierWithMessageId } from '../adapters/db/messages.repository.ts';
import { findTicketById, updateTicket } from '../adapters/db/tickets.repository.ts';
import type { Deps } from './deps.ts';
import type { Reading } from './reading.ts';

export interface RepeatCheck {
  /** The reading to act on: a replayed signature is not authenticated. */
  reading: Reading;
  /** Not acted on, and held for agents with this reason. */
  held: { reason: 'duplicate_message_id' | 'dkim_replay'; ticketId: number | null; earlierId: number } | null;
  /** Earlier, less authenticated messages that used this Message-ID first. */
  preemptedBy: number[];
}

export async function checkRepeats(deps: Pick<Deps, 'db'>, messageId: number, messageIdHeader: string | null, reading: Reading): Promise<RepeatCheck> {
  const bHash = alignedPassBHash(reading.verdict.evidence);
  if (bHash) {
    const earlier = await deps.db.transaction((tx) => claimSignature(tx, messageId, bHash));
    if (isSignatureReplay(earlier, messageIdHeader) && earlier) {
      return {
        reading: { ...reading, authenticated: false, authReason: 'dkim_replay' },
        held: { reason: 'dkim_replay', ticketId: earlier.ticketId, earlierId: earlier.id },
        preemptedBy: [],
      };
    }
  }
  if (reading.analysis.kind !== 'recovery_request' || !reading.sender || !messageIdHeader) return { reading, held: null, preemptedBy: [] };
  // A Message-ID is never reused by a mail client: the same one again from the same sender is
  // the message delivered twice (other Received lines), an old request replayed, or a forgery
  // that used the holder's Message-ID first.
  const earlier = await earlierWithMessageId(deps.db, messageId, messageIdHeader, reading.sender);
  const decision = judgeMessageId(earlier, { authenticated: reading.authenticated, bHash });
  if (decision.kind === 'duplicate')
    return { reading, held: { reason: 'duplicate_message_id', ticketId: decision.of.ticketId, earlierId: decision.of.id }, preemptedBy: [] };
  return { reading, held: null, preemptedBy: decision.kind === 'preempted' ? decision.by.map((copy) => copy.id) : [] };
}

/** Tells agents, on the ticket the request reached, that a less authenticated message took its Message-ID first. */
export async function notePreemption(tx: DbOrTx, ticketId: number, messageId: number, earlierIds: number[]): Promise<void> {
  const ticket = await findTicketById(tx, ticketId);
  if (!ticket) return;
  await updateTicket(tx, ticket.id, ticket.status, { signals: withFlags(ticket.signals, 'message_id_preempted') });
  await appendEvent(tx, { ticketId, type: 'message_id_preempted', actor: 'system', data: { messageId, earlierMessageIds: earlierIds } });
}

/** A held message that points at a ticket is noted on its timeline. */
export async function noteHeld(tx: DbOrTx, held: NonNullable<RepeatCheck['held']>, messageId: number): Promise<void> {
  if (held.ticketId === null) return;
  await appendEvent(tx, {
    ticketId: held.ticketId,
    type: held.reason === 'dkim_replay' ? 'signature_replay_held' : 'duplicate_held',
    actor: 'system',
    data: { messageId, earlierMessageId: held.earlierId },
  });
}
