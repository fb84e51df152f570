// Opens a recovery ticket, or merges a follow-up / repeated request into the open one,
// and queues the automatic reply that goes with it.
import { mergeIntoTicket, missingFields } from '../core/merge-ticket.ts';
import type { FieldName } from '../core/message.ts';
import { compareName, compareOrganisation } from '../core/match-account.ts';
import type { FindResult } from '../core/directory.ts';
import { addNamed, onFileNamed } from '../core/on-file-named.ts';
import type { OnFile, TicketSignals } from '../core/ticket.ts';
import { isOpen, statusAfterDetails, type TicketStatus } from '../core/ticket-status.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { ensureDirectoryAccount } from '../adapters/db/accounts.repository.ts';
import type { AccountOfRequest } from '../adapters/db/messages.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import {
  findTicketByRef,
  insertTicket,
  lockTicket,
  lockTicketByRef,
  lockTicketsOfAccount,
  updateTicket,
  type ReservedTicket,
  type TicketRow,
} from '../adapters/db/tickets.repository.ts';
import { answerCompeting } from './competing-request.ts';
import type { Deps } from './deps.ts';
import type { ProcessOutcome, Reading } from './reading.ts';
import { queueReply } from './queue-reply.ts';
import { holderRequestMeetsClosed, holderWroteOnClosed, noteHolderVoice } from './holder-wrote-again.ts';

type Handled = Omit<ProcessOutcome, 'kind'>;
const RECENT_EMAIL_CHANGE_MS = 30 * 86_400_000;
/** Where a ticket's first answer (acknowledgement or request for details) may still be sent late. */
const UNANSWERED_MAY_ANSWER: readonly TicketStatus[] = ['waiting_details', 'waiting_confirmation', 'ready'];

/** The account a request names, as matched before its ticket is touched. */
export interface Matched {
  /** The directory's answer, asked before the transaction (a snapshot as of processing); null without a sender. */
  found: FindResult | null;
  /** The local row of the one account found (builtin: the account; else its stand-in), its work lock held. */
  account: AccountOfRequest | null;
  /** The account's tickets, newest first, already locked (read with the gate); null: read them here. */
  tickets?: TicketRow[] | null;
  /** The id and ref drawn with the gate for the ticket this request may open. */
  newTicket?: ReservedTicket | null;
}

/** The directory's profile as stored with a ticket (`signals.onFile`). */
export function onFileOf(deps: Pick<Deps, 'directory'>, found: FindResult | null): OnFile | null {
  return found?.kind === 'one' ? { directory: deps.directory.kind, ...found.account } : null;
}

