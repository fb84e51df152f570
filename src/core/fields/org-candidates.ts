// The organisation as a choice among candidates: every source proposes values
// (labels, prose statements, the rule-read signature, each organisation line of
// the signature block, a legal form anywhere, the From display name as a hint),
// each value is described by features, and one logistic scorer whose weights
// are fitted on the labelled mail (scripts/fit-reader.ts → weights.ts) picks
// the best one, or none below its threshold. Refusals that are never a matter
// of degree — our own company's name, an empty or one-letter value — are made
// before scoring and said so.

import type { Mailbox } from '../message.ts';
import { sigmoid } from '../hashed-logistic.ts';
import { isLabelLine } from './labels.ts';
import { isPlaceName } from './places.ts';
import { fold, unquote } from '../text-tools.ts';
import { isFullName, isLettersAfterName, withoutHonorific } from './names.ts';
import { grabOrganisation, hasBodyMarker, isBodyWord, isLegalForm, isOrgWord, isOwnCompanyName } from './organisations.ts';
import { legalFormCandidates, proseOrganisationCandidates, type Found } from './prose.ts';
import { ownNameBusinesses, senderNamedOrganisations } from './sender-named.ts';
import { isProfessionalRegister, isRoleOnly, isRoleWord, isTeamWithoutBody, isUnitOnly, leadingRole, ROLE_PATTERN, teamBody } from './roles.ts';
import {
  DESCRIPTION,
  holdsContactLine,
  isGenericKind,
  isClosingLine,
  isKindDescription,
  endsWithSendersName,
  isSentenceCasePhrase,
  isSharedMailbox,
  spellsDomain,
  isConsumerMailbox,
  wordsNameDomain,
  wordsSpellLabel,
  type SignatureBlock,
} from './signature-block.ts';
import { completeOrganisation, namesNoBody } from './org-span.ts';
import { asQuotedBody, proseSpanCandidates } from './prose-spans.ts';
import { hashedFeatures } from './org-hashed.ts';
import { isCommonWordsLine, isCoupleSignature, isHoursLine, isMembership, isRegistrationNumber, isServicesLine } from './line-shapes.ts';

export type OrgSource =
  | 'label'
  | 'prose'
  | 'prose-role'
  | 'prose-place'
  | 'prose-case-blind'
  | 'signature'
  | 'block'
  | 'block-role'
  | 'legal-form'
  | 'from'
  | 'subject'
  | 'disclaimer'
  | 'prose-span'
  | 'spelled';

export const FEATURES = [
  'bias',
  'src_label',
  'src_prose',
  'src_prose_role',
  'src_prose_place',
  'src_prose_case_blind',
  'src_signature',
  'src_block',
  'src_block_role',
  'src_legal_form',
  'src_from',
  'src_subject',
  'src_disclaimer',
  'src_prose_span',
  'src_spelled',
  'after_affiliation',
  'sources',
  'rule_choice',
  'legal_form',
  'org_word',
  'acronym',
  'role_first',
  'role_only',
  'capitalised',
  'all_caps',
  'all_lower',
  'words',
  'one_word',
  'long',
  'person_name',
  'same_as_sender_name',
  'spells_domain',
  'signature_line',
  'extends_candidate',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface OrgCandidate {
  value: string;
  snippet: string;
  sources: OrgSource[];
  features: Record<Feature, number>;
  /** Buckets of the hashed word, ending and shape features (org-hashed.ts), learned by the scorer too. */
  hashed?: number[];
  /** The scorer's probability that this is the writer's organisation (absent when refused before scoring). */
  score?: number;
  /** Why it was not chosen, when it was not. */
  refused?: string;
  /** Refused before any scoring (our own name, a role): never a matter of degree. */
  vetoed?: boolean;
  /** Read right after its kind of body in a sentence ("du salon Coiff'Elle"). */
  afterKind?: boolean;
}

export interface OrgInputs {
  sentences: string[];
  label: Found | null;
  signature: Found | null;
  block: SignatureBlock | null;
  legalForm: Found | null;
  /** The span of the text the sender's mail spells letter for letter (spelled-span.ts). */
  spelled?: Found | null;
  sender: Mailbox | null;
  /** What the ordered rules (labels → prose → signature → legal form) choose. */
  ruleChoice: Found | null;
  companyNames: readonly string[];
  /** The name read for the writer, to tell a person from a body. */
  fullName: string | null;
  /** The writer's subject line, a hint like the From name ("CUMA des Hauts-Plateaux – plus accès à Bpart"). */
  subject?: string;
  /** The writer's disclaimer, which names the body it speaks for ("… confidential to X BV"). */
  disclaimer?: string;
}

// Words of a subject that look like acronyms but name the matter, not a body.
const SUBJECT_NOT_BODY = /^(?:2FA|MFA|A2F|OTP|TOTP|SMS|GSM|PIN|URGENT|DRINGEND|HELP|AIDE|RE|TR|FW|FWD|AW|WG|REC|IT|ICT|PC|APP)$/i;

/** The parts of a subject that name a body: split at its dashes, bars and colons, each part marked as a body. */
// The words a disclaimer binds a body with: "confidential to X", "the property of X", "propriété de X",
// "eigendom van X", "sent on behalf of X", "au nom de X", "namens X".
const DISCLAIMER_BINDS =
  /\b(?:confidential to|(?:the )?property of|on behalf of|propri[ée]t[ée] (?:exclusive )?(?:de la |de l['’]|du |de |d['’])|au nom (?:de la |de l['’]|du |de |d['’])|eigendom (?:is )?van|namens|im namen von|eigentum von)\s*/giu;

/** The bodies a writer's disclaimer names: bound by its wording, or marked by a legal form. */
export function disclaimerOrganisations(disclaimer: string, companyNames: readonly string[]): Found[] {
  const text = disclaimer.replace(/\s+/g, ' ').trim().slice(0, 2000);
  if (!text) return [];
  const out: Found[] = [];
  for (const m of text.matchAll(DISCLAIMER_BINDS)) {
    const value = grabOrganisation(text.slice(m.index + m[0].length));
    if (value && /^[\p{Lu}\d]/u.test(value) && !isOwnCompanyName(value, companyNames)) out.push({ value, snippet: clipAround(text, m.index) });
  }
  for (const f of legalFormCandidates([text]))
    if (!isOwnCompanyName(f.value, companyNames)) out.push({ value: f.value, snippet: clipAround(text, text.indexOf(f.value)) });
  return out;
}

function clipAround(text: string, at: number): string {
  return text.slice(Math.max(0, at - 40), at + 100);
}

/** The parts of a subject cut at its dashes, bars, slashes and colons ("Jan Peeters / Club X - locked out"). */
export function subjectParts(subject: string): string[] {
  const bare = subject
    .replace(/^\s*(?:(?:re|fwd?|tr|aw|wg|antw|doorst)\s*:\s*)+/i, '')
    .replace(/\[[^\]]*\]/g, ' ')
    .trim();
  return bare
    .split(/\s+[–—|/-]\s+|\s*:\s+/)
    .map((part) => part.trim().replace(/[.!?]+$/, ''))
    .filter(Boolean);
}

