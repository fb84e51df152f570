// What the agent console shows: the queue with signals at a glance, and a ticket with its
// messages as plain text (quoted history apart), the account on file and the timeline.
import { and, asc, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { HOLDER_VOICE_WINDOW_MS } from '../core/holder-voice.ts';
import { ownText } from '../core/strip-quotes.ts';
import { OPEN_STATUSES, TICKET_STATUSES, type TicketStatus } from '../core/ticket-status.ts';
import type { AttachmentInfo } from '../core/message.ts';
import { closedButHolderWroteSince } from '../adapters/db/holder-voice.repository.ts';
import { earlierTicketsOfAccount, findTicketByRef } from '../adapters/db/tickets.repository.ts';
import { accounts, approvals, agents, disputeLinks, inboundMessages, tickets } from '../adapters/db/schema/index.ts';
import type { Deps } from './deps.ts';
import { DISPUTE_WINDOW_MS } from './holder-dispute.ts';
import { ticketDetail } from './ticket-view.ts';

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
  confirmed: boolean;
  createdAt: Date;
}

/** Tickets the holder disputed ("This wasn't me") in the last 30 days, whatever their status. */
function disputedRecently(now: Date) {
  const since = new Date(now.getTime() - DISPUTE_WINDOW_MS);
  return inArray(tickets.id, sql`(select ${disputeLinks.ticketId} from ${disputeLinks} where ${gt(disputeLinks.usedAt, since)})`);
}

export async function consoleQueue(deps: Pick<Deps, 'db' | 'now'>, filter: QueueFilter): Promise<QueueRow[]> {
  const statuses: readonly TicketStatus[] | null = filter === 'all' || filter === 'disputed' ? null : filter === 'open' ? OPEN_STATUSES : [filter as TicketStatus];
  // Open work includes a closed ticket the holder disputed, or wrote about, in the last 30 days.
  const holderWrote = closedButHolderWroteSince(new Date(deps.now().getTime() - HOLDER_VOICE_WINDOW_MS));
  const where =
    filter === 'disputed'
      ? disputedRecently(deps.now())
      : filter === 'open'
        ? or(inArray(tickets.status, [...OPEN_STATUSES]), disputedRecently(deps.now()), holderWrote)
        : statuses
          ? inArray(tickets.status, [...statuses])
          : undefined;
  const rows = await deps.db
    .select({ ticket: tickets, accountEmail: accounts.email })
    .from(tickets)
    .leftJoin(accounts, eq(accounts.id, tickets.accountId))
    .where(where)
    .orderBy(asc(tickets.createdAt), asc(tickets.id))
    .limit(500);
  return rows.map(({ ticket, accountEmail }) => {
    const signals = ticket.signals as { senderAuthenticated?: boolean; nameMatch?: string; organisationMatch?: string; flags?: string[] };
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
      confirmed: ticket.confirmedAt !== null,
      createdAt: ticket.createdAt,
    };
  });
}

export async function quarantinedMessages(deps: Pick<Deps, 'db'>) {
  return deps.db
    .select({ id: inboundMessages.id, fromAddress: inboundMessages.fromAddress, reason: inboundMessages.reason, size: inboundMessages.size, receivedAt: inboundMessages.receivedAt, source: inboundMessages.source })
    .from(inboundMessages)
    .where(eq(inboundMessages.status, 'quarantined'))
    .orderBy(asc(inboundMessages.receivedAt), asc(inboundMessages.id))
    .limit(500);
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
}

const MAX_SHOWN_CHARS = 50_000;

/** Shows a stored message as text: never its HTML, nothing fetched, nothing opened. */
async function showMessage(deps: Pick<Deps, 'parse'>, row: { id: number; raw: Buffer | null; receivedAt: Date; fromAddress: string | null; auth: unknown }): Promise<ShownMessage> {
  const base = { auth: row.auth, id: row.id, receivedAt: row.receivedAt, from: row.fromAddress ?? '', replyTo: null, subject: '', date: null, own: '', quoted: '', htmlOnly: false, attachments: [] };
  if (!row.raw) return { ...base, purged: true };
  try {
    const message = await deps.parse(row.raw);
    const text = message.text.slice(0, MAX_SHOWN_CHARS);
    const own = ownText(text).trim();
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
  const detail = await ticketDetail(deps, ref);
  const ticket = detail && (await findTicketByRef(deps.db, ref));
  if (!detail || !ticket) return null;
  const rows = await deps.db
    .select({ id: inboundMessages.id, raw: inboundMessages.raw, receivedAt: inboundMessages.receivedAt, fromAddress: inboundMessages.fromAddress, auth: inboundMessages.auth })
    .from(inboundMessages)
    .where(eq(inboundMessages.ticketId, ticket.id))
    .orderBy(asc(inboundMessages.id));
  const messages = await Promise.all(rows.map((row) => showMessage(deps, row)));
  const earlier = ticket.accountId ? await earlierTicketsOfAccount(deps.db, ticket.accountId, ticket.id) : [];
  const [account] = ticket.accountId ? await deps.db.select({ recoveryLockedUntil: accounts.recoveryLockedUntil, emailChangedAt: accounts.emailChangedAt }).from(accounts).where(eq(accounts.id, ticket.accountId)) : [];
  const approvedBy = await deps.db
    .select({ email: agents.email, reason: approvals.reason, at: approvals.createdAt })
    .from(approvals)
    .innerJoin(agents, eq(agents.id, approvals.agentId))
    .where(and(eq(approvals.ticketId, ticket.id)))
    .orderBy(desc(approvals.createdAt));
  return { ...detail, messages, earlier, approvedBy, recoveryLockedUntil: account?.recoveryLockedUntil ?? null, emailChangedAt: account?.emailChangedAt ?? null };
}

export type ConsoleTicket = NonNullable<Awaited<ReturnType<typeof consoleTicket>>>;