export async function handleRecoveryRequest(tx: DbOrTx, deps: Deps, messageId: number, reading: Reading, matched: Matched): Promise<Handled | null> {
  if (reading.threadRef && reading.analysis.kind !== 'bounce' && reading.analysis.kind !== 'auto_reply') {
    const locked = reading.sender ? await lockTicketByRef(tx, reading.threadRef) : null;
    // A follow-up merges only when it comes from the very sender the ticket was opened by.
    if (locked && locked.senderAddress === reading.sender) {
      if (isOpen(locked.status))
        return (await answerCompeting(tx, deps, messageId, reading, locked)) ?? mergeInto(tx, deps, messageId, reading, locked, 'follow_up', matched.account);
      // A signed recovery request is a new request wherever it is written: people answer the last
      // mail support sent them (a "done" or rejection notice of months ago, or of a forgery an agent
      // rejected), and that request must open its ticket and be answered, not be folded into a
      // closed one or ignored. The closed ticket is flagged below as for any new request.
      if (!(reading.authenticated && reading.analysis.kind === 'recovery_request')) {
        const holder = await holderWroteOnClosed(tx, deps, locked, messageId, reading);
        if (holder) return holder;
        await appendEvent(tx, { ticketId: locked.id, type: 'follow_up_on_closed_ticket', actor: 'system', data: { messageId } });
        return { outcome: 'ignored', reason: 'ticket_closed', ticketId: locked.id, outboxIds: [] };
      }
    }
  }
  if (reading.analysis.kind !== 'recovery_request') return null;
  const reserved = matched.newTicket ?? null;
  if (!reading.sender) return openUnmatched(tx, deps, messageId, reading, reading.authReason, reserved);
  // Matching goes through the directory (SPEC §9); several accounts sharing the address is no match.
  const { found, account } = matched;
  if (found?.kind === 'ambiguous') return openUnmatched(tx, deps, messageId, reading, 'ambiguous_account', reserved);
  const onFile = onFileOf(deps, found);
  if (!onFile || !account) return openUnmatched(tx, deps, messageId, reading, 'no_account', reserved);
  // Work on one account is serialised (its lock was taken with the message's others): two
  // requests at once must not open two tickets.
  const mine = matched.tickets ?? (await lockTicketsOfAccount(tx, account.id));
  const open = mine.find((ticket) => isOpen(ticket.status));
  if (open) return (await answerCompeting(tx, deps, messageId, reading, open)) ?? mergeInto(tx, deps, messageId, reading, open, 'repeat_request', account);

  const fields = reading.analysis.fields;
  const missing = missingFields(fields);
  const needsConfirmation = deps.config.RECOVERY_CHALLENGE === 'link' && reading.authenticated;
  const earlier = mine;
  const now = deps.now();
  const ticket = await insertTicket(
    tx,
    {
      status: statusAfterDetails({ missing, needsConfirmation }),
      accountId: account.id,
      senderAddress: reading.sender,
      kind: reading.analysis.kind,
      language: reading.analysis.language,
      fields,
      snippets: reading.analysis.snippets,
      missing,
      signals: {
        senderAuthenticated: reading.authenticated,
        authReason: reading.authReason,
        nameMatch: compareName(fields.fullName, onFile.fullName ?? ''),
        organisationMatch: compareOrganisation(fields.organisation, onFile.organisations),
        onFile,
        ...namedIn(reading, onFile, undefined),
        flags: reading.flags,
        emailChangedRecently: Boolean(account.emailChangedAt && now.getTime() - account.emailChangedAt.getTime() < RECENT_EMAIL_CHANGE_MS),
        earlierTickets: earlier.map((t) => t.ref),
        recoveryLocked: Boolean(account.recoveryLockedUntil && account.recoveryLockedUntil > now),
        noAutoAnswer: reading.noAnswer,
        mergedMessageIds: [messageId],
      },
      threadMessageId: reading.message.messageId,
      threadReferences: reading.message.references.slice(-10),
    },
    now,
    reserved,
  );
  await appendEvent(tx, {
    ticketId: ticket.id,
    type: 'ticket_opened',
    actor: 'system',
    data: { messageId, status: ticket.status, missing, authenticated: reading.authenticated },
  });
  await holderRequestMeetsClosed(tx, deps, mine, messageId, reading);
  const outboxIds = await replyFor(tx, deps, reading, ticket, onFile.email, null, account.email);
  return { outcome: 'ticket_opened', reason: null, ticketId: ticket.id, outboxIds };
}

/**
 * Whether the writer's own text (quotes stripped, as the extractor reads it) names the account's
 * organisation or holder: the `onFileNamed` signal, added to what earlier messages named. Only
 * a hint for the agent: the ticket's fields keep what the writer wrote.
 */
function namedIn(reading: Reading, onFile: OnFile, before: TicketSignals['onFileNamed']): Pick<TicketSignals, 'onFileNamed'> {
  const named = addNamed(before, onFileNamed(reading.ownText, onFile));
  return named ? { onFileNamed: named } : {};
}

/**
 * The local row the ticket hangs on: for builtin the account itself (its id is the directory's,
 * its row is read after the locks), otherwise its stand-in, upserted here by the directory's
 * account id.
 */
export async function localAccount(tx: DbOrTx, onFile: OnFile, now: Date): Promise<{ id: number; row: AccountOfRequest | null }> {
  if (onFile.directory === 'builtin') return { id: Number(onFile.id), row: null };
  const row = await ensureDirectoryAccount(tx, { ...onFile, directory: onFile.directory }, now);
  return { id: row.id, row };
}

