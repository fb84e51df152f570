// One message → the SPEC §4 reading (what `recovery-desk inspect` prints),
// plus the reasons and snippets an agent needs to trust or overrule it.

import { classify, readRecovery } from './classify.ts';
import { extractFields, type FieldsExplained } from './extract-fields.ts';
import { detectLanguage, footerLanguage } from './language.ts';
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
}

const NO_FIELDS: ExtractedFields = { fullName: null, organisation: null, explanation: null };

const REPLY_SUBJECT = /^\s*((re|antw|aw|sv|r|rif|ref)\s*(\[\d+\])?\s*:\s*)+/i;

export function analyse(message: InboundMessage, options: ReadingOptions = {}): Analysis {
  const own = ownText(message.text, message.from[0]?.address ?? null);
  const classification = classify(message, own);
  let { kind } = classification;
  const reasons = [...classification.reasons];
  const first = message.from[0];
  const sender = first ? { address: first.address, name: first.name } : null;
  // Machine-written mail has no writer whose details we could read.
  const automatic = kind === 'bounce' || kind === 'auto_reply';
  const extraction = automatic ? null : extractFields(own, first ?? null, options.companyNames ?? [], message.subject, disclaimerText(message.text));
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
  // Nor when the writer withdraws the request ("Vous pouvez annuler ma demande").
  const settled = ['text:already-resolved', 'text:mass-greeting', 'text:request-withdrawn'].some((r) => reasons.includes(r));
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
  const language =
    detectLanguage(own, footerLanguage(message.text)) ?? detectLanguage(message.subject.replace(/^((re|fwd?|tr|aw|wg|antw|doorst)\s*:\s*)+/i, ''));
  const analysis: Analysis = { kind, language, sender, fields, missing, reasons, snippets };
  if (options.explain) analysis.explain = extraction?.explain ?? null;
  return analysis;
}
