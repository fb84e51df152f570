// What the agent console shows: the queue with signals at a glance, and a ticket with its
// messages as plain text (quoted history apart), the account on file and the timeline.
import { HOLDER_VOICE_WINDOW_MS } from '../core/holder-voice.ts';
import { ownText } from '../core/strip-quotes.ts';
import { TICKET_STATUSES, type TicketStatus } from '../core/ticket-status.ts';
import type { AttachmentInfo } from '../core/message.ts';
import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { approversOf } from '../adapters/db/agents.repository.ts';
import { messagesOfTicket } from '../adapters/db/messages.repository.ts';
import { quarantinedMessages as quarantinedRows } from '../adapters/db/quarantine.repository.ts';
import { queueTickets, type QueueSelection } from '../adapters/db/ticket-queue.repository.ts';
import { earlierTicketsOfAccount, findTicketByRef } from '../adapters/db/tickets.repository.ts';
import type { Deps } from './deps.ts';
import { DISPUTE_WINDOW_MS } from './holder-dispute.ts';
import { describeTicket } from './ticket-view.ts';

export const QUEUE_FILTERS = ['open', ...TICKET_STATUSES, 'disputed', 'quarantined', 'held', 'all'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export interface QueueRow {
  ref: string;
  status: TicketStatus;
  accountEmail: string | null;
  senderAddress: string;
  missing: string[];
  senderAuthenticated: boolean;
  nameMatch: string | null;
  organisationMatch: string | null;
  flags: string[];
  /** The account's stored address changed in the last 30 days: every mail to "the holder" went to the new one. */
  emailChangedRecently: boolean;
  confirmed: boolean;
  createdAt: Date;
}

export async function consoleQueue(deps: Pick<Deps, 'db' | 'now'>, filter: QueueFilter): Promise<QueueRow[]> {
  const now = deps.now().getTime();
  const disputedSince = new Date(now - DISPUTE_WINDOW_MS);
  // Open work includes a closed ticket the holder disputed, or wrote about, in the last 30 days.
  const selection: QueueSelection =
    filter === 'disputed'
      ? { kind: 'disputed', since: disputedSince }
      : filter === 'open'
        ? { kind: 'open', disputedSince, holderWroteSince: new Date(now - HOLDER_VOICE_WINDOW_MS) }
        : { kind: 'statuses', statuses: filter === 'all' ? null : [filter as TicketStatus] };
  const rows = await queueTickets(deps.db, selection);
  return rows.map(({ ticket, accountEmail }) => {
    const signals = ticket.signals;
    return {
      ref: ticket.ref,
      status: ticket.status,
      accountEmail,
      senderAddress: ticket.senderAddress,
      missing: ticket.missing,
      senderAuthenticated: Boolean(signals.senderAuthenticated),
      nameMatch: signals.nameMatch ?? null,
      organisationMatch: signals.organisationMatch ?? null,
      flags: signals.flags ?? [],
      emailChangedRecently: Boolean(signals.emailChangedRecently),
      confirmed: ticket.confirmedAt !== null,
      createdAt: ticket.createdAt,
    };
  });
}

/** The console's quarantine tab: the same list as `quarantine list`, oldest first like the queue. */
export async function quarantinedMessages(deps: Pick<Deps, 'db'>) {
  return quarantinedRows(deps.db, { oldestFirst: true });
}

export interface ShownMessage {
  id: number;
  receivedAt: Date;
  from: string;
  replyTo: string | null;
  subject: string;
  date: string | null;
  /** What the writer typed in this message. */
  own: string;
  /** The whole text with quoted history, forwarded text and footers (folded in the page); '' when the same. */
  quoted: string;
  htmlOnly: boolean;
  attachments: AttachmentInfo[];
  purged: boolean;
  /** The sender-authentication verdict and its evidence, as stored by the pipeline. */
  auth: unknown;
  /**
   * This message's own verdict (null: not judged): a ticket's verdict is its opening or taking-over
   * message's, and a message kept on it (a forged follow-up kept apart, a held copy) has its own.
   */
  authenticated: boolean | null;
  authReason: string | null;
  /** Why the pipeline did not act on it (held duplicate, kept apart …), or null. */
  outcomeReason: string | null;
}

const MAX_SHOWN_CHARS = 50_000;

/** Shows a stored message as text: never its HTML, nothing fetched, nothing opened. */
async function showMessage(
  deps: Pick<Deps, 'parse'>,
  row: { id: number; raw: Buffer | null; receivedAt: Date; fromAddress: string | null; auth: unknown; authenticated: boolean | null; reason: string | null },
): Promise<ShownMessage> {
  const verdict = (row.auth ?? {}) as { reason?: unknown };
  const base = {
    auth: row.auth,
    authenticated: row.authenticated,
    authReason: typeof verdict.reason === 'string' ? verdict.reason : null,
    outcomeReason: row.reason,
    id: row.id,
    receivedAt: row.receivedAt,
    from: row.fromAddress ?? '',
    replyTo: null,
    subject: '',
    date: null,
    own: '',
    quoted: '',
    htmlOnly: false,
    attachments: [],
  };
  if (!row.raw) return { ...base, purged: true };
  try {
    const message = await deps.parse(row.raw);
    const text = message.text.slice(0, MAX_SHOWN_CHARS);
    // As the reader does: a forward of the sender's own earlier message is their own words.
    const own = ownText(text, message.from[0]?.address ?? null).trim();
    const whole = text.trim();
    return {
      ...base,
      from: message.from.map((m) => (m.name ? `${m.name} <${m.address}>` : m.address)).join(', '),
      replyTo: message.replyTo.map((m) => m.address).join(', ') || null,
      subject: message.subject,
      date: message.date,
      own: own || whole,
      // The whole text, quoted history included, is folded away under the writer's own words.
      quoted: own && own !== whole ? whole : '',
      htmlOnly: message.htmlOnly,
      attachments: message.attachments,
      purged: false,
    };
  } catch {
    return { ...base, own: '(this message could not be parsed; it is kept raw for operators)', purged: false };
  }
}

export async function consoleTicket(deps: Pick<Deps, 'db' | 'parse'>, ref: string) {
  const ticket = await findTicketByRef(deps.db, ref);
  if (!ticket) return null;
  const detail = await describeTicket(deps, ticket);
  const rows = await messagesOfTicket(deps.db, ticket.id);
  const messages = await Promise.all(rows.map((row) => showMessage(deps, row)));
  const earlier = ticket.accountId ? await earlierTicketsOfAccount(deps.db, ticket.accountId, ticket.id) : [];
  const account = ticket.accountId ? await findAccountById(deps.db, ticket.accountId) : null;
  const approvedBy = await approversOf(deps.db, ticket.id);
  return {
    ...detail,
    messages,
    earlier,
    approvedBy,
    recoveryLockedUntil: account?.recoveryLockedUntil ?? null,
    emailChangedAt: account?.emailChangedAt ?? null,
  };
}

export type ConsoleTicket = NonNullable<Awaited<ReturnType<typeof consoleTicket>>>;
