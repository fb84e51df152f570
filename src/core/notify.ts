// What agents are told (SPEC §7.2 NOTIFY_*), as values: which ticket changes are worth a
// notification, and the text of a batch. Only references, statuses and reason codes ever go
// in: never the user's message, subject or extracted fields.
import type { TicketStatus } from './ticket-status.ts';

/** Why a ticket is listed. Adding a kind (e.g. needs_attention) is one line here and one hook. */
export const NOTIFICATION_KINDS = ['ready_for_review', 'disputed_by_holder', 'holder_wrote_again', 'needs_attention'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Audit events that notify agents by themselves, whatever the ticket's status. */
const BY_EVENT: Readonly<Record<string, NotificationKind>> = {
  disputed_by_holder: 'disputed_by_holder',
  holder_wrote_again: 'holder_wrote_again',
  // The directory reset an account after its ticket was stopped (stop 24): a human must act.
  directory_reset_after_close: 'needs_attention',
};

export function notificationForEvent(type: string): NotificationKind | null {
  return Object.hasOwn(BY_EVENT, type) ? (BY_EVENT[type] ?? null) : null;
}

/** A ticket entering review, or an external reset needing a human (not one already there whose row changed). */
export function notificationForStatus(from: TicketStatus | null, to: TicketStatus | undefined): NotificationKind | null {
  if (to === 'ready' && from !== 'ready') return 'ready_for_review';
  if (to === 'needs_attention' && from !== 'needs_attention') return 'needs_attention';
  return null;
}

/** How long the first notification after a quiet spell waits for others to join its batch. */
export const GATHER_MS = 30_000;

/**
 * When the next batch may go: a gathering pause after the oldest pending notification (so
 * tickets arriving together are told together), and never within the interval of the last
 * batch (at most one mail per agent per NOTIFY_INTERVAL).
 */
export function nextBatchAt(input: { oldestPending: Date; lastBatch: Date | null; intervalMs: number }): Date {
  const gathered = input.oldestPending.getTime() + Math.min(GATHER_MS, input.intervalMs);
  const allowed = input.lastBatch ? input.lastBatch.getTime() + input.intervalMs : 0;
  return new Date(Math.max(gathered, allowed));
}

export interface NotifiedTicket {
  ref: string;
  status: string;
  reasons: string[];
}

/** One line per ticket, in the order first notified, with every reason once. */
export function groupNotifications(rows: readonly { ref: string; status: string; kind: string }[]): NotifiedTicket[] {
  const byRef = new Map<string, NotifiedTicket>();
  for (const row of rows) {
    const item = byRef.get(row.ref) ?? { ref: row.ref, status: row.status, reasons: [] };
    if (!item.reasons.includes(row.kind)) item.reasons.push(row.kind);
    byRef.set(row.ref, item);
  }
  return [...byRef.values()];
}

export function ticketUrl(publicUrl: string, ref: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/tickets/${encodeURIComponent(ref)}`;
}

/** The batch as a mail to one agent and as the `text` of the webhook: the same lines. */
export function notificationText(items: readonly NotifiedTicket[], publicUrl: string): { subject: string; text: string } {
  const count = items.length;
  const subject = `[recovery-desk] ${count} ticket${count === 1 ? '' : 's'} for agents`;
  const lines = items.map((item) => `- ${item.ref} (${item.status}: ${item.reasons.join(', ')}) ${ticketUrl(publicUrl, item.ref)}`);
  const text = [
    `${count} recovery ticket${count === 1 ? '' : 's'} changed and wait${count === 1 ? 's' : ''} for an agent:`,
    '',
    ...lines,
    '',
    'Open the console to review them.',
  ].join('\n');
  return { subject, text };
}

export function webhookBody(items: readonly NotifiedTicket[], publicUrl: string) {
  return {
    text: notificationText(items, publicUrl).text,
    tickets: items.map((item) => ({ ...item, url: ticketUrl(publicUrl, item.ref) })),
  };
}
