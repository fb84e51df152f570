// One message → the SPEC §4 reading (what `recovery-desk inspect` prints),
// plus the reasons and snippets an agent needs to trust or overrule it.

import { classify, readRecovery } from './classify.ts';
import { extractFields, type FieldsExplained } from './extract-fields.ts';
import { detectLanguage } from './language.ts';
import { FIELD_NAMES, type ExtractedFields, type FieldName, type InboundMessage, type Language, type MessageKind } from './message.ts';
import { disclaimerText, ownText } from './strip-quotes.ts';
import { findTicketRef } from './ticket-status.ts';

export interface Analysis {
  kind: MessageKind;
  language: Language | null;
  /** The first From mailbox; identity rules (exactly one) are checked elsewhere. */
  sender: { address: string; name: string | null } | null;
  fields: ExtractedFields;
  /** Absent fields of a recovery request, in procedure order; [] for other kinds. */
  missing: FieldName[];
  reasons: string[];
  /** Where each extracted field was read from. */
  snippets: Partial<Record<FieldName, string>>;
  /** With options.explain: how each field was chosen. */
  explain?: FieldsExplained | null;
}

/** What the reader needs to know about us: our own names are never the writer's. */
export interface ReadingOptions {
  /** Our company and product names (COMPANY_NAMES): never read as the writer's organisation or name. */
  companyNames?: readonly string[];
  /** Add how each field was chosen (candidates, scores, refusals): `inspect --explain`. */
  explain?: boolean;
  /**
   * The worker's reading: fields are read only from mail a step can act on, a request or mail
   * that claims one of our threads (a follow-up's details go to its ticket). Other mail outside
   * any thread is ignored whatever it says, and its fields stay unread (null). The kind is the
   * same either way: the only rule that reads fields of such mail needs a ticket reference.
   * Off for `inspect` and the evaluation, which read everything.
   */
  onlyActedOn?: boolean;
}

const NO_FIELDS: ExtractedFields = { fullName: null, organisation: null, explanation: null };

const REPLY_SUBJECT = /^\s*((re|antw|aw|sv|r|rif|ref)\s*(\[\d+\])?\s*:\s*)+/i;

export function analyse(message: InboundMessage, options: ReadingOptions = {}): Analysis {
  return analyseWithOwnText(message, options).analysis;
}

/** The reading and the writer's own text it was read from (quotes stripped), so no caller strips it again. */
export function analyseWithOwnText(message: InboundMessage, options: ReadingOptions = {}): { analysis: Analysis; own: string } {
  const own = ownText(message.text);
  const classification = classify(message, own);
  let { kind } = classification;
  const reasons = [...classification.reasons];
  const first = message.from[0];
  const sender = first ? { address: first.address, name: first.name } : null;
  // Machine-written mail has no writer whose details we could read.
  const automatic = kind === 'bounce' || kind === 'auto_reply';
  const ignoredAnyway = options.onlyActedOn === true && kind === 'other' && !claimsThread(message);
  const extraction =
    automatic || ignoredAnyway ? null : extractFields(own, first ?? null, options.companyNames ?? [], message.subject, disclaimerText(message.text));
  const { fields, snippets } = extraction ?? { fields: { ...NO_FIELDS }, snippets: {} };
  // A reply whose recovery wording is only in the subject it echoes ("Re: Your
  // 2FA reset request") is part of that conversation only if it brings one of
  // the details; "Thanks!" under our subject asks for nothing.
  if (kind === 'recovery_request' && REPLY_SUBJECT.test(message.subject) && !readRecovery('', own).isRecovery && FIELD_NAMES.every((f) => fields[f] === null)) {
    kind = 'other';
    reasons.push('text:reply-without-details');
  }
  // A reply under our ticket's subject ("Re: [REC-2026-000330] More details needed") that brings
  // a detail answers our request for details: it is part of that recovery request, whatever words it uses.
  // Not when the writer says the trouble is over ("Thanks, I could log in again").
  const settled = reasons.includes('text:already-resolved') || reasons.includes('text:mass-greeting');
  if (
    kind === 'other' &&
    !settled &&
    REPLY_SUBJECT.test(message.subject) &&
    findTicketRef(message.subject) !== null &&
    FIELD_NAMES.some((f) => fields[f] !== null)
  ) {
    kind = 'recovery_request';
    reasons.push('text:details-for-our-ticket');
  }
  const missing = kind === 'recovery_request' ? FIELD_NAMES.filter((f) => fields[f] === null) : [];
  const language = detectLanguage(own) ?? detectLanguage(message.subject.replace(/^((re|fwd?|tr|aw|wg|antw|doorst)\s*:\s*)+/i, ''));
  const analysis: Analysis = { kind, language, sender, fields, missing, reasons, snippets };
  if (options.explain) analysis.explain = extraction?.explain ?? null;
  return { analysis, own };
}

/** In-Reply-To, References or a ticket reference in the subject: the message claims a thread of ours. */
function claimsThread(message: Pick<InboundMessage, 'inReplyTo' | 'references' | 'subject'>): boolean {
  return Boolean(message.inReplyTo) || message.references.length > 0 || findTicketRef(message.subject) !== null;
}
