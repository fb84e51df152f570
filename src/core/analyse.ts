// One message → the SPEC §4 reading (what `recovery-desk inspect` prints),
// plus the reasons and snippets an agent needs to trust or overrule it.

import { classify } from './classify.ts';
import { extractFields } from './extract-fields.ts';
import { detectLanguage } from './language.ts';
import { FIELD_NAMES, type ExtractedFields, type FieldName, type InboundMessage, type Language, type MessageKind } from './message.ts';
import { ownText } from './strip-quotes.ts';

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
}

const NO_FIELDS: ExtractedFields = { fullName: null, organisation: null, explanation: null };

export function analyse(message: InboundMessage): Analysis {
  const own = ownText(message.text);
  const { kind, reasons } = classify(message, own);
  const first = message.from[0];
  const sender = first ? { address: first.address, name: first.name } : null;
  // Machine-written mail has no writer whose details we could read.
  const automatic = kind === 'bounce' || kind === 'auto_reply';
  const { fields, snippets } = automatic ? { fields: { ...NO_FIELDS }, snippets: {} } : extractFields(own, first ?? null);
  const missing = kind === 'recovery_request' ? FIELD_NAMES.filter((f) => fields[f] === null) : [];
  const language = detectLanguage(own) ?? detectLanguage(message.subject.replace(/^((re|fwd?|tr|aw|wg|antw|doorst)\s*:\s*)+/i, ''));
  return { kind, language, sender, fields, missing, reasons, snippets };
}