async function mergeInto(
  tx: DbOrTx,
  deps: Deps,
  messageId: number,
  reading: Reading,
  ticket: TicketRow,
  how: string,
  /** The sender's account as read in this transaction, if any (saves reading it again). */
  account: AccountOfRequest | null,
): Promise<Handled> {
  const merge = mergeIntoTicket(
    ticket,
    {
      id: messageId,
      authenticated: reading.authenticated,
      authReason: reading.authReason,
      flags: reading.flags,
      fields: reading.analysis.fields,
      snippets: reading.analysis.snippets,
    },
    { linkChallenge: deps.config.RECOVERY_CHALLENGE === 'link' },
  );
  if (merge.kind === 'kept_apart') {
    await updateTicket(tx, ticket.id, ticket.status, { signals: merge.signals });
    await appendEvent(tx, {
      ticketId: ticket.id,
      type: 'unverified_message_kept_apart',
      actor: 'system',
      data: { messageId, how, authReason: reading.authReason },
    });
    return { outcome: 'ticket_updated', reason: 'unverified_not_merged', ticketId: ticket.id, outboxIds: [] };
  }
  const { fields, filled, missing, status, snippets, authenticated } = merge;
  const onFile = merge.signals.onFile;
  // A ticket whose first answer never went out (its message too old to answer: a first start
  // reaching back, mail moved in from an archive; or marked automatic) gets it now, when an
  // authenticated message of its own that may be answered comes in: otherwise the holder's fresh
  // request is folded into the old one and never answered, nor can it ever be confirmed.
  const unanswered = Boolean(ticket.signals.noAutoAnswer) && authenticated && !reading.noAnswer && UNANSWERED_MAY_ANSWER.includes(ticket.status);
  // The answer this message brings (details filled in, a repeated request), withheld only because
  // of how this copy was marked (Auto-Submitted, List-*, Precedence, a null Return-Path: what a relay
  // of the holder's signed mail can add above the signature, SPEC §6 rule 3), is recorded as
  // withheld: the holder's own unmarked copy, or their next message, still brings it (stop 25).
  const withheld = authenticated && reading.noAnswer !== null && !ticket.signals.noAutoAnswer && (filled.length > 0 || how === 'repeat_request');
  const named: TicketSignals = onFile ? { ...merge.signals, ...namedIn(reading, onFile, merge.signals.onFileNamed) } : merge.signals;
  const signals: TicketSignals = unanswered ? { ...named, noAutoAnswer: null } : withheld ? { ...named, noAutoAnswer: reading.noAnswer } : named;
  await updateTicket(tx, ticket.id, ticket.status, { fields, missing, status, snippets, signals });
  await appendEvent(tx, {
    ticketId: ticket.id,
    type: how === 'follow_up' ? 'follow_up_merged' : 'request_merged',
    actor: 'system',
    data: { messageId, filled, statusBefore: ticket.status, status, authenticated: reading.authenticated },
  });
  await noteHolderVoice(tx, deps, {
    account,
    before: ticket,
    messageId,
    reading,
    how: how === 'follow_up' ? 'follow_up' : 'repeat_request',
    filled: filled.length,
    merged: true,
  });
  // The ticket's account, read in this transaction: its stored address is the recipient.
  const recipient = account && account.id === ticket.accountId ? account.email : undefined;
  const outboxIds =
    filled.length > 0 || how === 'repeat_request' || unanswered
      ? await replyFor(
          tx,
          deps,
          { ...reading, authenticated },
          { ...ticket, status, missing },
          ticket.senderAddress,
          unanswered ? null : ticket.status,
          recipient,
        )
      : [];
  return { outcome: 'ticket_updated', reason: how, ticketId: ticket.id, outboxIds };
}

/**
 * A copy of a message already acted on (held as `duplicate_message_id`), itself authenticated and
 * answerable, whose ticket's answer the first copy withheld: the first copy was marked automatic
 * (Auto-Submitted: auto-forwarded, a List-* header, Precedence, a null Return-Path) by whoever relayed
 * it, none of which the holder's signature covers. Eve, Cc'd on the holder's signed request or on
 * their answer to our request for details, added such a header and delivered her copy first: the
 * ticket was opened (or completed) with no acknowledgement and no confirmation link, and the holder's
 * own copy was only a duplicate of it (stop 25). The copy stays held; the answer it would have had
 * goes out now, once, to the stored address (not for an answer withheld for age: `too_old`).
 */
export async function answerWithheld(tx: DbOrTx, deps: Deps, messageId: number, reading: Reading, ticketId: number): Promise<number[]> {
  if (!reading.authenticated || reading.noAnswer !== null || !reading.sender) return [];
  const ticket = await lockTicket(tx, ticketId);
  const withheld = ticket?.signals.noAutoAnswer;
  if (!ticket || !withheld || withheld === 'too_old' || !ticket.signals.senderAuthenticated || ticket.senderAddress !== reading.sender) return [];
  if (!UNANSWERED_MAY_ANSWER.includes(ticket.status)) return [];
  const signals: TicketSignals = { ...ticket.signals, noAutoAnswer: null };
  await updateTicket(tx, ticket.id, ticket.status, { signals });
  await appendEvent(tx, { ticketId: ticket.id, type: 'withheld_answer_sent', actor: 'system', data: { messageId, withheld } });
  return replyFor(tx, deps, reading, { ...ticket, signals }, ticket.senderAddress, null);
}