/** The part of a subject that is the From display name, a full name ("Sandrine Collard - Lasne Autrement - …"). */
export function subjectSenderPart(parts: readonly string[], sender: Mailbox | null): string | null {
  const display = sender?.name?.trim();
  if (!display || !isFullName(display) || hasBodyMarker(display)) return null;
  // (A person's own mailbox, which spells a word of the name: "info@…" under "Formação Frenetik" is a body's.)
  const local = fold(sender!.address.split('@')[0] ?? '').replace(/[^a-z]/g, '');
  const words = fold(display)
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 3);
  if (!words.some((w) => local.includes(w))) return null;
  return parts.find((p) => fold(p) === fold(display)) ?? null;
}

export function subjectOrganisations(subject: string, companyNames: readonly string[], sender: Mailbox | null = null): Found[] {
  const out: Found[] = [];
  const parts = subjectParts(subject);
  // Beside the writer's own full name as From gives it, a part that opens with a capital and is capitalised word for word
  // is what the writer signs the subject with besides themself: their body, whatever its words ("Lasne Autrement").
  // The matter is written as a phrase ("plus d'accès à bPart", "Locked out of my account").
  const signer = subjectSenderPart(parts, sender);
  for (const p of parts) {
    const tokens = p.split(/\s+/).filter(Boolean);
    if (tokens.length === 0 || tokens.length > 8 || isOwnCompanyName(p, companyNames)) continue;
    const marked = tokens.some((t) => isLegalForm(t) || isOrgWord(t) || (isBodyWord(t) && !SUBJECT_NOT_BODY.test(t.replace(/[^\p{L}\d]/gu, ''))));
    const titled =
      signer !== null &&
      p !== signer &&
      tokens.length >= 2 &&
      tokens.every((t) => /^[\p{Lu}\d&]/u.test(t) || /^(?:de|du|des|la|le|les|van|der|den|het|of|the|and|en|et|&)$/iu.test(t)) &&
      !tokens.some((t) => SUBJECT_NOT_BODY.test(t.replace(/[^\p{L}\d]/gu, '')) || isOwnCompanyName(t, companyNames));
    if (!(marked || titled) || !/^[\p{Lu}\d]/u.test(p)) continue;
    out.push({ value: grabOrganisation(p) ?? p, snippet: `Subject: ${subject}` });
  }
  return out;
}

// A shared mailbox's display name says what the mailbox is as well as whose: "Info Brouwerij De Hoop",
// "Secretariaat KSA", "Harbour Church Office", "Team Riverside Rowing Club". The body is what remains.
const MAILBOX_LEAD =
  /^(?:info|contact|admin|administration|secr[ée]tariat|secretariaat|office|bureau|accueil|onthaal|mail|inbox|webmaster|boekhouding|comptabilit[ée]|facturation|facturatie)\s*[:|–—-]?\s+(?=[\p{Lu}\d])/iu;
const MAILBOX_TAIL = /\s*[|–—-]?\s+(?:info|contact|admin|office|secr[ée]tariat|secretariaat|mailbox|inbox)$/iu;

export function displayBody(display: string): string {
  // "Günther Katja | Example GmbH": a person and a body in one display name; the body is the part marked as one.
  const parts = display.split(/\s*(?:[|•·▪●■◆◦∙⋅]|\s[–—-]\s)\s*/u).filter((p) => p.trim());
  const marked = parts.length > 1 ? parts.find((p) => hasBodyMarker(p)) : undefined;
  if (marked) return displayBody(marked);
  // "Jan Peeters | Peeters Architecten": a person, then what they sign for.
  const beside = besidePerson(display);
  if (beside) return beside;
  const team = teamBody(display, (t) => hasBodyMarker(t));
  if (team) return team;
  const bare = display.trim().replace(MAILBOX_LEAD, '').replace(MAILBOX_TAIL, '');
  return bare.split(/\s+/).length >= 1 && bare.length >= 2 ? bare : display;
}

// The other part of a display name of two parts, one of them a person's full name ("Jan Peeters | Peeters Architecten").
function besidePerson(display: string): string | null {
  const parts = display.split(/\s*(?:[|•·▪●■◆◦∙⋅]|\s[–—-]\s)\s*/u).filter((p) => p.trim());
  if (parts.length !== 2) return null;
  const [a, b] = parts as [string, string];
  // The other part names a body by its words or runs to two words at least ("Marie Dubois | Liège" is a place).
  if (isFullName(a) && !hasBodyMarker(a) && fold(a) !== fold(b) && (hasBodyMarker(b) || b.trim().split(/\s+/).length >= 2)) return b.trim();
  return null;
}

function tidy(value: string): string {
  const bare = value
    .replace(/\s+/g, ' ')
    .trim()
    // Emoji and pictographs around a name are decoration ("Judo Club Ippon Ciney 🥋").
    .replace(/^[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+|[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]+$/gu, '')
    .replace(/[\s,;:.!]+$/, '')
    // A bracket opened and never closed is an aside cut by a separator inside it ("Police Zone X (Etterbeek – Woluwe)"):
    // the name ends before it.
    .replace(/\s*[([][^)\]]*$/u, (aside, at: number, whole: string) => (at > 0 && !/[)\]]/.test(whole.slice(at)) ? '' : aside));
  // Marks quoting the whole name go, marks quoting part of it stay ("« Les Joyeux Pétanqueurs » asbl").
  return withoutClause(
    unquote(bare)
      .replace(/[\s,;:.!]+$/, '')
      .trim(),
  );
}

// "and", "en", "et" that end a name read from a sentence, or open the writer's next clause ("… CLUB OF SPA AND OUR ANNUAL
// GENERAL …", "… VAN NEOS MALDEGEM EN IK KAN …"): a text in capitals gives no case to stop at, the words do.
const CONJUNCTION = /^(?:and|en|et|und)$/iu;
const CLAUSE_OPENER = /^(?:i|i'm|we|our|my|ik|wij|we|ons|onze|mijn|je|j'ai|nous|notre|nos|mon|ma|mes)$/iu;

/** A name cut before a conjunction that ends it or is followed by the writer's own pronoun: the sentence goes on, not the name. */
function withoutClause(value: string): string {
  const tokens = value.split(' ');
  const at = tokens.findIndex((t, i) => i >= 1 && CONJUNCTION.test(t) && (i === tokens.length - 1 || CLAUSE_OPENER.test(tokens[i + 1]!.replace(/[,.]$/, ''))));
  return at > 0
    ? tokens
        .slice(0, at)
        .join(' ')
        .replace(/[\s,;:]+$/, '')
    : value;
}

/** Whether a word of the value stands in quotes where it was read ('vzw "Jasmijnhuis"'): the writer marked it as a name. */
function quotedInSnippet(value: string, snippet: string): boolean {
  return value
    .split(/\s+/)
    .filter((t) => t.length >= 3)
    .some((t) => new RegExp(`[«"“„]\\s?${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s?[»"”“]`, 'u').test(snippet));
}

function key(value: string): string {
  return fold(value)
    .replace(/[^a-z0-9&]+/g, ' ')
    .trim();
}

