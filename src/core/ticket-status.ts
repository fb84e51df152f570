// The life of a ticket and the only moves allowed between its states.

export type TicketStatus =
  'waiting_details' | 'waiting_confirmation' | 'ready' | 'approved' | 'needs_attention' | 'done' | 'rejected' | 'cancelled' | 'unmatched';

// needs_attention is open: an external reset that a human must finish (SPEC §9) still holds the account's one open ticket.
export const OPEN_STATUSES: readonly TicketStatus[] = ['waiting_details', 'waiting_confirmation', 'ready', 'approved', 'needs_attention'];
export const TICKET_STATUSES: readonly TicketStatus[] = [...OPEN_STATUSES, 'done', 'rejected', 'cancelled', 'unmatched'];

// Every open status may go to cancelled: the holder's "This wasn't me" stops a recovery at any stage.
const MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  waiting_details: ['waiting_details', 'waiting_confirmation', 'ready', 'approved', 'rejected', 'cancelled'],
  waiting_confirmation: ['waiting_details', 'ready', 'approved', 'rejected', 'cancelled'],
  ready: ['waiting_details', 'approved', 'rejected', 'cancelled'],
  approved: ['done', 'cancelled', 'ready', 'needs_attention'],
  // An agent retries the reset (back to approved), sends the ticket back to review, or closes it.
  needs_attention: ['approved', 'ready', 'done', 'cancelled', 'rejected'],
  done: [],
  rejected: [],
  cancelled: [],
  unmatched: ['rejected'],
};

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return MOVES[from].includes(to);
}

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * Where a recovery ticket stands once its details are known: details first, then the
 * confirmation link (when the challenge is on and the sender could be sent one), then review.
 */
export function statusAfterDetails(input: { missing: readonly string[]; needsConfirmation: boolean }): TicketStatus {
  if (input.missing.length > 0) return 'waiting_details';
  if (input.needsConfirmation) return 'waiting_confirmation';
  return 'ready';
}

export function formatTicketRef(year: number, seq: number): string {
  return `REC-${year}-${String(seq).padStart(6, '0')}`;
}

export function findTicketRef(subject: string): string | null {
  return /\bREC-\d{4}-\d{6,}\b/.exec(subject)?.[0] ?? null;
}
