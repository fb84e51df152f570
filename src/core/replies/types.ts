// Shapes shared by the reply templates. Templates are fixed text: the only
// values they take are ours (ticket reference, links, the agent's reason,
// field names), never anything from the inbound message (SPEC §6 rule 2).

import type { FieldName, Language } from '../message.ts';

export type ReplyKind = 'acknowledgement' | 'request_details' | 'confirmation' | 'rejection' | 'wrong_address' | 'approved_notice';

export const REPLY_KINDS: readonly ReplyKind[] = ['acknowledgement', 'request_details', 'confirmation', 'rejection', 'wrong_address', 'approved_notice'];

export interface ReplyInput {
  kind: ReplyKind;
  language: Language;
  ticketRef: string | null;
  missing?: FieldName[];
  /** The agent's reason, for a rejection. */
  reason?: string;
  confirmUrl?: string;
  cancelUrl?: string;
  /** The holder's "This wasn't me" link (SPEC §6 rule 15). */
  disputeUrl?: string;
}

/** Every mail about a recovery goes to the account's stored address and carries the dispute link; the one other mail does not. */
export function carriesDisputeLink(kind: ReplyKind): boolean {
  return kind !== 'wrong_address';
}

export interface RenderedReply {
  subject: string;
  text: string;
}

/** What a template sees: the input with defaults applied and the reason made safe. */
export interface TemplateInput {
  ticketRef: string | null;
  missing: FieldName[];
  reason: string | null;
  confirmUrl: string | null;
  cancelUrl: string | null;
  disputeUrl: string | null;
}

export interface LanguageTemplates {
  subjects: Record<ReplyKind, string>;
  /** How each missing detail is named in a request for it. */
  fieldNames: Record<FieldName, string>;
  /** Paragraphs of each kind of reply, greeting and sign-off excluded. */
  bodies: Record<ReplyKind, (input: TemplateInput) => string[]>;
  greeting: string;
  referenceLine: (ref: string) => string;
  signOff: string;
}