function features(
  value: string,
  snippet: string,
  sources: OrgSource[],
  inputs: OrgInputs,
  others: string[],
  blockLines: Set<string>,
  affiliated: Set<string>,
): Record<Feature, number> {
  const tokens = value.split(/\s+/).filter(Boolean);
  const has = (s: OrgSource) => (sources.includes(s) ? 1 : 0);
  const letters = value.replace(/[^\p{L}]/gu, '');
  const domain = inputs.sender ? fold(inputs.sender.address.split('@')[1] ?? '').replace(/\.[a-z]+$/, '') : '';
  const senderName = inputs.sender?.name ?? '';
  return {
    bias: 1,
    src_label: has('label'),
    src_prose: has('prose'),
    src_prose_role: has('prose-role'),
    src_prose_place: has('prose-place'),
    src_prose_case_blind: has('prose-case-blind'),
    src_signature: has('signature'),
    src_block: has('block'),
    src_block_role: has('block-role'),
    src_legal_form: has('legal-form'),
    src_from: has('from'),
    src_subject: has('subject'),
    src_disclaimer: has('disclaimer'),
    src_prose_span: has('prose-span'),
    src_spelled: has('spelled'),
    after_affiliation: affiliated.has(key(value)) ? 1 : 0,
    sources: Math.min(new Set(sources).size - 1, 3) / 3,
    rule_choice: inputs.ruleChoice && key(inputs.ruleChoice.value) === key(value) ? 1 : 0,
    legal_form: tokens.some((t) => isLegalForm(t.replace(/[,.]$/, ''))) ? 1 : 0,
    org_word: tokens.some((t) => isOrgWord(t)) ? 1 : 0,
    acronym: tokens.some((t) => isBodyWord(t) && !isLegalForm(t) && !isOrgWord(t)) ? 1 : 0,
    role_first: tokens[0] && isRoleWord(tokens[0]) ? 1 : 0,
    role_only: isRoleOnly(value, (t) => hasBodyMarker(t)) || (leadingRole(value) !== null && !hasBodyMarker(value)) ? 1 : 0,
    capitalised: tokens.length ? tokens.filter((t) => /^[\p{Lu}\d]/u.test(t)).length / tokens.length : 0,
    all_caps: letters.length >= 4 && letters === letters.toUpperCase() ? 1 : 0,
    all_lower: letters.length >= 4 && letters === letters.toLowerCase() ? 1 : 0,
    words: Math.min(tokens.length, 8) / 8,
    one_word: tokens.length === 1 ? 1 : 0,
    long: tokens.length > 7 ? 1 : 0,
    person_name: isFullName(value) && !hasBodyMarker(value) ? 1 : 0,
    same_as_sender_name: (senderName && key(senderName) === key(value)) || (inputs.fullName && key(inputs.fullName) === key(value)) ? 1 : 0,
    spells_domain: domain && spellsDomain(value, domain) ? 1 : 0,
    // Read by a prose statement out of a line of the signature block ("Schepen van Jeugd en Sport").
    signature_line: sources.some((s) => s.startsWith('prose')) && blockLines.has(key(snippet)) ? 1 : 0,
    // The fuller form of another candidate ("Maison de Jeunes de Ciney ASBL" beside "Ciney ASBL").
    // A kind of body alone ("theatre company" inside "leuven student theatre company") names nothing to extend.
    extends_candidate: others.some(
      (o) => o !== key(value) && o.length >= 3 && (key(value).endsWith(` ${o}`) || key(value).startsWith(`${o} `)) && !namesNoBody(o),
    )
      ? 1
      : 0,
  };
}

/**
 * "gr, Wout" from "Wout <wout@lumio.io>": one word with no mark of a body that is the sender's given name (the first
 * word of the From display name, and the start of a personal mailbox's local part) is the writer signing, not a body.
 * A body's shared mailbox ("Oxfam <info@oxfam.be>") or a display name that is not the mailbox's ("Kaat <info@…>") is not.
 */
function isSendersFirstName(value: string, snippet: string, sender: OrgInputs['sender']): boolean {
  const word = fold(value.trim());
  if (!sender?.name || /\s/.test(word) || word.length < 2 || hasBodyMarker(value) || isLegalForm(value)) return false;
  const first = fold(sender.name.trim().split(/\s+/)[0] ?? '');
  const local = fold(sender.address.split('@')[0] ?? '');
  if (word !== first || !local.startsWith(word) || isSharedMailbox(sender.address)) return false;
  // Signed as a person: after a closing on the same line ("gr, Wout", "Cheers, Tom"), or a From line that is a full name.
  const before = snippet.slice(0, Math.max(0, snippet.indexOf(value.trim()))).replace(/[\s,.;:!-]+$/, '');
  return (before !== '' && isClosingLine(before)) || (sender.name.trim().split(/\s+/).length >= 2 && isFullName(sender.name));
}

/** Every organisation candidate of one message, with its features (not yet scored). */
/**
 * A signature line "POST - Body" ("ADJUDANT - MARCHE SAINT-ROCH DE THUIN", "Kassier – Harmonie De Eendracht"): one word
 * with no mark of a body before a dash, two words or more after it, is the writer's post, whatever the word; the body
 * is after the dash. ("Natuurpunt - afdeling Gent" is a body and its branch: the branch rule keeps it whole.)
 */
function afterPost(value: string, line: string): string {
  const m = /^\s*(\S+)\s+[–—-]\s+(\S+(?:\s+\S+)+?)\s*$/u.exec(line);
  if (!m || value.trim() !== m[1]) return value;
  const post = m[1]!;
  const rest = m[2]!;
  // "BioVolt – een spin-off van de KU Leuven", "Kinderinsel – German-speaking playgroup Brussels": what follows is a
  // description of the body named first, not a body.
  if (hasBodyMarker(post) || isLegalForm(post) || /\d/.test(post) || /[@.]/.test(rest) || DESCRIPTION.test(rest) || isKindDescription(rest)) return value;
  const first = fold(rest.split(/\s+/)[0]!);
  if (/^(afdeling|section|branch|agence|antenne|afd|department|dienst|service|regio|chapter)$/.test(first)) return value;
  return rest;
}

/**
 * One capitalised word in common letters, then letters after a name or dotted initials: a profession and its degree
 * ("Ostéopathe D.O.", "Kinesitherapeut M.Sc.", "Dentist DDS"), what the writer is, never a body's name.
 */
