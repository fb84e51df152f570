// One stored message through the pipeline: limits → parse → classify → authenticate →
// follow-up or account match → ticket → replies. Every message ends processed or quarantined.
import type { Analysis } from '../core/analyse.ts';
import { checkIdentity } from '../core/address-identity.ts';
import { noAutoAnswerReason } from '../core/auto-answer.ts';
import { shapeViolation } from '../core/limits.ts';
import type { InboundMessage } from '../core/message.ts';
import { ticketRefFromMessageId, writtenTo } from '../core/message-id.ts';
import { findTicketRef } from '../core/ticket-status.ts';
import type { AuthVerdict } from '../core/verdict.ts';
import { alignedPassBHashes } from '../core/repeats.ts';
import { finishMessage, messageToProcess, readGate, type MessageResult, type MessageToProcess } from '../adapters/db/messages.repository.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { deferEvents, deferredEventRows } from '../adapters/db/events.repository.ts';
import { recordedNotifications } from '../adapters/db/notifications.repository.ts';
import { deferOutbox, deferredOutboxRows } from '../adapters/db/outbox.repository.ts';
import { heldRows, holdWrites } from '../adapters/db/held-writes.ts';
import { floodPlan, floodVerdict } from './flood-control.ts';
import { StepError, type Deps } from './deps.ts';
import { kickNotifications } from './notify-agents.ts';
import { answerWithheld, handleRecoveryRequest, localAccount, onFileOf, recordOnThread } from './open-ticket.ts';
import { asksMessageIdCheck, judgeRepeats, noteHeld, notePreemption } from './repeat-guard.ts';
import { supportDomain } from './queue-reply.ts';

import type { ProcessOutcome, Reading } from './reading.ts';

export type { ProcessOutcome, Reading };

/**
 * `arrivedAt`: when the message arrived (IMAP internal date, else when stored); whether it may still
 * be answered is judged as of then (SPEC §3). Its authentication is judged as of then too (SPEC §5),
 * unless the mailbox reader saw it appear later (`appearedAfter`: copied or appended with an old
 * internal date by whoever can write to the mailbox): then as of that look, so a date someone chose
 * never makes an old signature fresh (stop 26).
 */
export async function readMessage(
  deps: Deps,
  raw: Buffer,
  arrivedAt: Date = deps.now(),
  appearedAfter: Date | null = null,
): Promise<Reading | { quarantine: string }> {
  const limit = shapeViolation(raw, {
    maxMessageBytes: deps.config.MAX_MESSAGE_BYTES,
    maxHeaderBytes: deps.config.MAX_HEADER_BYTES,
    maxMimeParts: deps.config.MAX_MIME_PARTS,
  });
  if (limit) return { quarantine: limit };
  const judgedAt = appearedAfter && appearedAfter > arrivedAt ? appearedAfter : arrivedAt;
  const inspection = await deps.inspect(raw, { receivedAt: judgedAt });
  if (!inspection.ok) return { quarantine: inspection.reason };
  const { message, analysis, verdict, ownText } = inspection;
  const identity = checkIdentity(message, verdict.authFrom ?? null);
  const domain = supportDomain(deps);
  const sender = identity.ok ? identity.address : null;
  // Which ticket the message answers: one of our mails written to this sender, else the ticket
  // ref of the subject, else any mail of ours (written before Message-IDs named their recipient).
  // A Message-ID we wrote to someone else (Eve's own notice, worn by her mail to the holder) must
  // not pull the holder's answer away from the ticket its subject names.
  const ids = [message.inReplyTo, ...message.references].filter((id): id is string => Boolean(id));
  const toSender = sender ? ids.find((id) => writtenTo(id, sender, domain, deps.sign)) : undefined;
  const threadRef =
    (toSender ? ticketRefFromMessageId(toSender, domain, deps.sign) : null) ??
    findTicketRef(message.subject) ??
    ids.map((id) => ticketRefFromMessageId(id, domain, deps.sign)).find((ref) => ref !== null) ??
    null;
  return {
    message,
    analysis,
    ownText,
    verdict,
    sender,
    authenticated: identity.ok && verdict.authenticated,
    authReason: identity.ok ? verdict.reason : identity.reason,
    flags: identity.flags,
    noAnswer: noAutoAnswerReason(
      message,
      sender,
      { supportAddress: deps.config.SUPPORT_ADDRESS, ourDomains: [domain] },
      { arrivedAt, now: deps.now(), maxAgeMs: deps.config.REPLY_MAX_AGE },
    ),
    threadRef,
  };
}

export async function processMessage(deps: Deps, messageId: number): Promise<ProcessOutcome> {
  // A message over the size limit is quarantined on its size: its bytes are not even read back.
  const row = await messageToProcess(deps.db, messageId, { maxBytes: deps.config.MAX_MESSAGE_BYTES });
  if (!row) throw new StepError('message.not_found', `no stored message ${messageId}`);
  return processStored(deps, row);
}

