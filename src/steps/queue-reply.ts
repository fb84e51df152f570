// Writes a reply into the outbox (inside the caller's transaction); send-reply sends it.
import { randomBytes } from 'node:crypto';
import type { FieldName, Language } from '../core/message.ts';
import { ourMessageId } from '../core/message-id.ts';
import { carriesDisputeLink, renderReply, type ReplyInput } from '../core/replies/index.ts';
import type { DbOrTx } from '../adapters/db/client.ts';
import { insertOutbox } from '../adapters/db/outbox.repository.ts';
import type { Deps } from './deps.ts';

/** Filled in at send time, so the link's token never rests in the database in clear. */
export const CONFIRM_URL_PLACEHOLDER = '{{CONFIRM_URL}}';
export const CANCEL_URL_PLACEHOLDER = '{{CANCEL_URL}}';
export const DISPUTE_URL_PLACEHOLDER = '{{DISPUTE_URL}}';

export interface ReplyRequest {
  dedupeKey: string;
  kind: ReplyInput['kind'];
  language: Language | null;
  to: string;
  ticket: { id: number; ref: string; threadMessageId: string | null; threadReferences: string[] } | null;
  missing?: FieldName[];
  reason?: string;
  confirmLink?: boolean;
  cancelLink?: boolean;
}

export function supportDomain(deps: Pick<Deps, 'config'>): string {
  return deps.config.SUPPORT_ADDRESS.split('@')[1]?.toLowerCase() ?? 'localhost';
}

export async function queueReply(tx: DbOrTx, deps: Pick<Deps, 'config' | 'sign'>, request: ReplyRequest): Promise<number | null> {
  const language = request.language ?? 'en';
  const ref = request.ticket?.ref ?? null;
  const rendered = renderReply({
    kind: request.kind,
    language,
    ticketRef: ref,
    ...(request.missing ? { missing: request.missing } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
    ...(request.confirmLink ? { confirmUrl: CONFIRM_URL_PLACEHOLDER } : {}),
    ...(request.cancelLink ? { cancelUrl: CANCEL_URL_PLACEHOLDER } : {}),
    // Decided here, not by each caller: no mail about a recovery can go out without it (SPEC §6 rule 15).
    ...(request.ticket && carriesDisputeLink(request.kind) ? { disputeUrl: DISPUTE_URL_PLACEHOLDER } : {}),
  });
  const thread = request.ticket?.threadMessageId ?? null;
  const references = [...(request.ticket?.threadReferences ?? []), ...(thread ? [thread] : [])].slice(-20);
  return insertOutbox(tx, {
    dedupeKey: request.dedupeKey,
    ticketId: request.ticket?.id ?? null,
    kind: request.kind,
    language,
    toAddress: request.to,
    subject: rendered.subject,
    body: rendered.text,
    ourMessageId: ourMessageId(ref, randomBytes(6).toString('base64url'), supportDomain(deps), deps.sign),
    inReplyTo: thread,
    references,
  });
}
