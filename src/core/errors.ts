// THE error catalog: every stable error code, declared once with what it means.
// The queue (retry or fail at once), the console (HTTP status), the CLI (a known error is
// printed as is) and the console's audit of refusals all read it; none keeps its own list.

export interface ErrorMeaning {
  /** Retrying the job may succeed; false: the job fails at once (BullMQ UnrecoverableError). */
  retryable: boolean;
  /** The status the console answers with when a decision is refused with this code. */
  httpStatus: number;
  /** What a person is told when the thrower gives no more precise message. */
  message: string;
  /** The approval step writes this refusal to the audit log itself (step_up_failed / approval_refused). */
  auditedByApproval?: true;
  /** Quarantine reason when a message's last processing attempt fails with this code (default processing_failed). */
  quarantineReason?: string;
}

const refusal = (httpStatus: number, message: string, more: Partial<ErrorMeaning> = {}): ErrorMeaning => ({ retryable: false, httpStatus, message, ...more });

export const ERRORS = {
  // Stored mail
  'message.not_found': refusal(404, 'no such stored message'),
  'message.already_processed': {
    retryable: true,
    httpStatus: 409,
    message: 'processed concurrently; the first outcome stands',
    quarantineReason: 'message.already_processed',
  },
  // Another job of this process is sending the same reply (re-queued after Redis lost its data):
  // retried later, when it is recorded as sent.
  // The agents' webhook (NOTIFY_WEBHOOK_URL) did not take the batch: retried with backoff.
  'webhook.unreachable': { retryable: true, httpStatus: 502, message: 'the webhook could not be reached' },
  'webhook.refused': { retryable: true, httpStatus: 502, message: 'the webhook refused the batch' },
  // `doctor` found a failing check (its lines say which, with the fix).
  'doctor.failed': refusal(500, 'a check failed: see the lines above for the fix'),
  'reply.in_progress': { retryable: true, httpStatus: 409, message: 'the reply is being sent by another job' },
  'message.not_quarantined': refusal(409, 'the message is not quarantined'),
  'message.raw_purged': refusal(410, 'the message was purged under the retention policy'),
  // Tickets
  'ticket.not_found': refusal(404, 'no such ticket'),
  'ticket.invalid_transition': refusal(409, 'the ticket is not in a state that allows this', { auditedByApproval: true }),
  'ticket.unmatched': refusal(409, 'this ticket matches no account', { auditedByApproval: true }),
  'ticket.missing_details': refusal(409, 'details are missing: request them first', { auditedByApproval: true }),
  'ticket.evidence_changed': refusal(409, 'the ticket changed since you opened it: review it again', { auditedByApproval: true }),
  'ticket.nothing_missing': refusal(409, 'nothing is missing on this ticket'),
  'account.recovery_locked': refusal(409, 'email recovery is locked for this account', { auditedByApproval: true }),
  // Agents and their decisions
  'agent.unknown': refusal(403, 'no such agent'),
  'agent.locked': refusal(403, 'approvals are locked for this agent'),
  'agent.bad_totp': refusal(403, 'wrong or already used code', { auditedByApproval: true }),
  'approval.reason_required': refusal(400, 'give a written override reason', { auditedByApproval: true }),
  'approval.same_agent': refusal(409, 'a second, different approver is needed', { auditedByApproval: true }),
  'approval.own_account': refusal(403, 'this ticket would reset your own account: another agent must approve it', { auditedByApproval: true }),
  'approval.account_changed': refusal(409, 'the account changed in the directory since the ticket was read: review it again', { auditedByApproval: true }),
  'approval.evidence_required': refusal(400, 'the approval form is incomplete: reload the ticket and try again'),
  'rejection.reason_required': refusal(400, 'give the reason the user will be told'),
  'note.empty': refusal(400, 'write something in the note'),
  'note.too_long': refusal(400, 'the note is too long'),
  'identity_check.empty': refusal(400, 'tick at least one independent check you made'),
  'login.failed': refusal(401, 'wrong email, password or code'),
  'login.locked': refusal(429, 'too many failed attempts: this login is locked for a while, try again later'),
  // Adapters and the command line
  'parse.empty': { retryable: true, httpStatus: 422, message: 'the message has no bytes' },
  'parse.too_large': { retryable: true, httpStatus: 422, message: 'the message is too large' },
  'parse.unparseable': { retryable: true, httpStatus: 422, message: 'the message could not be parsed as MIME' },
  'imap.oauth2_refresh_failed': { retryable: true, httpStatus: 502, message: 'OAuth2 token refresh failed' },
  'audit.broken': refusal(500, 'the audit log is broken'),
  'config.invalid': refusal(500, 'invalid configuration'),
  'config.development_keys': refusal(500, 'refusing to run on development keys'),
  'cli.usage': refusal(400, 'wrong usage'),
  // The account directory (SPEC §9): what its answers mean for the job that calls it; a wrong
  // configured query or preset names its variable.
  'directory.misconfigured': refusal(500, 'the account directory is misconfigured'),
  'directory.unavailable': { retryable: true, httpStatus: 503, message: 'the account directory could not be reached or failed (5xx, time-out)' },
  'directory.version_changed': refusal(409, 'the account changed in the directory since it was looked up (version differs)'),
  'directory.refused': refusal(502, 'the account directory refused the request'),
  'directory.no_profile': refusal(409, 'the ticket has no directory profile on file: nothing was reset'),
  'reset.not_needing_attention': refusal(409, 'only a ticket whose external reset needs attention can be retried or sent back'),
  'reset.account_not_found': refusal(409, 'the directory no longer finds exactly one account for the address: reject the ticket instead'),
  'directory.bad_answer': refusal(502, 'the account directory answered something that is not the contract'),
} as const satisfies Record<string, ErrorMeaning>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

/** The meaning of an error's code, or null for an error the catalog does not declare. */
export function meaningOf(error: unknown): ErrorMeaning | null {
  const code = (error as { code?: unknown } | null)?.code;
  return isErrorCode(code) ? ERRORS[code] : null;
}

/** An error of ours: a stable code from the catalog and a message safe to show. */
export class StepError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string = ERRORS[code].message) {
    super(message);
    this.code = code;
  }
}
