// How statuses, signals and flags read in the console.
import { html, type SafeHtml } from '../html.ts';

export const STATUS_LABELS: Record<string, string> = {
  open: 'All open',
  waiting_details: 'Waiting for details',
  waiting_confirmation: 'Waiting for confirmation',
  ready: 'Ready for review',
  approved: 'Approved · cancel window',
  needs_attention: 'Reset needs attention',
  done: 'Done',
  rejected: 'Rejected',
  cancelled: 'Cancelled by holder',
  unmatched: 'Unmatched',
  disputed: 'Disputed by holder',
  quarantined: 'Quarantined',
  held: 'Held (throttled, duplicate)',
  all: 'All',
};

const STATUS_TONE: Record<string, string> = {
  waiting_details: 'warn',
  waiting_confirmation: 'warn',
  ready: 'info',
  approved: 'ok',
  needs_attention: 'bad',
  done: 'neutral',
  rejected: 'neutral',
  cancelled: 'bad',
  unmatched: 'bad',
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
  holder_wrote_again: 'The account holder wrote again',
  competing_requests: 'Competing requests: an unauthenticated one came first',
  ambiguous_account: 'Ambiguous: several accounts in the directory share this address (treated as no match)',
  message_id_preempted: 'Its Message-ID was used first by a less authenticated message',
  unverified_message_received: 'Unverified message received: a message not authenticated as its sender came in about this authenticated ticket',
  reset_after_close: 'Two-factor authentication was removed after this recovery was stopped',
};

/** Why a message shown on a ticket was not acted on (its card says so beside its verdict). */
export const MESSAGE_OUTCOME_LABELS: Record<string, string> = {
  unverified_not_merged: 'kept apart: not authenticated, so it filled in nothing (read it as possibly forged)',
  duplicate_message_id: 'held: a copy of a message already read',
  dkim_replay: 'held: a signature seen before on another message',
};

/** What an agent should do about a flag, shown beside it on the ticket. */
export const FLAG_HINTS: Record<string, string> = {
  holder_wrote_again: 'read their latest message before deciding; approvals made before it no longer count, and a scheduled reset waits for a new approval',
  unverified_message_received: 'its card says “Not authenticated”: never use a phone number, address or detail from it for the identity check',
  reset_after_close:
    'a reset call had reached the directory before the holder stopped it (or wrote again): the account has no second factor now. Contact the holder at the stored address, have them change their password and enrol 2FA again',
};

/** Why a sender is not authenticated, in words (the reason code stays beside it). */
export const AUTH_REASON_LABELS: Record<string, string> = {
  duplicate_header: 'A header allowed once appears twice (one was added above the signed ones); see the evidence',
  dkim_header_not_signed: 'A header we read was added after signing, outside the DKIM signature; the evidence names it',
  dkim_not_strictly_aligned: 'The signing domain is only a relative of the From domain, whose DMARC record asks for the exact domain (adkim=s)',
  spf_not_strictly_aligned: 'The SPF domain is only a relative of the From domain, whose DMARC record asks for the exact domain (aspf=s)',
  spf_permits_any_ip: 'The From domain’s SPF record passes any server (v=spf1 +all, ip4:0.0.0.0/0): its pass says nothing of who sent the message',
  signature_too_old: 'The signature or Date was older than DKIM_MAX_AGE when the message arrived: an old message sent again',
  signature_age_unknown: 'The signature has no t= and the message no readable Date: nothing says when it was written, so it may be an old message sent again',
  signature_in_future: 'The signature claims a signing time in the future',
  not_addressed_to_support: 'Neither the support address nor an alias is in To or Cc: a message written to someone else',
  trusted_authserv_ambiguous:
    'Our mail server’s Authentication-Results header has a comment holding a quoted or bracketed address, or one that never ends: the sender’s own text may have written its results, so it was not read',
  dkim_partial_body: 'The DKIM signature covers only the first part of the body (l=): text below it was not signed, so it may have been added',
};

export function authReasonText(reason: unknown): string {
  const code = String(reason ?? 'no reason recorded');
  const label = AUTH_REASON_LABELS[code];
  return label ? `${code}: ${label}` : code;
}

/** Why a ticket got no automatic answer, where the agent must act on it. */
export const NO_ANSWER_LABELS: Record<string, string> = {
  too_old: 'No automatic answer: the message is older than REPLY_MAX_AGE',
  // Marks a relay can add to a copy of the holder's signed mail (stop 25): the holder's own copy, or
  // their next message, brings the answer; until then the holder has had no mail from us.
  auto_submitted: 'No automatic answer: the message was marked automatic (Auto-Submitted)',
  auto_reply_header: 'No automatic answer: the message was marked as an automatic reply',
  precedence_bulk: 'No automatic answer: the message was marked bulk mail (Precedence)',
  precedence_list: 'No automatic answer: the message was marked list mail (Precedence)',
  precedence_junk: 'No automatic answer: the message was marked junk (Precedence)',
  precedence_auto_reply: 'No automatic answer: the message was marked as an automatic reply (Precedence)',
  mailing_list: 'No automatic answer: the message carries mailing-list headers (List-*)',
  null_return_path: 'No automatic answer: the message has a null return path',
};

/** The request's fields as agents read them (the queue's Missing column, the details request). */
export const FIELD_LABELS: Record<string, string> = { fullName: 'full name', organisation: 'organisation', explanation: 'explanation' };

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** Why a recovery request is attached to no account. */
export const UNMATCHED_LABELS: Record<string, string> = {
  no_account: 'no account has this address',
  ambiguous_account: 'several accounts share this address (treated as no match; no mail was sent)',
};

export function statusBadge(status: string): SafeHtml {
  return html`<span class="badge ${STATUS_TONE[status] ?? 'neutral'}">${STATUS_LABELS[status] ?? status}</span>`;
}

export function authBadge(authenticated: boolean): SafeHtml {
  return authenticated ? html`<span class="badge ok">Authenticated</span>` : html`<span class="badge bad">Not authenticated</span>`;
}

/**
 * How the stated name or organisation compares with the account on file. Eve knows both (the web,
 * the organisation's site), so a match counts for something only when the mailbox itself is
 * authenticated: from an unauthenticated sender it is shown neutral, "match (unverified sender)",
 * never in the reassuring green beside the red "Not authenticated". A mismatch always counts against.
 */
export function likenessBadge(what: string, value: string | null | undefined, senderAuthenticated = true): SafeHtml {
  if (!value) return html`<span class="badge neutral">${what}: not stated</span>`;
  if (value === 'match' && !senderAuthenticated) return html`<span class="badge neutral">${what}: match (unverified sender)</span>`;
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
