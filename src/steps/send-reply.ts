// Sends one outbox row, exactly once as far as we can tell, only ever to the address the
// row names (the account's stored address, fixed when the row was written).
import { LOOP_HEADER } from '../core/auto-answer.ts';
import { OUTBOUND_PER_RECIPIENT, overLimit } from '../core/rate-limit.ts';
import { newToken } from '../adapters/crypto/secrets.ts';
import { claimOutbox, findOutbox, markOutbox, settleOutbox, type OutboxRow } from '../adapters/db/outbox.repository.ts';
import { StepError, type Deps } from './deps.ts';
import { CANCEL_URL_PLACEHOLDER, CONFIRM_URL_PLACEHOLDER, DISPUTE_URL_PLACEHOLDER } from './queue-reply.ts';

const CONFIRM_TTL_MS = 24 * 3_600_000;
/**
 * Replies this process is sending now. When Redis loses its data, the sweeper re-queues a reply
 * whose job this process is still running; the second job must not send it again meanwhile.
 */
const sending = new Set<number>();
/** How long "accepted by SMTP" is kept trying to be recorded while PostgreSQL is away. */
const RECORD_FOR_MS = 30_000;

export type SendResult = {
  result: 'sent' | 'already_sent' | 'suppressed';
  kind: string | null;
  ticketId: number | null;
  /** When the ticket's latest message arrived (read with the reply): arrival-to-ack is measured from it. */
  lastArrivalAt?: Date | null;
};

// Two statements per reply sent: the row read and claimed with its recipient's counts and the
// links' token hashes, and "sent" with its audit event. A reply the limits suppress: the read
// (which claims nothing) and "suppressed" with its event.
export async function sendReply(deps: Deps, outboxId: number): Promise<SendResult> {
  // Only one runner in this process sends a reply: a second job for it (re-queued after Redis
  // lost its data) retries later, by which time it is recorded as sent.
  if (sending.has(outboxId)) throw new StepError('reply.in_progress', `reply ${outboxId} is being sent by another job`);
  sending.add(outboxId);
  try {
    return await claimAndSend(deps, outboxId);
  } finally {
    sending.delete(outboxId);
  }
}

async function claimAndSend(deps: Deps, outboxId: number): Promise<SendResult> {
  const now = deps.now();
  // Fresh tokens for every link a reply may carry; the claim stores the hashes of those its body
  // holds (it is read by the same statement), the others are dropped unused.
  const tokens = { confirm: newToken(), cancel: newToken(), dispute: newToken() };
  const found = await claimOutbox(
    deps.db,
    outboxId,
    OUTBOUND_PER_RECIPIENT.map((w) => ({ since: new Date(now.getTime() - w.minutes * 60_000), max: w.max })),
    {
      confirm: { placeholder: CONFIRM_URL_PLACEHOLDER, tokenHash: tokens.confirm.hash, expiresAt: new Date(now.getTime() + CONFIRM_TTL_MS) },
      cancel: { placeholder: CANCEL_URL_PLACEHOLDER, tokenHash: tokens.cancel.hash },
      dispute: { placeholder: DISPUTE_URL_PLACEHOLDER, tokenHash: tokens.dispute.hash, createdAt: now },
    },
  );
  if (!found) return { result: 'suppressed', kind: null, ticketId: null };
  const { row } = found;
  const done = (result: SendResult['result']): SendResult => ({ result, kind: row.kind, ticketId: row.ticketId, lastArrivalAt: found.lastArrivalAt });
  if (row.status !== 'pending') return done(row.status === 'suppressed' ? 'suppressed' : 'already_sent');
  const full = overLimit(OUTBOUND_PER_RECIPIENT, found.sent);
  if (full) {
    // Not claimed (the claim waits for every window to be below its max): no attempt counted,
    // no token written. Suppressed only while still pending, with its event.
    await settleOutbox(
      deps.db,
      row.id,
      { status: 'suppressed', error: `rate limit: ${full.max} per ${full.minutes} min` },
      { ticketId: row.ticketId, type: 'reply_suppressed', actor: 'system', data: { outboxId: row.id, kind: row.kind } },
    );
    deps.log.warn({ outboxId: row.id, kind: row.kind }, 'reply suppressed by rate limit');
    return done('suppressed');
  }
  if (!found.claimed) {
    // Pending when read, but no longer when the claim ran: another runner moved it meanwhile.
    const current = await findOutbox(deps.db, row.id);
    return done(current?.status === 'suppressed' ? 'suppressed' : 'already_sent');
  }
  return sendClaimed(deps, row, fillLinks(deps, row.body, row.ticketId, tokens), done);
}

