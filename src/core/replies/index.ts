// renderReply: the one entry point for every mail the product sends a user.

import { FIELD_NAMES, type FieldName, type Language } from '../message.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { nl } from './nl.ts';
import type { LanguageTemplates, RenderedReply, ReplyInput, TemplateInput } from './types.ts';

export type { RenderedReply, ReplyInput, ReplyKind } from './types.ts';
export { carriesDisputeLink, REPLY_KINDS } from './types.ts';

const TEMPLATES: Record<Language, LanguageTemplates> = { fr, nl, en };

const MAX_REASON_CHARS = 1000;

/** The agent's reason, as plain text: no control characters, bounded length. */
function safeReason(reason: string | undefined): string | null {
  const cleaned = (reason ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .slice(0, MAX_REASON_CHARS);
  return cleaned || null;
}

function orderedMissing(missing: FieldName[] | undefined): FieldName[] {
  // Asking for "the details" without naming any would be useless: ask for all three.
  const wanted = missing && missing.length > 0 ? missing : FIELD_NAMES;
  return FIELD_NAMES.filter((f) => wanted.includes(f));
}

export function renderReply(input: ReplyInput): RenderedReply {
  const t = TEMPLATES[input.language] ?? en;
  const ref = input.ticketRef?.trim() || null;
  const view: TemplateInput = {
    ticketRef: ref,
    missing: orderedMissing(input.missing),
    reason: safeReason(input.reason),
    confirmUrl: input.confirmUrl ?? null,
    cancelUrl: input.cancelUrl ?? null,
    disputeUrl: input.disputeUrl ?? null,
  };
  const subject = ref ? `[${ref}] ${t.subjects[input.kind]}` : t.subjects[input.kind];
  const paragraphs = [t.greeting, ...t.bodies[input.kind](view), ...(ref ? [t.referenceLine(ref)] : []), t.signOff];
  return { subject, text: `${paragraphs.join('\n\n')}\n` };
}
