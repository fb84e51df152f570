// How statuses, signals and flags read in the console.
import { html, type SafeHtml } from '../html.ts';

export const STATUS_LABELS: Record<string, string> = {
  open: 'All open',
  waiting_details: 'Waiting for details',
  waiting_confirmation: 'Waiting for confirmation',
  ready: 'Ready for review',
  approved: 'Approved · cancel window',
  done: 'Done',
  rejected: 'Rejected',
  cancelled: 'Cancelled by holder',
  unmatched: 'Unmatched',
  disputed: 'Disputed by holder',
  quarantined: 'Quarantined',
  all: 'All',
};

const STATUS_TONE: Record<string, string> = {
  waiting_details: 'warn', waiting_confirmation: 'warn', ready: 'info', approved: 'ok', done: 'neutral', rejected: 'neutral', cancelled: 'bad', unmatched: 'bad',
};

export const FLAG_LABELS: Record<string, string> = {
  reply_to_differs: 'Reply-To differs from From',
  sender_differs: 'Sender header differs from From',
  display_name_contains_address: 'Display name contains an email address',
  non_ascii: 'Non-ASCII characters in From or display name',
  mixed_script: 'Mixed scripts (look-alike characters)',
  bidi: 'Bidirectional control characters',
  zero_width: 'Zero-width characters',
  holder_disputed: 'Disputed: the account holder says “This wasn’t me”',
};

/** Why a ticket got no automatic answer, where the agent must act on it. */
export const NO_ANSWER_LABELS: Record<string, string> = {
  too_old: 'No automatic answer: the message is older than REPLY_MAX_AGE',
};

export function statusBadge(status: string): SafeHtml {
  return html`<span class="badge ${STATUS_TONE[status] ?? 'neutral'}">${STATUS_LABELS[status] ?? status}</span>`;
}

export function authBadge(authenticated: boolean): SafeHtml {
  return authenticated ? html`<span class="badge ok">Authenticated</span>` : html`<span class="badge bad">Not authenticated</span>`;
}

export function likenessBadge(what: string, value: string | null | undefined): SafeHtml {
  if (!value) return html`<span class="badge neutral">${what}: not stated</span>`;
  const tone = value === 'match' ? 'ok' : value === 'partial' ? 'warn' : 'bad';
  return html`<span class="badge ${tone}">${what}: ${value}</span>`;
}

export function flagBadges(flags: readonly string[]): SafeHtml {
  return html`${flags.map((flag) => html`<span class="badge bad">${FLAG_LABELS[flag] ?? flag}</span>`)}`;
}

export function when(date: Date | string | null | undefined): string {
  if (!date) return '—';
  const d = typeof date === 'string' ? new Date(date) : date;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
