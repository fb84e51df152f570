// Sends one outbox row, exactly once as far as we can tell, only ever to the address the
// row names (the account's stored address, fixed when the row was written).
import { LOOP_HEADER } from '../core/auto-answer.ts';
import { OUTBOUND_PER_RECIPIENT, overLimit } from '../core/rate-limit.ts';
import { newToken } from '../adapters/crypto/secrets.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { countSentTo, findOutbox, markOutbox, type OutboxRow } from '../adapters/db/outbox.repository.ts';
import { insertDisputeLink } from '../adapters/db/dispute-links.repository.ts';
import { setTicket } from '../adapters/db/tickets.repository.ts';
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

export type SendResult = { result: 'sent' | 'already_sent' | 'suppressed'; kind: string | null; ticketId: number | null };

export async function sendReply(deps: Deps, outboxId: number): Promise<SendResult> {
  const row = await findOutbox(deps.db, outboxId);
  if (!row) return { result: 'suppressed', kind: null, ticketId: null };
  const done = (result: SendResult['result']): SendResult => ({ result, kind: row.kind, ticketId: row.ticketId });
  if (row.status === 'sent') return done('already_sent');
  if (row.status === 'suppressed') return done('suppressed');
  const now = deps.now();
  const counts = await countSentTo(
    deps.db,
    row.toAddress,
    OUTBOUND_PER_RECIPIENT.map((w) => new Date(now.getTime() - w.minutes * 60_000)),
  );
  const full = overLimit(OUTBOUND_PER_RECIPIENT, counts);
  if (full) {
    await markOutbox(deps.db, row.id, { status: 'suppressed', error: `rate limit: ${full.max} per ${full.minutes} min` });
    await deps.db.transaction((tx) =>
      appendEvent(tx, { ticketId: row.ticketId, type: 'reply_suppressed', actor: 'system', data: { outboxId: row.id, kind: row.kind } }),
    );
    deps.log.warn({ outboxId: row.id, kind: row.kind }, 'reply suppressed by rate limit');
    return done('suppressed');
  }
  // Only one runner in this process sends a reply: a second job for it (re-queued after Redis
  // lost its data) retries later, by which time it is recorded as sent.
  if (sending.has(row.id)) throw new StepError('reply.in_progress', `reply ${row.id} is being sent by another job`);
  sending.add(row.id);
  try {
    return await sendClaimed(deps, row, now, done);
  } finally {
    sending.delete(row.id);
  }
}

async function sendClaimed(deps: Deps, read: OutboxRow, now: Date, done: (result: SendResult['result']) => SendResult): Promise<SendResult> {
  // Read again now that this job holds the reply: another job may have sent it since the first read.
  const row = (await findOutbox(deps.db, read.id)) ?? read;
  if (row.status === 'sent') return done('already_sent');
  if (row.status === 'suppressed') return done('suppressed');
  await markOutbox(deps.db, row.id, { attempts: row.attempts + 1 });
  try {
    const text = await fillLinks(deps, row.body, row.ticketId, now);
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
  // The SMTP server said 250: record it at once, in one statement that waits for no lock. Nothing
  // makes "accepted by SMTP" and "recorded here" atomic; a crash between the two sends the reply
  // again (same Message-ID), so that window is kept as short as a single UPDATE. The audit event
  // follows in its own transaction (it waits for the audit chain's lock); should the process die
  // in between, the sweeper writes the missing event (see sweep-unfinished.ts).
  await recordSent(deps, row.id);
  await deps.db.transaction((tx) => appendEvent(tx, replySentEvent(row)));
  deps.log.info({ outboxId: row.id, kind: row.kind, ticketId: row.ticketId }, 'reply sent');
  return done('sent');
}

/**
 * "Sent" must reach the database once SMTP said 250: a failure here would send the reply again on
 * the job's retry. PostgreSQL restarting is a matter of seconds, so the update is retried for a
 * while before giving up (this process still holds the reply meanwhile).
 */
async function recordSent(deps: Deps, id: number): Promise<void> {
  const started = Date.now();
  for (let wait = 200; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      await markOutbox(deps.db, id, { status: 'sent', sentAt: deps.now(), error: null });
      return;
    } catch (error) {
      if (Date.now() - started > RECORD_FOR_MS) throw error;
      deps.log.warn({ outboxId: id, err: String((error as Error).message).slice(0, 200) }, 'reply sent; recording it failed, retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The audit event of a sent reply (also written by the sweeper when a crash lost it). */
export function replySentEvent(row: { id: number; ticketId: number | null; kind: string; toAddress: string }) {
  return { ticketId: row.ticketId, type: 'reply_sent', actor: 'system', data: { outboxId: row.id, kind: row.kind, to: row.toAddress } };
}

/** Links carry fresh single-use tokens; only their hashes are stored. */
async function fillLinks(deps: Deps, body: string, ticketId: number | null, now: Date): Promise<string> {
  if (!ticketId || ![CONFIRM_URL_PLACEHOLDER, CANCEL_URL_PLACEHOLDER, DISPUTE_URL_PLACEHOLDER].some((p) => body.includes(p))) return body;
  const base = deps.config.PUBLIC_URL.replace(/\/$/, '');
  let text = body;
  if (text.includes(CONFIRM_URL_PLACEHOLDER)) {
    const { token, hash } = newToken();
    await setTicket(deps.db, ticketId, { confirmTokenHash: hash, confirmExpiresAt: new Date(now.getTime() + CONFIRM_TTL_MS) });
    text = text.replaceAll(CONFIRM_URL_PLACEHOLDER, `${base}/r/confirm/${token}`);
  }
  if (text.includes(CANCEL_URL_PLACEHOLDER)) {
    const { token, hash } = newToken();
    await setTicket(deps.db, ticketId, { cancelTokenHash: hash });
    text = text.replaceAll(CANCEL_URL_PLACEHOLDER, `${base}/r/cancel/${token}`);
  }
  if (text.includes(DISPUTE_URL_PLACEHOLDER)) {
    // A token of its own per mail: earlier mails' links stay valid (see holder-dispute.ts).
    const { token, hash } = newToken();
    await insertDisputeLink(deps.db, { ticketId, tokenHash: hash, createdAt: now });
    text = text.replaceAll(DISPUTE_URL_PLACEHOLDER, `${base}/r/not-me/${token}`);
  }
  return text;
}
