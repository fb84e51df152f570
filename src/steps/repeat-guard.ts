// Before a message is acted on: is it a replayed DKIM signature, a duplicate delivery, or a
// request whose Message-ID a less authenticated message used first? (SPEC §5, §6 rule 16)
import { alignedPassBHashes, isSignatureReplay, judgeMessageId } from '../core/repeats.ts';
import { withFlags } from '../core/ticket.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import type { GateAnswer } from '../adapters/db/messages.repository.ts';
import { findTicketById, updateTicket } from '../adapters/db/tickets.repository.ts';
import type { Reading } from './reading.ts';

export interface RepeatCheck {
  /** The reading to act on: a replayed signature is not authenticated. */
  reading: Reading;
  /** Not acted on, and held for agents with this reason. */
  held: { reason: 'duplicate_message_id' | 'dkim_replay'; ticketId: number | null; earlierId: number } | null;
  /** Earlier, less authenticated messages that used this Message-ID first. */
  preemptedBy: number[];
}

/**
 * Judges the message against what the gate read under its locks (adapters/db readGate): a
 * replayed signature is not authenticated and is held; a Message-ID used before by the same
 * sender is a duplicate, or marks the earlier, less authenticated copies as preempting it.
 */
export function judgeRepeats(
  reading: Reading,
  messageIdHeader: string | null,
  gate: Pick<GateAnswer, 'signatureEarlier' | 'earlierWithMessageId'>,
): RepeatCheck {
  const bHashes = alignedPassBHashes(reading.verdict.evidence);
  const earlierSignature = bHashes.length > 0 ? gate.signatureEarlier : null;
  if (isSignatureReplay(earlierSignature, messageIdHeader) && earlierSignature) {
    return {
      reading: { ...reading, authenticated: false, authReason: 'dkim_replay' },
      held: { reason: 'dkim_replay', ticketId: earlierSignature.ticketId, earlierId: earlierSignature.id },
      preemptedBy: [],
    };
  }
  if (!asksMessageIdCheck(reading, messageIdHeader)) return { reading, held: null, preemptedBy: [] };
  // A Message-ID is never reused by a mail client: the same one again from the same sender is
  // the message delivered twice (other Received lines), an old request replayed, or a forgery
  // that used the holder's Message-ID first.
  const decision = judgeMessageId(gate.earlierWithMessageId, { authenticated: reading.authenticated, bHashes });
  if (decision.kind === 'duplicate')
    return { reading, held: { reason: 'duplicate_message_id', ticketId: decision.of.ticketId, earlierId: decision.of.id }, preemptedBy: [] };
  return { reading, held: null, preemptedBy: decision.kind === 'preempted' ? decision.by.map((copy) => copy.id) : [] };
}

/** Whether earlier copies under the Message-ID matter: only for a request with a sender. */
export function asksMessageIdCheck(reading: Reading, messageIdHeader: string | null): messageIdHeader is string {
  return reading.analysis.kind === 'recovery_request' && Boolean(reading.sender) && Boolean(messageIdHeader);
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
