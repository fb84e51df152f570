// The three details the recovery procedure asks for (SPEC §1, §4), read only
// from the writer's own text: labels first (most deliberate), then prose
// statements, then the signature. Each value comes with the snippet it was
// read from, so an agent can see why the product believes it.

import { labelledFullName, labelledValues } from './fields/labels.ts';
import { isFullName, isLabelledFullName, withoutHonorific } from './fields/names.ts';
import { grabOrganisation, isLegalForm, isOwnCompanyName } from './fields/organisations.ts';
import { legalFormOrganisation, proseName, proseOrganisation, type Found } from './fields/prose.ts';
import { signatureFields } from './fields/signature.ts';
import type { ExtractedFields, FieldName, Mailbox } from './message.ts';
import { isDeviceEvent, isResetAsk } from './recovery-vocabulary.ts';
import { clip, collapse, fold, sentences } from './text-tools.ts';

export interface Extraction {
  fields: ExtractedFields;
  snippets: Partial<Record<FieldName, string>>;
}

function tidy(value: string): string {
  return collapse(value)
    .replace(/^["'“«]+|["'”»]+$/g, '')
    .replace(/[\s,;:.!]+$/, '');
}

/** An explanation says what happened; "please reset my 2FA" does not. */
function isExplanation(value: string): boolean {
  const folded = fold(value);
  if (isDeviceEvent(folded)) return true;
  const words = folded.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words.length >= 3 && !isResetAsk(folded) && !/^(n\/a|na|-|none|aucune?|geen|rien|niets)$/.test(folded.trim());
}

function fromLabels(text: string) {
  const values = labelledValues(text);
  const name = labelledFullName(values);
  const org = values.find((v) => v.kind === 'organisation' && tidy(v.value).length >= 2);
  const explanation = values.find((v) => v.kind === 'explanation' && isExplanation(v.value));
  return {
    name: name && isLabelledFullName(tidy(name.value)) ? { value: tidy(name.value), snippet: name.snippet } : null,
    organisation: org ? { value: tidy(grabOrganisation(org.value) ?? org.value), snippet: org.snippet } : null,
    explanation: explanation ? { value: clip(explanation.value), snippet: explanation.snippet } : null,
  };
}

function proseExplanation(all: string[]): Found | null {
  const sentence = all.find((s) => isDeviceEvent(fold(s)));
  return sentence ? { value: clip(sentence), snippet: sentence } : null;
}

// "l asbl", "j ai", "d Ath": French elisions typed without their apostrophe.
function restoreElisions(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}'’.])([jlmndsJLMNDS]) (?=[aeiouhéèêàâîôûAEIOUHÉÈÊÀÂÎÔÛ])/gu, "$1'");
}

// "A.S.B.L.", "V.Z.W.", "B.V.B.A.": a legal form written with dots is the same form.
function undotLegalForms(text: string): string {
  return text.replace(/(?<![\p{L}.])((?:\p{L}\.){2,}\p{L}?)\.?(?![\p{L}])/gu, (whole, dotted: string) => {
    const letters = dotted.replace(/\./g, '');
    return isLegalForm(letters.toUpperCase()) ? letters : whole;
  });
}

export function extractFields(ownText: string, sender: Mailbox | null, companyNames: readonly string[] = []): Extraction {
  const own = undotLegalForms(restoreElisions(ownText));
  const all = sentences(own);
  const labels = fromLabels(own);
  const signature = signatureFields(own, sender, companyNames);
  // Our own company's name is never the writer's ("Bpart admin", "Beste Bpart").
  const theirs = (found: Found | null): Found | null => (found && !isOwnCompanyName(found.value, companyNames) ? found : null);
  const name = theirs(labels.name) ?? theirs(proseName(all, sender)) ?? theirs(signature.name);
  const organisation = theirs(labels.organisation) ?? theirs(proseOrganisation(all)) ?? theirs(signature.organisation) ?? theirs(legalFormOrganisation(all));
  const explanation = labels.explanation ?? proseExplanation(all);

  const fields: ExtractedFields = {
    fullName: name && (isFullName(name.value) || isLabelledFullName(name.value)) ? tidy(withoutHonorific(name.value)) : null,
    organisation: organisation ? tidy(organisation.value) : null,
    explanation: explanation ? explanation.value : null,
  };
  const snippets: Partial<Record<FieldName, string>> = {};
  if (fields.fullName && name) snippets.fullName = clip(name.snippet);
  if (fields.organisation && organisation) snippets.organisation = clip(organisation.snippet);
  if (fields.explanation && explanation) snippets.explanation = clip(explanation.snippet);
  return { fields, snippets };
}