async function sendClaimed(deps: Deps, row: OutboxRow, text: string, done: (result: SendResult['result']) => SendResult): Promise<SendResult> {
  try {
    await deps.sendMail({
      from: deps.config.SUPPORT_ADDRESS,
      to: row.toAddress,
      subject: row.subject,
      text,
      messageId: row.ourMessageId,
      inReplyTo: row.inReplyTo,
      references: row.references,
      headers: {
        'Auto-Submitted': row.kind === 'approved_notice' || row.kind === 'confirmation' ? 'auto-generated' : 'auto-replied',
        'X-Auto-Response-Suppress': 'All',
        [LOOP_HEADER]: deps.config.SUPPORT_ADDRESS,
        ...(row.ticketId ? { 'X-Recovery-Desk-Kind': row.kind } : {}),
      },
    });
  } catch (error) {
    await markOutbox(deps.db, row.id, { error: String((error as Error).message).slice(0, 500) });
    throw error;
  }
  // The SMTP server said 250: record it at once, in one statement that waits for no lock, with
  // its audit event (writers of the audit log only insert; the sealer chains them later).
  // Nothing makes "accepted by SMTP" and "recorded here" atomic; a crash between the two sends
  // the reply again (same Message-ID), so that window is kept as short as a single statement.
  await recordSent(deps, row);
  deps.log.info({ outboxId: row.id, kind: row.kind, ticketId: row.ticketId }, 'reply sent');
  return done('sent');
}

/**
 * "Sent" must reach the database once SMTP said 250: a failure here would send the reply again on
 * the job's retry. PostgreSQL restarting is a matter of seconds, so the update is retried for a
 * while before giving up (this process still holds the reply meanwhile). Retrying is safe: the
 * event is written only by the statement that moves the row to sent.
 */
async function recordSent(deps: Deps, row: OutboxRow): Promise<void> {
  const started = Date.now();
  for (let wait = 200; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      await settleOutbox(deps.db, row.id, { status: 'sent', sentAt: deps.now(), error: null }, replySentEvent(row));
      return;
    } catch (error) {
      if (Date.now() - started > RECORD_FOR_MS) throw error;
      deps.log.warn({ outboxId: row.id, err: String((error as Error).message).slice(0, 200) }, 'reply sent; recording it failed, retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The audit event of a sent reply (also written by the sweeper when a crash lost it). */
export function replySentEvent(row: { id: number; ticketId: number | null; kind: string; toAddress: string }) {
  return { ticketId: row.ticketId, type: 'reply_sent', actor: 'system', data: { outboxId: row.id, kind: row.kind, to: row.toAddress } };
}

/** The body with its links: fresh single-use tokens, whose hashes the claim stored (the same test: a ticket's reply holding the placeholder). */
function fillLinks(deps: Deps, body: string, ticketId: number | null, tokens: Record<'confirm' | 'cancel' | 'dispute', { token: string }>): string {
  if (!ticketId) return body;
  const base = deps.config.PUBLIC_URL.replace(/\/$/, '');
  // A dispute link has a token of its own per mail: earlier mails' links stay valid (see holder-dispute.ts).
  return body
    .replaceAll(CONFIRM_URL_PLACEHOLDER, `${base}/r/confirm/${tokens.confirm.token}`)
    .replaceAll(CANCEL_URL_PLACEHOLDER, `${base}/r/cancel/${tokens.cancel.token}`)
    .replaceAll(DISPUTE_URL_PLACEHOLDER, `${base}/r/not-me/${tokens.dispute.token}`);
}
