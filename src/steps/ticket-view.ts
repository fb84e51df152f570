// The ticket as the CLI and the console show it (SPEC §7.1 `tickets show/list`); the console
// adds its messages and approvals to `describeTicket` (console-view.ts).
import { findAccountById } from '../adapters/db/accounts.repository.ts';
import { operationOfTicket } from '../adapters/db/directory-operations.repository.ts';
import { eventsOfTicket } from '../adapters/db/events.repository.ts';
import { NEEDS_ATTENTION_REASONS, type NeedsAttentionReason } from '../core/directory-reset.ts';
import { repliesOfTicket } from '../adapters/db/outbox.repository.ts';
import { queueTickets } from '../adapters/db/ticket-queue.repository.ts';
import { findTicketByRef, type TicketRow } from '../adapters/db/tickets.repository.ts';
import { shownSignals } from '../core/ticket.ts';
import type { TicketStatus } from '../core/ticket-status.ts';
import type { Deps } from './deps.ts';
import { evidenceHash } from './evidence.ts';

export async function ticketList(deps: Pick<Deps, 'db'>, status?: TicketStatus) {
  const rows = await queueTickets(deps.db, { kind: 'statuses', statuses: status ? [status] : null }, null);
  return rows.map(({ ticket: row, accountEmail }) => ({
    ref: row.ref,
    status: row.status,
    // '' for an account no longer on file, as `tickets list` always showed it
    accountEmail: row.accountId ? (accountEmail ?? '') : null,
    senderAddress: row.senderAddress,
    kind: row.kind,
    missing: row.missing,
    language: row.language,
    senderAuthenticated: Boolean(row.signals.senderAuthenticated),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function ticketDetail(deps: Pick<Deps, 'db'>, ref: string) {
  const ticket = await findTicketByRef(deps.db, ref);
  return ticket ? describeTicket(deps, ticket) : null;
}

type LocalAccount = Awaited<ReturnType<typeof findAccountById>>;

/** An external directory's account is shown as the directory described it at processing (SPEC §9); builtin's is the live row. */
function onFileOf(ticket: TicketRow, account: LocalAccount) {
  const onFile = ticket.signals.onFile;
  if (onFile && onFile.directory !== 'builtin') {
    return { email: onFile.email, fullName: onFile.fullName ?? '', organisations: onFile.organisations, totpEnabled: onFile.totpEnabled };
  }
  return account ? { email: account.email, fullName: account.fullName, organisations: account.organisations, totpEnabled: account.totpSecret !== null } : null;
}

export async function describeTicket(deps: Pick<Deps, 'db'>, ticket: TicketRow) {
  const account = ticket.accountId ? await findAccountById(deps.db, ticket.accountId) : null;
  const events = await eventsOfTicket(deps.db, ticket.id);
  const replies = await repliesOfTicket(deps.db, ticket.id);
  const operation = await operationOfTicket(deps.db, ticket.id);
  return {
    ref: ticket.ref,
    status: ticket.status,
    account: onFileOf(ticket, account),
    senderAddress: ticket.senderAddress,
    kind: ticket.kind,
    language: ticket.language,
    fields: ticket.fields,
    snippets: ticket.snippets,
    missing: ticket.missing,
    signals: shownSignals(ticket.signals),
    confirmedAt: ticket.confirmedAt?.toISOString() ?? null,
    resetDueAt: ticket.resetDueAt?.toISOString() ?? null,
    evidenceHash: evidenceHash(ticket),
    /** The external reset (SPEC §9), when the ticket's reset went to a sql or http directory. */
    directoryReset: operation
      ? {
          status: operation.status,
          reason: operation.reason,
          explanation: operation.reason ? (NEEDS_ATTENTION_REASONS[operation.reason as NeedsAttentionReason] ?? null) : null,
          attempts: operation.attempts,
          lastError: operation.lastError,
          retryUntil: operation.retryUntil.toISOString(),
          updatedAt: operation.updatedAt.toISOString(),
        }
      : null,
    createdAt: ticket.createdAt.toISOString(),
    events: events.map((e) => ({ type: e.type, actor: e.actor, at: e.createdAt.toISOString(), data: e.data })),
    replies: replies.map((r) => ({ to: r.toAddress, kind: r.kind, subject: r.subject, status: r.status, sentAt: r.sentAt?.toISOString() ?? null })),
  };
}