function isProfessionWithDegree(value: string): boolean {
  const m = /^(\p{Lu}\p{Ll}[\p{Ll}'’-]+)\s+(.+)$/u.exec(value.trim());
  if (!m) return false;
  const degree = m[2]!.trim();
  return isLettersAfterName(degree) || /^(?:\p{Lu}\.\s?){1,3}\p{Lu}?\.?$/u.test(degree);
}

/**
 * Whether a value names the body that owns the sender's own (not a provider's) mail domain: its words, run together, are
 * the domain's label ("Erfgoedcel Leie Schelde" ↔ erfgoedcel-leieschelde.be), or the label is made of words of the line
 * it was read in, in their order ("Service de garde d'enfants malades à domicile – Verviers" ↔ gardemalades-verviers.be).
 */
function namesOwnDomain(value: string, sender: OrgInputs['sender'], line = value): boolean {
  const label = ownLabel(sender);
  if (!label) return false;
  if (fold(value).replace(/[^a-z0-9]/g, '') === label) return true;
  // Or the line names every part of the domain, in any order ("Commonwealth War Graves Office, Ypres" ↔ wargraves-ypres).
  return fold(line).includes(fold(value)) && (wordsSpellLabel(line, label) || wordsNameDomain(line, sender!.address.split('@')[1] ?? ''));
}

/**
 * A word and a number, then on the same line a postcode and a town ("Markt 1, 9240 Zele", "Grote Markt 7 – 8500 Kortrijk"): a
 * street and its house number, whatever the street's word (no street word: "Markt", "Dok-Noord", "Plein").
 */
function streetOfAddress(value: string, line: string): boolean {
  const v = value.trim();
  if (!/\s\d{1,4}[A-Za-z]?$/u.test(v)) return false;
  const at = line.indexOf(v);
  return at >= 0 && /^\s*[,–-]?\s*(?:[A-Z]-)?[1-9]\d{3}\s+\p{Lu}/u.test(line.slice(at + v.length));
}

/**
 * A unit, then the place whose name the writer's own mail domain is ("Jeugddienst Zele" from @zele.be, "Service des sports
 * Wavre" from @wavre.be): the unit of the body that owns the domain, the town's administration, named as its staff name it.
 */
function unitOfOwnDomain(value: string, sender: OrgInputs['sender']): boolean {
  if (!sender || isConsumerMailbox(sender.address)) return false;
  const label = fold(sender.address.split('@')[1] ?? '')
    .replace(/\.[a-z]+$/, '')
    .split('.')
    .pop()!
    .replace(/[^a-z0-9]/g, '');
  const words = value.trim().split(/\s+/);
  const last = fold(words.at(-1) ?? '').replace(/[^a-z0-9]/g, '');
  return label.length >= 3 && words.length >= 2 && /^\p{Lu}/u.test(words.at(-1) ?? '') && last === label;
}

/** The label of the sender's own mail domain (not a provider's), letters and digits only; '' when none or too short. */
function ownLabel(sender: OrgInputs['sender']): string {
  if (!sender || isConsumerMailbox(sender.address)) return '';
  const label = fold(sender.address.split('@')[1] ?? '')
    .replace(/\.[a-z]+$/, '')
    .split('.')
    .pop()!
    .replace(/[^a-z0-9]/g, '');
  return label.length >= 6 ? label : '';
}

/**
 * "Service de garde d'enfants malades à domicile – Verviers": one capitalised word after a dash, behind a capitalised part
 * of two words or more on its line, is where that part is, not a body of its own. (Not behind a person's name or a role:
 * "Marie Dubois – Oxfam", "Trésorière – Natuurpunt". Read only on a line whose words make the writer's own domain: a
 * place and a one-word body look alike, "Afdeling Lier – Natuurpunt".)
 */
function placeAfterDash(value: string, line: string): boolean {
  const v = value.trim();
  if (!/^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(v) || hasBodyMarker(v)) return false;
  const at = line.lastIndexOf(v);
  if (at < 0 || line.slice(at + v.length).replace(/[\s,.;]+/g, '') !== '') return false;
  const m = /^(.*\S)\s+[–—?-]\s+$/u.exec(line.slice(0, at));
  if (!m) return false;
  const before = m[1]!
    .split(/\s*(?:[|•·▪●■◆◦∙⋅]|\s[–—?-]\s)\s*/u)
    .pop()!
    .trim();
  return (
    before.split(/\s+/).length >= 2 &&
    /^\p{Lu}/u.test(before) &&
    !isFullName(before) &&
    !isRoleOnly(before, (t) => hasBodyMarker(t)) &&
    !before.split(/\s+/).some((w) => isRoleWord(w))
  );
}

/**
 * A body's kind in sentence case and nothing else ("Centre sportif", "Service technique"): beside a body named on the same
 * line ("Régie communale autonome de Chastre – Centre sportif") it is the part or the kind, not the name.
 */
function isBareKind(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  return isSentenceCasePhrase(text) && isOrgWord(tokens[0]!);
}

export function organisationCandidates(inputs: OrgInputs): OrgCandidate[] {
  const found: { value: string; snippet: string; source: OrgSource }[] = [];
  const add = (f: Found | null | undefined, source: OrgSource) => {
    if (f && f.value && (source === 'signature' || source === 'block')) f = { ...f, value: afterPost(f.value, f.snippet) };
    // A statement's body whose name is in quotes, read by the quote's grammar ('the catering company "Damascus Rose" SRL').
    if (f && f.value && source.startsWith('prose') && source !== 'prose-span') f = { ...f, value: asQuotedBody(f.value, f.snippet) };
    if (f && f.value)
      found.push({
        value: tidy(completeOrganisation(tidy(f.value), f.snippet, inputs.companyNames, { rules: true })),
        snippet: f.snippet,
        source,
      });
  };
  add(inputs.label, 'label');
  for (const f of proseOrganisationCandidates(inputs.sentences, ROLE_PATTERN)) {
    add(f, f.trigger === 'phrase' ? 'prose' : f.trigger === 'role' ? 'prose-role' : f.trigger === 'place' ? 'prose-place' : 'prose-case-blind');
  }
  // The body beside the writer's own name (as From has it) in a sentence: a statement like the phrases above.
  for (const f of senderNamedOrganisations(inputs.sentences, inputs.sender, inputs.fullName)) add(f, 'prose');
  for (const f of ownNameBusinesses(inputs.sentences, inputs.sender)) add(f, 'prose');
  add(inputs.signature, 'signature');
  for (const part of inputs.block?.parts ?? []) {
    if (part.organisation) add({ value: part.organisation, snippet: part.lineText ?? part.text }, part.kind === 'role' ? 'block-role' : 'block');
    // A role line naming no body ("Échevin des Sports") is shown, and refused, as what it is.
    else if (part.kind === 'role') add({ value: part.text, snippet: part.text }, 'block-role');
    // So is our own name on their line ("Bpart admin"): refused, and shown.
    else if (part.kind === 'own-company') add({ value: part.text, snippet: part.text }, 'block');
  }
  add(inputs.legalForm, 'legal-form');
  add(inputs.spelled, 'spelled');
  for (const f of legalFormCandidates(inputs.sentences)) add(f, 'legal-form');
  // The From display name is a hint only: a body's name there ("Helping Hands Leuven"), never a person's.
  const display = inputs.sender?.name;
  if (display && display.split(/\s+/).length >= 2 && (!isFullName(display) || hasBodyMarker(display)))
    add({ value: displayBody(display), snippet: `From: ${display}` }, 'from');
  for (const f of subjectOrganisations(inputs.subject ?? '', inputs.companyNames, inputs.sender)) add(f, 'subject');
  for (const f of disclaimerOrganisations(inputs.disclaimer ?? '', inputs.companyNames)) add(f, 'disclaimer');
  // Every name span standing where a body stands in a sentence (generic; the scorer weighs it).
  const affiliated = new Set<string>();
  const afterKind = new Set<string>();
  for (const f of proseSpanCandidates(inputs.sentences, inputs.companyNames)) {
    const before = found.length;
    add(f, 'prose-span');
    if (f.affiliation && found.length > before) affiliated.add(key(found[found.length - 1]!.value));
    if (f.afterKind && found.length > before) afterKind.add(key(found[found.length - 1]!.value));
  }

  const merged = new Map<string, { value: string; snippet: string; sources: OrgSource[] }>();
  found.forEach((f) => {
    const k = key(f.value);
    if (!k) return;
    const seen = merged.get(k);
    if (seen) seen.sources.push(f.source);
    else merged.set(k, { value: f.value, snippet: f.snippet, sources: [f.source] });
  });
  const blockLines = new Set((inputs.block?.parts ?? []).map((p) => key(p.text)));
  // Whole lines of the block too ("FSMA 0412.345.678 | Member of Feprabel"), for the shapes of a line.
  const wholeLines = new Set((inputs.block?.parts ?? []).flatMap((p) => [key(p.text), key(p.lineText ?? p.text)]));
  const onSignatureLine = (c: { snippet: string; sources: OrgSource[] }) =>
    wholeLines.has(key(c.snippet)) || c.sources.some((s) => s === 'signature' || s === 'block' || s === 'block-role');
  const roleParts = (inputs.block?.parts ?? []).filter((p) => p.kind === 'role');
  const roleLines = new Set(roleParts.map((p) => key(p.text)));
  const roleBodies = new Set(roleParts.filter((p) => p.organisation).map((p) => key(p.organisation!)));
  const others = [...merged.keys()];
  // "BioVolt – een spin-off van de KU Leuven": a body named inside the description of the writer's body.
  const descriptions = (inputs.block?.parts ?? []).filter((p) => DESCRIPTION.test(p.text)).map((p) => p.text);
  // "Kinderinsel – German-speaking playgroup Brussels": the kind described beside the body's own name on its line.
  const blockParts = inputs.block?.parts ?? [];
  const kindDescriptions = new Set(
    blockParts
      .filter(
        (p) =>
          (isKindDescription(p.text) || isBareKind(p.text)) &&
          blockParts.some((o) => o !== p && o.line === p.line && o.kind === 'organisation' && !isKindDescription(o.text) && !isBareKind(o.text)),
      )
      .map((p) => key(p.text)),
  );
  const secondSigners = new Set(
    blockParts
      .filter((p, i) => p.kind === 'name' && i > blockParts.findIndex((q) => q.kind === 'name') && blockParts[i + 1]?.kind === 'role')
      .map((p) => key(p.text)),
  );
  const areas = new Set(blockParts.filter((p) => p.area).map((p) => key(p.text)));
  const values = [...merged.values()];
  const all = [...merged.values()].map((c) => {
    const candidate: OrgCandidate = {
      value: c.value,
      snippet: c.snippet,
      sources: c.sources,
      features: features(c.value, c.snippet, c.sources, inputs, others, blockLines, affiliated),
      hashed: hashedFeatures(c.value, c.snippet),
      ...(afterKind.has(key(c.value)) ? { afterKind: true } : {}),
    };
    if (isOwnCompanyName(c.value, inputs.companyNames)) candidate.refused = 'our own company name (COMPANY_NAMES)';
    // (The writer's own label may still say so: "Organisation : Waterloo" is their word for it.)
    else if (isPlaceName(c.value) && !c.sources.includes('label')) candidate.refused = 'a place alone ("Fléron", "Uccle"), where the writer is, not a body';
    // "Nom : …\nOrganisation : Cobalt" closing the mail reads as a signature too: the label's line is the label's, not a name.
    else if (!c.sources.includes('label') && isLabelLine(c.value))
      candidate.refused = 'a filled-in detail, label and all ("Organisation : Cobalt"): the label reads it';
    else if (candidate.features.role_only) candidate.refused = 'a role or job title, not an organisation';
    // A unit's shape that is, word for word, the writer's own mail domain ("Erfgoedcel Leie Schelde" from
    // @erfgoedcel-leieschelde.be) is the body that owns the domain, not a unit of it.
    // Nor one named after the writer ("Bureau d'études Lambert" from Marc Lambert): their own firm.
    else if (
      isUnitOnly(c.value, (t) => hasBodyMarker(t)) &&
      !namesOwnDomain(c.value, inputs.sender, c.snippet) &&
      !endsWithSendersName(c.value, inputs.sender ?? null) &&
      !unitOfOwnDomain(c.value, inputs.sender)
    )
      candidate.refused = 'a unit of a body ("Service administratif", "Sportdienst"), not the body';
    else if (isTeamWithoutBody(c.value, (t) => hasBodyMarker(t), !/\p{Lu}/u.test(c.snippet)))
      candidate.refused = 'a team signing that names no body ("L\'équipe d\'accueil", "The support team"), not the body';
    else if (
      c.sources.every((s) => s !== 'label' && s !== 'block') &&
      roleLines.has(key(c.snippet)) &&
      !namesOwnDomain(c.value, inputs.sender, c.snippet) &&
      !unitOfOwnDomain(c.value, inputs.sender) &&
      ![...roleBodies].some((b) => b === key(c.value) || key(c.value).endsWith(` ${b}`))
    )
      candidate.refused = 'read from a role or unit line of the signature, naming no body ("Head of Operations", "Service Jeunesse")';
    else if (
      c.sources.every((s) => s.startsWith('prose')) &&
      values.some((d) => !isOwnCompanyName(d.value, inputs.companyNames) && nameAfterArticleEndsWith(d.value, d.snippet, c.value))
    )
      candidate.refused = 'the end of a longer name written after its article ("voor de Vrienden van de Bibliotheek Lier"), not the whole name';
    else if (c.sources.every((s) => s.startsWith('prose') || s === 'signature' || s === 'block') && forPerson(c.value, c.snippet))
      candidate.refused = 'a person the writer writes for ("Namens Mieke Peeters", "on behalf of Tom Price"), not a body';
    else if (c.sources.every((s) => s.startsWith('prose')) && afterUnitWord(c.value, c.snippet))
      candidate.refused = 'the name of a unit, read after its unit word ("Department of Earth Sciences", "vakgroep …"), not the body';
    else if (areas.has(key(c.value)) && c.sources.every((s) => s === 'signature' || s === 'block' || s === 'block-role'))
      candidate.refused = 'the area of the role beside it ("Senior Engineer | Water & Infrastructure"), the body named with its legal form on a later line';
    else if (key(c.value).replace(/\s/g, '').length < 2) candidate.refused = 'too short to be a name';
    else if (isTitledPerson(c.value)) candidate.refused = 'a person named with a title or a role ("Maître Philippe d\'Ans", "Dr Jan Peeters"), not a body';
    else if (descriptions.some((d) => key(d).includes(key(c.value)) && key(d) !== key(c.value)))
      candidate.refused = 'named inside the description of the body ("een spin-off van de KU Leuven"), not the body itself';
    // "Robert Hale / Voorzitter / Mieke Janssens / Secretaris": a second person signing with their own role, not a body.
    else if (secondSigners.has(key(c.value))) candidate.refused = 'a second person signing with their own role, not a body';
    // "Regards, / Rob / Robert Smith | Treasurer | …": the line under a first name sign-off is the full name, not a body.
    else if (inputs.fullName && key(inputs.fullName) === key(c.value) && !hasBodyMarker(c.value))
      candidate.refused = "the writer's own full name, read as the name, not a body";
    else if (c.sources.some((source) => source === 'signature' || source === 'block') && isSendersFirstName(c.value, c.snippet, inputs.sender))
      candidate.refused = 'the writer\'s own first name, as the From line and mailbox give it ("gr, Wout" from wout@…), not a body';
    else if (kindDescriptions.has(key(c.value)))
      candidate.refused = 'describes the kind of body beside its name on the same line ("Kinderinsel – German-speaking playgroup"), not the name';
    else if (DESCRIPTION.test(c.value.trim()))
      candidate.refused = 'a description after an indefinite article ("a Ghent University spin-off", "une initiative de …"), not the body\'s name';
    else if (namesNoBody(c.value) && !quotedInSnippet(c.value, c.snippet))
      candidate.refused = 'only the kind of a body ("Agence", "Réseau", "Gemeente"), naming none';
    else if (DAY_AFTER.test(c.value.trim()))
      candidate.refused = 'a meeting or an event named by its day in lower case ("l\'AG de jeudi", "de vergadering van maandag"), not a body';
    else if ((holdsContactLine(c.value) || streetOfAddress(c.value, c.snippet)) && !isBrandDomain(c.value))
      candidate.refused = 'holds an address, a phone, a VAT number or a web address: a contact line, not a body';
    else if (onSignatureLine(c) && isHoursLine(c.snippet) && !candidate.features.legal_form)
      candidate.refused = 'read from a line of opening hours or availability (a day and a time), not a body';
    else if (onSignatureLine(c) && isMembership(c.value, c.snippet))
      candidate.refused = 'a register, order or federation the firm is a member of ("Member of …", "Lid van …"), not the organisation';
    else if (
      c.sources.every((s) => s === 'signature' || s === 'block') &&
      key(c.value) === key(c.snippet) &&
      isCommonWordsLine(c.value, (t) => hasBodyMarker(t))
    )
      candidate.refused = 'a signature line in common words ("Juriste", "Architecte d\'intérieur"): what the writer does, naming no body';
    else if (
      c.sources.every((s) => s === 'signature' || s === 'block') &&
      isServicesLine(c.snippet, (t) => hasBodyMarker(t)) &&
      // (Not the part that is the writer's own mail domain: "Sophrologue certifiée – Respiralia" from @respiralia.be.)
      !namesOwnDomain(c.value, inputs.sender)
    )
      candidate.refused = 'a line listing what the firm does ("Interior design | Styling | Home staging"), naming no body';
    else if (c.sources.every((s) => s === 'signature' || s === 'block') && isCoupleSignature(c.value, inputs.sender?.name ?? '', inputs.sender?.address ?? ''))
      candidate.refused = 'two people signing together under the sender\'s surname ("Jan & Mieke Van Hecke"), not a body';
    else if (c.sources.every((s) => s === 'signature' || s === 'block') && signsAsTwoPeople(c.value, inputs.block))
      candidate.refused = 'two given names signing the mail ("Jacques & Monique"), people, not a body';
    else if (
      c.sources.every((s) => s === 'signature' || s === 'block') &&
      isProfessionWithDegree(c.value) &&
      blockParts.some((p) => p.lineText === c.snippet.trim() && p.organisation && key(p.organisation) !== key(c.value) && hasBodyMarker(p.organisation))
    )
      candidate.refused = 'a profession with its degree letters ("Ostéopathe D.O."), beside the body named on its line';
    else if (
      c.sources.every((s) => s === 'signature' || s === 'block') &&
      placeAfterDash(c.value, c.snippet) &&
      ownLabel(inputs.sender) !== '' &&
      wordsSpellLabel(c.snippet, ownLabel(inputs.sender))
    )
      candidate.refused = 'a place after a dash behind the name it locates ("… à domicile – Verviers"), not a body';
    else if (isRegistrationNumber(c.value)) candidate.refused = 'holds a registration number ("n° 512.345"): a register line, not a body';
    else if (isProfessionalRegister(c.value)) candidate.refused = 'a professional register or order the writer belongs to (ITAA, OVB…), not the organisation';
    else if (c.sources.every((s) => s.startsWith('prose')) && formerBody(c.value, c.snippet) && others.length > 1)
      candidate.refused = 'a body the writer was with before ("vroeger", "used to", "anciennement"), not the one the account is for now';
    candidate.vetoed = candidate.refused !== undefined;
    return candidate;
  });
  // "Cabinet d'avocats", "Pharmacie hospitalière", "Bureau d'architecture": a kind of body in common words says what
  // the body is; when another candidate carries a legal form, that one names it.
  const legallyNamed = all.some((c) => !c.vetoed && c.features.legal_form);
  for (const c of all) {
    if (!c.vetoed && legallyNamed && !c.features.legal_form && isGenericKind(c.value) && !/\p{Lu}/u.test(c.value.slice(1))) {
      c.refused = 'only the kind of a body in common words ("Cabinet d\'avocats"), beside a body named with its legal form';
      c.vetoed = true;
    }
  }
  return all;
}

// "Namens Mieke Peeters", "au nom de Julie Renard", "on behalf of Tom Price": a person's full name, no mark of a body,
// after the words of writing for someone.
const FOR_SOMEONE = String.raw`(?:namens|in naam van|au nom de|de la part de|pour le compte de|on behalf of)`;
const FOR_BEFORE = new RegExp(String.raw`(?:^|\s)${FOR_SOMEONE}\s+$`, 'iu');
const FOR_LEADING = new RegExp(String.raw`^${FOR_SOMEONE}\s+(.+)$`, 'iu');

function forPerson(value: string, snippet: string): boolean {
  const v = value.trim();
  const person = (p: string) => isFullName(p) && !hasBodyMarker(p);
  // A line of its own under the name ("Namens Mieke Peeters"): the person signed for.
  const leading = FOR_LEADING.exec(v) ?? FOR_LEADING.exec(snippet.trim());
  if (leading && (leading[1]!.trim() === v || leading[0] === v)) return person(leading[1]!.trim());
  // In a sentence, the name must be spoken of as a person after it ("namens Mieke Peeters: haar gsm …"): a body's name can
  // look like a person's ("in naam van Toneelgroep De Spiegelaars").
  const at = snippet.indexOf(v);
  const after = at >= 0 ? snippet.slice(at + v.length) : '';
  return at >= 0 && FOR_BEFORE.test(` ${snippet.slice(0, at)}`) && person(v) && SPOKEN_OF.test(after);
}

// He or she, in the words that follow: "her phone", "zijn gsm", "son téléphone", "who is in court".
const SPOKEN_OF = /^[^.!?]{0,40}?\b(?:her|his|she|he|haar|zijn|hij|zij|ze|son|sa|ses|elle|il)\b/iu;

// A unit word and its link right before a name: "(Department of Earth and Environmental Sciences)", "de vakgroep
// Bodemkunde", "le département de Géographie", "Faculty of Law".
const UNIT_WORD_BEFORE =
  /\b(?:department|dept\.?|faculty|division|departement|département|faculteit|faculté|vakgroep|onderzoeksgroep)\s+(?:(?:of|van|de|du|des|d['’])\s*)?(?:the\s+|de\s+|la\s+|l['’])?$/iu;

function afterUnitWord(value: string, snippet: string): boolean {
  const at = snippet.indexOf(value.trim());
  return at > 0 && UNIT_WORD_BEFORE.test(snippet.slice(0, at));
}

// Words that link the head of a body's name to the rest: "Vrienden van de …", "Friends of the …", "Amis du …".
const NAME_LINK = /^(?:van|of|de|du|des|d['’]|der|den|het|the|la|le|les|l['’])$/iu;

/**
 * Whether a longer name, written in the sentence right after an article ("voor de Vrienden van de Bibliotheek Lier",
 * "for the Friends of the Royal Library", "pour les Amis du Musée de Spa"), ends with the value: a capitalised head
 * linked to it by "van"/"of"/"du". The value alone is then only the end of the name.
 */
function nameAfterArticleEndsWith(longer: string, snippet: string, value: string): boolean {
  const l = longer.trim();
  const v = value.trim();
  if (!l.endsWith(` ${v}`) || !/^\p{Lu}/u.test(l)) return false;
  const head = l
    .slice(0, l.length - v.length)
    .trim()
    .split(/\s+/);
  if (!NAME_LINK.test(head[head.length - 1]!) || !head.every((t) => (/^\p{Lu}/u.test(t) && !isRoleWord(t)) || NAME_LINK.test(t))) return false;
  const at = snippet.indexOf(l);
  return at > 0 && /(?:^|\s)(?:de|het|the|la|le|les|des|l['’])\s*$/iu.test(snippet.slice(0, at));
}

// "au nom de Maître Philippe d'Ans", "namens dokter Jan Peeters", "on behalf of Dr Sarah Lee": a person, by the title
// before a full name, never a body (a body's name would carry its mark: "Cabinet Dr Dupont SRL").
function isTitledPerson(value: string): boolean {
  const bare = withoutHonorific(value.trim());
  return bare !== value.trim() && isFullName(bare) && !hasBodyMarker(value);
}

// Two given names alone where the signer signs, right under the closing ("Merci d'avance, / Jacques & Monique",
// "Groetjes, / Tom en Anna"): the people writing. A firm named there carries a mark ("Janssens & Zonen", "… & Co").
const TWO_GIVEN_NAMES =
  /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s*(?:&|\+|\bet\b|\ben\b|\band\b)\s*(?!(?:Zonen|Zoon|Dochters|Fils|Fille|Filles|Fr[èe]res|S[œo]eurs|Sons|Daughters|Brothers|Sisters|Partners|Associ[ée]s|Vennoten|Co|Cie)\b)\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;
function signsAsTwoPeople(value: string, block: SignatureBlock | null): boolean {
  if (!block?.closed || !TWO_GIVEN_NAMES.test(value.trim()) || hasBodyMarker(value)) return false;
  const signer = block.parts.filter((p) => p.line === 0);
  return signer.length === 1 && key(signer[0]!.text) === key(value);
}

// A firm named by its web address, written as a name: "BloemBinders.be", "Fietsfabriek.nl" (a capital, no
// "www", no scheme, no path, no mailbox). "www.bloembinders.be" or "info@…" stay contact lines.
export function isBrandDomain(value: string): boolean {
  return /^\p{Lu}[\p{L}\d-]*\.(?:be|com|org|net|eu|nl|fr|lu|de|uk|co\.uk|io|shop|store|online)$/u.test(value.trim());
}

// Time words that put a body in the writer's past: "Ik was vroeger penningmeester bij X", "I used to
// run X", "J'étais auparavant trésorière de X", "formerly with X".
const FORMER =
  /\b(?:vroeger|voorheen|destijds|used to|formerly|previously|no longer|anciennement|auparavant|autrefois|jadis|ne suis plus|plus (?:chez|à|a)|niet meer (?:bij|voor)|früher|ehemals)\b/iu;
// What brings the text back to now: "… en nu bij Y", "now at Y", "depuis … chez Y".
const NOW = /\b(?:nu|now|maintenant|aujourd['’]hui|currently|sinds|depuis|since|inmiddels|désormais|jetzt|heute)\b/iu;

/** Whether a prose sentence places the body in the writer's past: a time word before it, nothing bringing it back to now between. */
function formerBody(value: string, snippet: string): boolean {
  const at = snippet.indexOf(value);
  if (at < 0) return false;
  const before = snippet.slice(0, at);
  const marker = FORMER.exec(before);
  return marker !== null && !NOW.test(before.slice(marker.index));
}

export interface Weights {
  weights: Partial<Record<Feature, number>>;
  /** Weights of the hashed buckets that are not zero (bucket → weight). */
  hashed?: Record<number, number>;
  threshold: number;
}

/** Proposed by the From display name only. */
export function isHintOnly(c: OrgCandidate): boolean {
  return c.sources.every((s) => s === 'from');
}

export function scoreCandidate(c: OrgCandidate, model: Weights): number {
  let z = 0;
  for (const f of FEATURES) z += (model.weights[f] ?? 0) * c.features[f];
  for (const b of c.hashed ?? []) z += model.hashed?.[b] ?? 0;
  return sigmoid(z);
}

/** Scores every candidate not refused, and picks the best one at or above the threshold; says why each other was refused. */
// A day in lower case closing the value after its link ("AG de jeudi", "vergadering van maandag", "meeting on friday"): the
// occasion's date, which no body's name ends with (a body named after a day capitalises it: "Les Amis du Jeudi").
const DAY_AFTER =
  /\s(?:de|du|d['’]|van|of|on|this|ce|le|deze|op)\s+(?:(?:ce|le|this|next|last|prochain|dernier|volgende|vorige|komende)\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:prochain|dernier|soir|matin))?$/u;
const SIGNING_GROUP_WORD = /^(?:committee|comite|board|bestuur|team|staff|crew|volunteers|vrijwilligers|benevoles|equipe|ploeg|members|leden|membres)$/;
const wordsOf = (value: string) =>
  fold(value)
    .split(/[^a-z0-9&]+/)
    .filter(Boolean);

/**
 * A candidate read from the signature or its block, at the threshold, whose words hold the prose reading's words in a row and
 * more (its article, what the body is of: "Friends of Hougoumont" over "Hougoumont"), capitalised; the longest such.
 */
function wholerOnSignature(short: OrgCandidate, candidates: OrgCandidate[], model: Weights): OrgCandidate | null {
  const part = wordsOf(short.value);
  if (part.length === 0) return null;
  let found: OrgCandidate | null = null;
  for (const c of candidates) {
    if (c === short || c.vetoed || isHintOnly(c) || c.score! < model.threshold) continue;
    if (!c.sources.some((s) => s === 'signature' || s === 'block') || !/^[\p{Lu}\d]/u.test(c.value)) continue;
    const all = wordsOf(c.value);
    if (all.length <= part.length || all.length > part.length + 4) continue;
    const at = all.findIndex((_, i) => part.every((w, j) => all[i + j] === w));
    // (Not a group signing for the body: "Oakwood Bowls Club Committee" is its people, the body is the prose's.)
    const extra = [...all.slice(0, Math.max(at, 0)), ...all.slice(at + part.length)];
    const holds = at >= 0 && !extra.some((w) => SIGNING_GROUP_WORD.test(w));
    if (holds && (!found || all.length > wordsOf(found.value).length)) found = c;
  }
  return found;
}

export function chooseOrganisation(candidates: OrgCandidate[], model: Weights): OrgCandidate | null {
  let best: OrgCandidate | null = null;
  for (const c of candidates) {
    if (c.vetoed) continue;
    c.score = scoreCandidate(c, model);
    // The From display name alone is a hint, never the scorer's choice (displayNameHint decides on it).
    if (isHintOnly(c)) continue;
    if (!best || c.score > best.score!) best = c;
  }
  // The body written short in a sentence ("at Hougoumont farm") and whole on a signature line ("Friends of Hougoumont –
  // Guides"): the signature's writing is its name, the sentence's a part of it.
  if (best && best.sources.every((s) => s.startsWith('prose'))) {
    const whole = wholerOnSignature(best, candidates, model);
    if (whole) best = whole;
  }
  for (const c of candidates) {
    if (c.vetoed || c === best) continue;
    c.refused = isHintOnly(c)
      ? 'the From display name alone: a hint, read only when the text names no body'
      : `lower score (${c.score!.toFixed(2)}) than the one chosen`;
  }
  if (best && best.score! < model.threshold) {
    best.refused = `best score ${best.score!.toFixed(2)} below the threshold ${model.threshold}`;
    return null;
  }
  return best;
}

/**
 * The From display name as a hint only: when the text names no body at all (every candidate from
 * the text refused, or none) and the display name is marked as one ("Carrosserie Delhez <…@hotmail.be>",
 * "Pedal Power Cycling Club"), it is who the writer writes for. Never against anything the text says:
 * a display name beside a body named in the text is often a mailbox's label ("Info Brouwerij X").
 */
export function displayNameHint(candidates: OrgCandidate[]): OrgCandidate | null {
  const open = candidates.filter((c) => !c.vetoed);
  const hint = open.length === 1 && open[0]!.sources.every((s) => s === 'from') ? open[0]! : null;
  // Marked by an organisation word or a legal form: initials alone ("Jan VDB") are as often a person's.
  if (!hint) return null;
  // Or set beside the person's name as what they sign for: "Jan Peeters | Peeters Architecten".
  const signsFor = besidePerson(hint.snippet.replace(/^From:\s*/, '')) === hint.value;
  if (!signsFor && !hint.value.split(/\s+/).some((t) => isOrgWord(t) || isLegalForm(t.replace(/[,.]$/, '')))) return null;
  // … and named: a kind of body alone ("Bakkerij", "Team ASBL") names none.
  if (!hint.value.split(/\s+/).some((t) => /^[\p{Lu}\d]/u.test(t) && !isOrgWord(t) && !isLegalForm(t.replace(/[,.]$/, '')))) return null;
  hint.refused = undefined;
  return hint;
}

/**
 * "du salon Coiff'Elle à Ciney" from "Coiff Elle Ciney <coiffelle.ciney@gmail.com>": a name read in the text, after its kind
 * of body, that the sender's From display name or mailbox spells too is the body signing, however short. Only when the
 * scorer takes none, and never the writer's own name (a person's display name spells the person).
 */
export function senderSpelledCandidate(candidates: OrgCandidate[], sender: Mailbox | null): OrgCandidate | null {
  if (!sender) return null;
  const letters = (t: string) => fold(t).replace(/[^a-z0-9]/g, '');
  const display = letters(sender.name ?? '');
  const local = letters(sender.address.split('@')[0] ?? '');
  // Read after its kind of body ("du salon X"), not a person's name after "chez" ("chez Dupont" from Marc Dupont).
  const spelled = candidates.filter((c) => {
    const l = letters(c.value);
    if (c.vetoed || !c.afterKind || l.length < 5) return false;
    return (display !== '' && display.startsWith(l)) || local.startsWith(l);
  });
  if (spelled.length !== 1) return null;
  spelled[0]!.refused = undefined;
  return spelled[0]!;
}

// The words a writer who holds several accounts uses to say which one a request is about: "This is about the practice
// account", "Ma demande concerne uniquement le compte du club de badminton", "Het gaat hier over het account van de gilde",
// "reset the 2FA on the choir account". The account word, and the words that say whose it is, before it or after a link.
const ACCOUNT_WORD = String.raw`(?:account|compte|profiel|profil|login)`;
const ACCOUNT_OWNER = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:the|le|het|de|l['’]|mon|my|mijn)\s+((?:[\p{L}'’-]+\s+){0,2}?[\p{L}'’-]+?)(?:['’]s)?[\s-]+${ACCOUNT_WORD}(?![\p{L}])|${ACCOUNT_WORD}\s+(?:du|de la|de l['’]|des|de|of the|of|van de|van het|van)\s+((?:[\p{L}'’-]+\s+){0,2}[\p{L}'’-]+)|(?:^|[^\p{L}])([\p{L}]{4,})-${ACCOUNT_WORD}(?![\p{L}])`,
  'giu',
);
const ACCOUNT_IN_NAME = new RegExp(String.raw`(?:^|[^a-z])${ACCOUNT_WORD}(?![a-z])`);
// Where a sentence says which account it is about: a verb of "concerning", or "only".
const ABOUT = /\b(?:about|concerns?|regards|is for|concerne|porte sur|betreft|gaat (?:hier |het )?over|only|uniquement|seulement|alleen|enkel)\b/iu;
const NOT_OWNER = new Set([
  'other',
  'autre',
  'ander',
  'andere',
  'second',
  'deuxieme',
  'tweede',
  'this',
  'that',
  'same',
  'bpart',
  'your',
  'votre',
  'jullie',
  'uw',
  'two',
  'deux',
  'twee',
  'both',
]);

/** The words (folded, four letters or more) the writer's text gives for whose account the request is about; [] when none. */
export function accountOwnerWords(sentences: readonly string[]): string[] {
  const out = new Set<string>();
  for (const sentence of sentences) {
    if (!ABOUT.test(sentence)) continue;
    for (const m of sentence.matchAll(ACCOUNT_OWNER)) {
      const words = fold(m[1] ?? m[2] ?? m[3] ?? '')
        .split(/[^a-z]+/)
        .filter((w) => w.length >= 4 && !NOT_OWNER.has(w));
      for (const w of words) out.add(w);
    }
  }
  return [...out];
}

/**
 * Of several bodies the text names, the one the writer says the request is about ("two accounts: one for my GP practice,
 * Huisartsenpraktijk O'Neill, and one as a board member of … This is about the practice account."): the candidate whose
 * name holds one of the words, or whose sentence gives the word right before it ("my GP practice, X"). Only when exactly
 * one scored candidate answers; null otherwise.
 */
export function accountNamedCandidate(candidates: readonly OrgCandidate[], sentences: readonly string[], threshold: number): OrgCandidate | null {
  const words = accountOwnerWords(sentences);
  if (words.length === 0) return null;
  const answers = (c: OrgCandidate) => {
    const name = fold(c.value);
    // The phrase that names the account ("Compte du magasin bloqué" in a subject) is no body: it would answer its own words.
    if (ACCOUNT_IN_NAME.test(name)) return false;
    if (words.some((w) => name.split(/[^a-z]+/).some((t) => t.includes(w)))) return true;
    const at = fold(c.snippet).indexOf(name);
    if (at < 0) return false;
    const before = fold(c.snippet)
      .slice(0, at)
      .split(/[^a-z]+/)
      .filter(Boolean)
      .slice(-3);
    return words.some((w) => before.includes(w));
  };
  const found = candidates.filter((c) => !c.vetoed && !isHintOnly(c) && (c.score ?? 0) >= threshold && answers(c));
  // (One body written twice, "Mol International Parents' Association" and "the Mol …", is one answer.)
  const distinct = new Set(found.map((c) => fold(c.value).replace(/^(?:the|le|la|les|het|de)\s+/, '')));
  return distinct.size === 1 ? found[0]! : null;
}