/**
 * An outcome that writes nothing but the message's own row (plain mail, a quarantine), held back
 * for a batch to write with its neighbours' (finishMessages); `done` is what to answer once it is.
 */
export interface DeferredFinish {
  deferred: { id: number; result: MessageResult; done: ProcessOutcome };
}

/** A message already read (messageToProcess): the rest of processMessage. */
export async function processStored(deps: Deps, row: MessageToProcess): Promise<ProcessOutcome>;
export async function processStored(deps: Deps, row: MessageToProcess, options: { defer: true }): Promise<ProcessOutcome | DeferredFinish>;
export async function processStored(deps: Deps, row: MessageToProcess, options: { defer?: boolean } = {}): Promise<ProcessOutcome | DeferredFinish> {
  const messageId = row.id;
  if (row.status !== 'stored') {
    return { outcome: row.outcome ?? 'quarantined', kind: row.kind, reason: row.reason, ticketId: row.ticketId, outboxIds: [] };
  }
  const defer = options.defer === true;
  if (row.rawBytes !== null && row.rawBytes > deps.config.MAX_MESSAGE_BYTES) {
    return finish(deps, messageId, { outcome: 'quarantined', kind: null, reason: 'too_large', ticketId: null }, defer);
  }
  if (!row.raw) return finish(deps, messageId, { outcome: 'quarantined', kind: null, reason: 'raw_missing', ticketId: null }, defer);
  const read = await readMessage(deps, row.raw, row.arrivedAt ?? row.receivedAt, row.appearedAfter);
  if ('quarantine' in read) {
    return finish(deps, messageId, { outcome: 'quarantined', kind: null, reason: read.quarantine, ticketId: null }, defer);
  }
  const asksRecovery = read.analysis.kind === 'recovery_request';
  // The directory is asked before the transaction (an HTTP directory must not hold its locks):
  // the profile is a snapshot as of processing, like the one stored with the ticket.
  const found = asksRecovery && read.sender ? await deps.directory.find(read.sender) : null;
  const bHashes = alignedPassBHashes(read.verdict.evidence);
  // Mail that takes no lock and touches no ticket (unsigned, not a request, in no thread of
  // ours) needs no transaction: its outcome is one UPDATE.
  const plain = bHashes.length === 0 && !asksRecovery && !read.threadRef;
  const work = async (tx: DbOrTx) => {
    // In the transaction, the outcome's audit events and replies are written by its last
    // statement (the pipeline never reads them back). Plain mail writes none.
    if (!plain) {
      deferEvents(tx);
      deferOutbox(tx);
      holdWrites(tx);
    }
    const onFile = onFileOf(deps, found);
    const now = deps.now();
    const local = onFile ? await localAccount(tx, onFile, now) : null;
    const accountId = local?.id ?? null;
    const flood = asksRecovery ? floodPlan(now, { sender: read.sender, authenticated: read.authenticated, accountId }) : [];
    // Every lock of the message at once, in one order, then what it is judged on, in one
    // statement: its signature (two copies processed at once cannot both see none), its flood
    // scopes (count-then-record), its account's work.
    const gate = await readGate(
      tx,
      {
        id: messageId,
        bHashes,
        messageId: asksMessageIdCheck(read, row.messageIdHeader) && read.sender ? { header: row.messageIdHeader, sender: read.sender } : null,
        flood: flood.map(({ key, sinces }) => ({ key, sinces })),
        accountId: local && !local.row ? local.id : null,
        // What a request of the account is judged on; a follow-up in a thread locks its own ticket.
        ticketsOfAccount: asksRecovery && !read.threadRef ? accountId : null,
        // A request may open a ticket: its id and ref are drawn now, so the ticket is written by
        // the last statement with the rest (a request held or merged leaves a gap in the refs).
        reserveTicket: asksRecovery && !read.threadRef,
      },
      [
        ...bHashes.map((key) => ({ ns: 'dkim_b' as const, key })),
        ...flood.map((entry) => ({ ns: 'flood' as const, key: entry.lockKey })),
        ...(accountId !== null ? [{ ns: 'account' as const, id: accountId }] : []),
      ],
    );
    const account = local?.row ?? gate.account;
    // A replayed signature or a duplicate is held (visible to agents), never acted on.
    const { reading, held, preemptedBy } = judgeRepeats(read, row.messageIdHeader, gate);
    const isRequest = asksRecovery && !held;
    // A request is counted whether it goes through or is throttled.
    const throttled = isRequest ? floodVerdict(flood, gate.floodCounts) : null;
    const handled = held
      ? {
          outcome: 'ignored' as const,
          reason: held.reason,
          ticketId: held.ticketId,
          // The holder's own copy of a message whose first copy (marked automatic by whoever relayed
          // it) was acted on unanswered: held still, and the withheld answer goes out now.
          outboxIds: held.reason === 'duplicate_message_id' && held.ticketId !== null ? await answerWithheld(tx, deps, messageId, reading, held.ticketId) : [],
        }
      : throttled
        ? { outcome: 'ignored' as const, reason: `throttled_${throttled}`, ticketId: null, outboxIds: [] }
        : isRequest || reading.threadRef
          ? await handleRecoveryRequest(tx, deps, messageId, reading, { found, account, tickets: gate.tickets, newTicket: gate.newTicket })
          : null;
    if (held) await noteHeld(tx, held, messageId);
    if (!held && preemptedBy.length > 0 && handled?.ticketId) await notePreemption(tx, handled.ticketId, messageId, preemptedBy);
    if (!handled && (reading.analysis.kind === 'bounce' || reading.analysis.kind === 'auto_reply') && reading.threadRef) {
      await recordOnThread(tx, reading.threadRef, reading.analysis.kind, messageId);
    }
    const outcome = handled ?? { outcome: 'ignored' as const, reason: ignoredReason(reading), ticketId: null, outboxIds: [] };
    const events = plain ? { events: [], notifications: [] } : deferredEventRows(tx);
    const outbox = plain ? [] : deferredOutboxRows(tx);
    const result: MessageResult = {
      outcome: outcome.outcome,
      kind: reading.analysis.kind,
      reason: outcome.reason,
      ticketId: outcome.ticketId,
      fromAddress: reading.sender,
      authenticated: reading.authenticated,
      accountId: held ? null : (account?.id ?? null),
      analysis: summarise(reading.analysis),
      auth: { authenticated: reading.authenticated, reason: reading.authReason, flags: reading.flags, evidence: reading.verdict.evidence ?? null },
      serverAction: outcome.outcome === 'ticket_opened' || outcome.outcome === 'ticket_updated',
      // Only a message its signature authenticated makes that signature "seen before": Eve's copy of
      // the holder's signed request with a read header added above it (a second Message-ID) still
      // verifies, and the holder's own copy was then held as its replay, unauthenticated (stop 25).
      dkimBHashes: reading.authenticated ? bHashes : [],
      countedAt: isRequest ? now : null,
    };
    // Plain mail in a batch: its row is written with its neighbours' (it took no lock, wrote nothing else).
    if (plain && defer) return { deferred: { id: messageId, result, done: { ...outcome, kind: reading.analysis.kind, receivedAt: row.receivedAt } } };
    const rows = heldRows(tx);
    const finished = await finishMessage(tx, messageId, result, deps.now(), {
      tickets: rows.tickets,
      events: events.events,
      notifications: [...rows.notifications, ...events.notifications],
      outbox,
    });
    if (!finished) throw new StepError('message.already_processed', 'processed concurrently; the first outcome stands');
    if (throttled) deps.log.warn({ messageId, scope: throttled }, 'recovery request throttled');
    const outboxIds = [...outcome.outboxIds, ...finished.outboxIds];
    return { ...outcome, outboxIds, kind: reading.analysis.kind, notified: !plain && recordedNotifications(tx) };
  };
  const worked = plain ? await work(deps.db) : await deps.db.transaction(work);
  if ('deferred' in worked) return worked;
  const { notified, ...result } = worked;
  await Promise.all(result.outboxIds.map((outboxId) => deps.jobs.add('send-reply', { outboxId })));
  // The batch job is planned only when this message gave agents something to be told.
  if (notified) await kickNotifications(deps);
  deps.log.info({ messageId, outcome: result.outcome, kind: result.kind, ticketId: result.ticketId }, 'message processed');
  return { ...result, receivedAt: row.receivedAt };
}

function ignoredReason(reading: Reading): string {
  return reading.analysis.kind === 'other' ? 'not_a_recovery_request' : reading.analysis.kind;
}

/** What is kept of the analysis: fields and reasons, never the body. */
function summarise(analysis: Analysis) {
  return { kind: analysis.kind, language: analysis.language, fields: analysis.fields, missing: analysis.missing, reasons: analysis.reasons };
}

async function finish(
  deps: Deps,
  messageId: number,
  result: { outcome: MessageResult['outcome']; kind: string | null; reason: string; ticketId: null },
  defer: boolean,
): Promise<ProcessOutcome | DeferredFinish> {
  const row: MessageResult = { ...result, fromAddress: null, analysis: null, auth: null, serverAction: false };
  if (defer) return { deferred: { id: messageId, result: row, done: { ...result, outboxIds: [] } } };
  await finishMessage(deps.db, messageId, row, deps.now());
  deps.log.warn({ messageId, reason: result.reason }, 'message quarantined');
  return { ...result, outboxIds: [] };
}