/** The automatic answer for a ticket's new state, if one is allowed and not sent before. */
async function replyFor(
  tx: DbOrTx,
  deps: Deps,
  reading: Reading,
  ticket: TicketRow,
  to: string,
  previous: TicketStatus | null,
  /** The account's stored address, read in this transaction (a ticket just opened). */
  recipient?: string,
): Promise<number[]> {
  if (!reading.authenticated || reading.noAnswer) return [];
  const base = { language: reading.analysis.language ?? (ticket.language as Reading['analysis']['language']), to, ticket, ...(recipient ? { recipient } : {}) };
  let id: number | null = null;
  if (ticket.status === 'waiting_details') {
    const missing = ticket.missing as FieldName[];
    id = await queueReply(tx, deps, { ...base, kind: 'request_details', missing, dedupeKey: `details:${ticket.id}:${missing.join(',')}` });
  } else if (previous === null || previous === 'waiting_details') {
    const confirmLink = ticket.status === 'waiting_confirmation';
    id = await queueReply(tx, deps, { ...base, kind: 'acknowledgement', confirmLink, dedupeKey: `ack:${ticket.id}` });
  }
  return id === null ? [] : [id];
}

/**
 * A From address the identity rules refused, as agents see it on the unmatched ticket: its first
 * 320 characters. The column is indexed, and PostgreSQL's btree refuses an entry over about 2,700
 * bytes: Eve's 9,000-character address failed the outcome's statement five times and her forgery
 * was quarantined (processing_failed) instead of shown as one (stop 24).
 */
const MAX_REFUSED_ADDRESS = 320;
function refusedAddress(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const chars = Array.from(address);
  return chars.length > MAX_REFUSED_ADDRESS ? `${chars.slice(0, MAX_REFUSED_ADDRESS).join('')}…` : address;
}

async function openUnmatched(tx: DbOrTx, deps: Deps, messageId: number, reading: Reading, reason: string, reserved: ReservedTicket | null): Promise<Handled> {
  const now = deps.now();
  const ticket = await insertTicket(
    tx,
    {
      status: 'unmatched',
      accountId: null,
      senderAddress: reading.sender ?? refusedAddress(reading.message.from[0]?.address) ?? '(none)',
      kind: reading.analysis.kind,
      language: reading.analysis.language,
      fields: reading.analysis.fields,
      snippets: reading.analysis.snippets,
      missing: reading.analysis.missing,
      signals: {
        senderAuthenticated: reading.authenticated,
        authReason: reading.authReason,
        nameMatch: null,
        organisationMatch: null,
        flags: reading.flags,
        unmatchedReason: reason,
        ...(reason === 'ambiguous_account' ? { flags: [...reading.flags, 'ambiguous_account'] } : {}),
        noAutoAnswer: reading.noAnswer,
        mergedMessageIds: [messageId],
      },
      threadMessageId: reading.message.messageId,
      threadReferences: reading.message.references.slice(-10),
    },
    now,
    reserved,
  );
  await appendEvent(tx, { ticketId: ticket.id, type: 'ticket_unmatched', actor: 'system', data: { messageId, reason } });
  const outboxIds: number[] = [];
  // The one mail to an address that is not an account's: the fixed "write from your address" notice.
  if (reading.authenticated && !reading.noAnswer && reading.sender && reason === 'no_account') {
    const day = now.toISOString().slice(0, 10);
    const id = await queueReply(tx, deps, {
      kind: 'wrong_address',
      language: reading.analysis.language,
      to: reading.sender,
      // A ticket of no account, just opened: its mail goes to `to`.
      recipient: reading.sender,
      ticket,
      dedupeKey: `wrong:${reading.sender}:${day}`,
    });
    if (id !== null) outboxIds.push(id);
  }
  return { outcome: 'ticket_opened', reason, ticketId: ticket.id, outboxIds };
}

/** A bounce or auto-reply to one of our mails: noted on the ticket, never answered. */
export async function recordOnThread(tx: DbOrTx, ref: string, kind: string, messageId: number): Promise<void> {
  const ticket = await findTicketByRef(tx, ref);
  if (ticket)
    await appendEvent(tx, { ticketId: ticket.id, type: kind === 'bounce' ? 'reply_bounced' : 'auto_reply_received', actor: 'system', data: { messageId } });
}
