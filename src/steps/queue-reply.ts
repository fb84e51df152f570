// Writes a reply into the outbox (inside the caller's transaction); send-reply sends it.
import { randomBytes } from 'node:crypto';
import type { FieldName, Language } from '../core/message.ts';
import { ourMessageId, ourMessageNonce } from '../core/message-id.ts';
import { carriesDisputeLink, renderReply, type ReplyInput } from '../core/replies/index.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { insertOutbox } from '../adapters/db/outbox.repository.ts';
import { accountAddressOfTicket } from '../adapters/db/tickets.repository.ts';
import type { Deps } from './deps.ts';

/** Filled in at send time, so the link's token never rests in the database in clear. */
export const CONFIRM_URL_PLACEHOLDER = '{{CONFIRM_URL}}';
export const CANCEL_URL_PLACEHOLDER = '{{CANCEL_URL}}';
export const DISPUTE_URL_PLACEHOLDER = '{{DISPUTE_URL}}';

export interface ReplyRequest {
  dedupeKey: string;
  kind: ReplyInput['kind'];
  language: Language | null;
  to: string;
  ticket: {
    id: number;
    ref: string;
    threadMessageId: string | null;
    threadReferences: string[];
    /** Whether the ticket's request is the sender's own word (its thread may be threaded on). */
    signals: { senderAuthenticated?: boolean };
  } | null;
  missing?: FieldName[];
  reason?: string;
  confirmLink?: boolean;
  cancelLink?: boolean;
  /** Where the mail goes when the caller has just read it in this transaction (a ticket it opened): saves reading it again. */
  recipient?: string;
}

export function supportDomain(deps: Pick<Deps, 'config'>): string {
  return deps.config.SUPPORT_ADDRESS.split('@')[1]?.toLowerCase() ?? 'localhost';
}

/**
 * Where mail about a ticket may go (SPEC §6 rule 2): its account's stored address as the
 * directory has it now, whatever address the caller had at hand (the one the ticket was opened
 * from may no longer be the account's). `request.to` only for a ticket of no account (the
 * "write from your address" notice) or mail about no ticket; null when the account is gone.
 */
async function recipientOf(tx: DbOrTx, request: ReplyRequest): Promise<string | null> {
  if (!request.ticket) return request.to;
  const row = await accountAddressOfTicket(tx, request.ticket.id);
  if (!row || row.accountId === null) return request.to;
  return row.email ?? null;
}

/**
 * The ids our mail threads on: the ticket's opening message and its References, only when that
 * message authenticated its sender. A forged request's Message-ID and References are Eve's
 * choice: she mails the holder her own "support" message under that very Message-ID (or one her
 * References name) and our subject (refs are drawn in order, the templates are public), and our
 * genuine request for details, rejection or approval notice, with its cancel and "This wasn't me"
 * links, then sits in her conversation in the holder's client, under her instructions ("ignore the
 * cancel link, it is a known issue", "call us on …"). Mail about such a ticket starts a thread of
 * its own; the subject's ref still names the ticket (stop 25, third pass).
 */
function threadOf(ticket: ReplyRequest['ticket']): { thread: string | null; references: string[] } {
  if (!ticket?.signals.senderAuthenticated) return { thread: null, references: [] };
  const thread = ticket.threadMessageId ?? null;
  return { thread, references: [...ticket.threadReferences, ...(thread ? [thread] : [])].slice(-20) };
}

export async function queueReply(tx: DbOrTx, deps: Pick<Deps, 'config' | 'sign'>, request: ReplyRequest): Promise<number | null> {
  const to = request.recipient ?? (await recipientOf(tx, request));
  if (to === null) return null;
  const language = request.language ?? 'en';
  const ref = request.ticket?.ref ?? null;
  const rendered = renderReply({
    kind: request.kind,
    language,
    ticketRef: ref,
    ...(request.missing ? { missing: request.missing } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
    ...(request.confirmLink ? { confirmUrl: CONFIRM_URL_PLACEHOLDER } : {}),
    ...(request.cancelLink ? { cancelUrl: CANCEL_URL_PLACEHOLDER } : {}),
    // Decided here, not by each caller: no mail about a recovery can go out without it (SPEC §6 rule 15).
    ...(request.ticket && carriesDisputeLink(request.kind) ? { disputeUrl: DISPUTE_URL_PLACEHOLDER } : {}),
  });
  const { thread, references } = threadOf(request.ticket);
  return insertOutbox(tx, {
    dedupeKey: request.dedupeKey,
    ticketId: request.ticket?.id ?? null,
    kind: request.kind,
    language,
    toAddress: to,
    subject: rendered.subject,
    body: rendered.text,
    ourMessageId: ourMessageId(ref, ourMessageNonce(to, randomBytes(6).toString('base64url'), deps.sign), supportDomain(deps), deps.sign),
    inReplyTo: thread,
    references,
  });
}
