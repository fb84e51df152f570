// The three details the recovery procedure asks for (SPEC §1, §4), read only
// from the writer's own text: labels first (most deliberate), then prose
// statements, then the signature. Each value comes with the snippet it was
// read from, so an agent can see why the product believes it.

import { labelledFullName, labelledValues } from './fields/labels.ts';
import { isFullName, isLabelledFullName, withoutHonorific } from './fields/names.ts';
import { grabOrganisation, hasBodyMarker, isLegalForm, isOrgWord, isOwnCompanyName } from './fields/organisations.ts';
import { CLOSING_WORDS, introducedLowerName, introducedName, signedAtEnd } from './fields/introductions.ts';
import { writtenSenderName } from './fields/sender-named.ts';
import { legalFormOrganisation, proseName, proseOrganisation, type Found } from './fields/prose.ts';
import { signatureFields } from './fields/signature.ts';
import { senderSpelledSpan } from './fields/spelled-span.ts';
import { givenNameThenFullName, isBodyWithPost, isSharedMailbox, signatureBlock, writersNamePlus, type SignatureBlock } from './fields/signature-block.ts';
import {
  accountNamedCandidate,
  chooseOrganisation,
  displayNameHint,
  organisationCandidates,
  scoreCandidate,
  senderSpelledCandidate,
  subjectParts,
  subjectSenderPart,
  type OrgCandidate,
} from './fields/org-candidates.ts';
import { answeredOrganisation } from './fields/answer-lines.ts';
import { findTicketRef } from './ticket-status.ts';
import { coupleWriter } from './fields/line-shapes.ts';
import { isRoleOnly, isRoleWord, isUnitOnly } from './fields/roles.ts';
import { ORG_CHOOSER, ORG_MODEL } from './fields/weights.ts';
import type { ExtractedFields, FieldName, Mailbox } from './message.ts';
import { eventClassesOf, isCarrierEvent, isDeviceEvent, isProFormEvent, isResetAsk, tellsWhatHappened } from './recovery-vocabulary.ts';
import { clip, collapse, fold, sentences, unquote } from './text-tools.ts';

export interface Extraction {
  fields: ExtractedFields;
  snippets: Partial<Record<FieldName, string>>;
  /** How each field was chosen (inspect --explain). */
  explain: FieldsExplained;
  /** The organisation is only the From display name's hint: the writer's text names no body. */
  organisationFromHeaderOnly?: boolean;
  /** The text as the rules read it, and whether the writer's label says there is no organisation (org-learned.ts reads them). */
  organisationInput: { text: string; saidNone: boolean };
  /** The sentences the explanation was looked for in (the learned explanation reader reads the same ones). */
  sentences?: string[];
  /** What the rules considered for the name (refused readings too), with their sources (name-learned.ts reads them). */
  nameInput: { ruleValues: { value: string; source: string }[] };
}

export interface FieldsExplained {
  fullName: { rule: string; considered: { value: string; source: string; refused?: string }[] };
  organisation: { rule: string; candidates: OrgCandidate[] };
  explanation: { rule: string };
  signature: SignatureBlock | null;
}

const squashed = (value: string) => fold(value).replace(/[^a-z0-9]/g, '');

/**
 * "Certificateur PEB agréé", "Consultante RH indépendante", "Freelance copywriter": a capital to start, then lower-case words
 * and acronyms only, no mark of a body but the acronym: what the writer does, or a role, written as a phrase.
 */
export function isPhraseOfWork(value: string): boolean {
  const tokens = value.trim().split(/\s+/);
  if (isRoleOnly(value, (t) => hasBodyMarker(t))) return true;
  return (
    tokens.length >= 2 &&
    tokens.length <= 4 &&
    /^\p{Lu}\p{Ll}+$/u.test(tokens[0]!) &&
    tokens.slice(1).every((w) => /^\p{Ll}[\p{Ll}-]*$/u.test(w) || /^\p{Lu}{2,4}$/u.test(w)) &&
    tokens.slice(1).some((w) => /^\p{Ll}/u.test(w)) &&
    !tokens.some((w) => isOrgWord(w) || isLegalForm(w))
  );
}

function tidy(value: string): string {
  return unquote(collapse(value).replace(/[\s,;:.!]+$/, '')).replace(/[\s,;:.!]+$/, '');
}

/** An explanation says what happened; "please reset my 2FA" does not. */
function isExplanation(value: string): boolean {
  const folded = fold(value);
  if (isDeviceEvent(folded)) return true;
  const words = folded.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words.length >= 3 && !isResetAsk(folded) && !/^(n\/a|na|-|none|aucune?|geen|rien|niets)$/.test(folded.trim());
}

const NO_ORGANISATION =
  /^(?:-+|n\/?a|n\.?v\.?t\.?|none|no(?:ne| organi[sz]ation)?|nothing|not applicable|personal(?: account)?|private(?: account| person)?|individual|myself|geen(?: organisatie)?(?:[ ,].*)?|niet van toepassing|prive(?:-?account| persoon)?|particulier(?:e)?|aucune?(?: organisation)?|neant|pas d'organisation|a titre (?:prive|personnel)|moi-meme|privepersoon)$/;

/**
 * The organisation the writer typed after our label. "Expat Welcome Desk, Municipality of Overijse", "Service Population,
 * Commune d'Uccle", "Dienst Burgerzaken, Gemeente Zemst": a unit, a comma, then its body is the answer whole.
 */
// "Organisation : je suis indépendante, cabinet X", "Organisation: I'm self-employed, Y": what the writer is, said first;
// the body is what follows the comma.
const SELF_STATEMENT = /^(?:je suis|nous sommes|i am|i['’]m|we are|we['’]re|ik ben|wij zijn|we zijn)\s[^,]{1,40},\s*(?=\S)/iu;

// A signer's kinship to someone, beside their name: "(dochter)", "(daughter)", "– sa fille", ", zoon van …".
const KIN_SIGNED =
  /(?:\(|,\s*|\s[–—-]\s*)(?:(?:his|her|sa|son|zijn|haar)\s+)?(?:dochter|zoon|kleindochter|kleinzoon|echtgenote|echtgenoot|daughter|son|granddaughter|grandson|wife|husband|fille|fils|petite-fille|petit-fils|[ée]pouse|mari)\b/iu;

function labelledOrganisation(value: string): string {
  const stated = SELF_STATEMENT.exec(tidy(value));
  if (stated) return labelledOrganisation(tidy(value).slice(stated[0].length));
  const grabbed = tidy(grabOrganisation(value) ?? value);
  const [unit, ...rest] = tidy(value).split(/\s*,\s*/);
  const body = rest.join(', ');
  if (rest.length === 1 && unit && isUnitOnly(unit, (t) => hasBodyMarker(t)) && hasBodyMarker(body) && /^\p{Lu}/u.test(body) && body.split(/\s+/).length <= 6) {
    return `${unit}, ${body}`;
  }
  return grabbed;
}

/**
 * "Nom : Carine Lejeune, secrétaire", "Name: Tom Price, treasurer": the writer's post after a comma in the labelled name is
 * what they do, not more of their name.
 */
export function withoutPostAfterComma(value: string): string {
  const m = /^(.+?),\s*(.+)$/u.exec(value.trim());
  if (!m || !isFullName(m[1]!)) return value;
  const post = m[2]!.trim().replace(/[.;]$/, '');
  const words = post.split(/\s+/);
  return words.length <= 4 && isRoleWord(words[0]!) ? m[1]! : value;
}

function fromLabels(text: string) {
  const values = labelledValues(text);
  const labelled = labelledFullName(values);
  const name = labelled ? { ...labelled, value: withoutPostAfterComma(labelled.value) } : null;
  // "Organisation : particulier", "Organisatie: geen", "n/a": the writer says there is none.
  const org = values.find((v) => v.kind === 'organisation' && tidy(v.value).length >= 2 && !NO_ORGANISATION.test(fold(tidy(v.value))));
  const explanation = values.find((v) => v.kind === 'explanation' && isExplanation(v.value));
  const none = values.find((v) => v.kind === 'organisation' && NO_ORGANISATION.test(fold(tidy(v.value))));
  return {
    organisationNone: none ? none.snippet : null,
    name: name && isLabelledFullName(tidy(name.value)) ? { value: tidy(name.value), snippet: name.snippet } : null,
    organisation: org ? { value: labelledOrganisation(org.value), snippet: org.snippet } : null,
    explanation: explanation ? { value: clip(explanation.value), snippet: explanation.snippet } : null,
  };
}

/** The classes of event a sentence names, for --explain: " (event: water, crushed)". */
function eventClasses(sentence: string): string {
  const classes = eventClassesOf(fold(sentence));
  return classes.length > 0 ? ` (event: ${classes.join(', ')})` : '';
}

function proseExplanation(all: string[]): Found | null {
  const at = all.findIndex(
    (s, i) =>
      tellsWhatHappened(fold(s)) || (i + 1 < all.length && isCarrierEvent(fold(s), fold(all[i + 1]!))) || (i > 0 && isProFormEvent(fold(s), fold(all[i - 1]!))),
  );
  if (at < 0) return null;
  const carried = at + 1 < all.length && isCarrierEvent(fold(all[at]!), fold(all[at + 1]!));
  const sentence = carried && !tellsWhatHappened(fold(all[at]!)) ? `${all[at]!} ${all[at + 1]!}` : all[at]!;
  return { value: clip(sentence), snippet: sentence };
}

// "l asbl", "j ai", "d Ath": French elisions typed without their apostrophe.
// "c est", "c etait": the same for "ce" before the verb "to be" (a lone "c" before other words may be a letter).
function restoreElisions(text: string): string {
  return text
    .replace(/(?<![\p{L}\p{N}'’.])([jlmndsJLMNDS]) (?=[aeiouhéèêàâîôûAEIOUHÉÈÊÀÂÎÔÛ])/gu, "$1'")
    .replace(/(?<![\p{L}\p{N}'’.])([cC]) (?=(?:est|etait|était)\b)/gu, "$1'");
}

// "i. A. Katrin Schröder", "i.V. Jan Kraus", "ppa. Anna Weber", "p.o. Marie Dubois": German and French marks of signing
// for someone (im Auftrag, in Vertretung, per procura, par ordre) before the writer's name on a signature line.
function withoutProxyMarks(text: string): string {
  return text.replace(/^([ \t]*)(?:i\.\s?A\.|i\.\s?V\.|ppa\.|p\.\s?p\.|p\.\s?o\.)\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu})/gmu, '$1');
}

// "A.S.B.L.", "V.Z.W.", "B.V.B.A.": a legal form written with dots is the same form.
function undotLegalForms(text: string): string {
  return text.replace(/(?<![\p{L}.])((?:\p{L}\.){2,}\p{L}?)\.?(?![\p{L}])/gu, (whole, dotted: string) => {
    const letters = dotted.replace(/\./g, '');
    return isLegalForm(letters.toUpperCase()) || isLegalForm(letters) ? letters : whole;
  });
}

/**
 * The writer's own spelling of a legal form the reading undotted: "Fietsenmakerij De Koning vof" read from
 * "Fietsenmakerij De Koning v.o.f." is given back as written ("v.o.f.", "a.s.b.l.", "e.V.", "S.à r.l." stay theirs).
 */
function asWritten(value: string, written: string): string {
  // "Boulangerie Weber S.à r.l.", "Weber & Cie S.à.r.l.": a dotted abbreviation closing the name keeps its last dot.
  if (/(?:^|\s)(?:\p{L}{1,2}\.\s?)+\p{L}{1,2}$/u.test(value) && written.includes(`${value}.`)) return `${value}.`;
  const tokens = value.split(/\s+/);
  if (!tokens.some((t) => isLegalForm(t.toUpperCase()) || isLegalForm(t))) return value;
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = tokens
    .map((t) => ((isLegalForm(t.toUpperCase()) || isLegalForm(t)) && /^\p{L}+$/u.test(t) ? `${[...t].map(escape).join('\\.')}\\.?` : escape(t)))
    .join('\\s+');
  const found = new RegExp(`(?<![\\p{L}.])${pattern}(?![\\p{L}])`, 'u').exec(written);
  return found ? found[0] : value;
}

/**
 * "Kelly Vermeiren kapsalon Haarmonie Lier": a line near the end that opens with the sender's full name (as the From line
 * gives it) and runs on into more words is a signature typed on one line, name then body; it is read as two lines.
 */
const FIRM_WORD = /^(?:&|\+|co|cie|partners|associates|associ[ée]s|vennoten|zonen|zoon|sons|fils|fr[èe]res|brothers)$/iu;

/** A trade, a legal form or a firm's tail first ("Photography", "BV", "& Partners", "Coaching & Advies"): the rest of a firm's name. */
function isFirmTail(rest: string): boolean {
  // Up to the next part of the line: "Sofie Claes Design | Interieurarchitectuur".
  const tokens = rest
    .split(/\s*[|•·▪●■◆◦∙⋅]\s*|\s[–—-]\s/)[0]!
    .split(/\s+/)
    .map((t) => t.replace(/[.,]$/, ''))
    .filter(Boolean);
  // Written as part of the name, in capitals: "kapsalon Haarmonie" after the name is the kind of her salon, then its name.
  const first = tokens[0] ?? '';
  if (tokens.length === 0 || tokens.length > 6 || !(isLegalForm(first) || FIRM_WORD.test(first) || (isOrgWord(first) && /^\p{Lu}/u.test(first)))) return false;
  // What follows the trade is more of the firm's name: "Coaching & Advies", "Plumbing & Heating", "Design Studio BV".
  return (
    tokens.some((t) => !/^[&+]$/.test(t)) &&
    tokens.every((t) => isOrgWord(t) || isLegalForm(t) || FIRM_WORD.test(t) || /^(?:en|et|and)$/.test(t) || /^\p{Lu}/u.test(t))
  );
}

function splitNameRunOn(text: string, sender: Mailbox | null): string {
  const name = sender?.name?.trim().replace(/\s+/g, ' ') ?? '';
  if (name.split(' ').length < 2 || !isFullName(name)) return text;
  const lines = text.split('\n');
  const from = Math.max(0, lines.length - 6);
  for (let i = lines.length - 1; i >= from; i--) {
    const line = lines[i]!.trim();
    if (line.length > 80 || !fold(line).startsWith(`${fold(name)} `)) continue;
    const rest = line.slice(name.length).trim();
    // The rest must be words of a line of its own (a body, a role), not the sentence the name began.
    if (!rest || /[.!?]$/.test(rest) || rest.split(/\s+/).length > 6 || !/\p{Lu}/u.test(rest)) continue;
    // "Mia Holloway Photography", "Jan Peeters BV", "Carter & Co": a trade, a legal form or a firm's tail after the name
    // makes the whole line the writer's business, named after them.
    if (isFirmTail(rest)) continue;
    // "Sarah Lee / Sarah Lee Voice – freelance voice-over": the writer signed their name alone above; the line that adds
    // capitalised words to it (no role among them) is their business, not the name run on (see writersNamePlus).
    const head = rest.split(/\s+[–—-]\s+|\s*[|•·▪●■◆◦∙⋅,]\s*/u)[0]!;
    const signedAbove = lines.slice(from, i).some((l) => fold(l.trim()) === fold(name));
    if (signedAbove && !head.split(/\s+/).some((w) => isRoleWord(w)) && writersNamePlus(`${name} ${head}`, name, sender)) continue;
    lines.splice(i, 1, line.slice(0, name.length), rest);
    break;
  }
  return lines.join('\n');
}

// "cf objet", "voir objet", "see subject", "zie onderwerp": the text points to its subject line for what it asks.
const SUBJECT_REFERENCE =
  /^\s*(?:cf\.?|cfr\.?|voir|see|zie|vgl\.?|ref\.?|as per)\s+(?:l['’]|le |the |het |de )?(?:objet|sujet|subject|onderwerp|titel|title|subject line)\b[.!]?\s*$/imu;

/**
 * A text that only points to its subject ("cf objet / merci" under "URGENT reset 2FA - Thierry Hubert - Badminton Club
 * Andenne - GSM tombé dans l'eau") is written in the subject: its parts become the text, the statements first, and the
 * name and body parts under the writer's closing as the signature they stand for.
 */
function withSubjectReferred(text: string, subject: string): string {
  // Our own subject echoed under a ticket reference ("Re: [REC-2026-004417] Votre demande …") is our text, not theirs.
  if (!subject.trim() || /\bREC-\d{4}-\d+/i.test(subject)) return text;
  if (!SUBJECT_REFERENCE.test(text)) return text;
  const rest = text.split('\n').filter((line) => !SUBJECT_REFERENCE.test(line));
  if (rest.filter((line) => line.trim()).length > 4) return text;
  const parts = subject
    .replace(/^\s*((re|tr|fw|fwd|antw|aw)\s*:\s*)+/i, '')
    .split(/\s+[-–—|]\s+|\s*\|\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  const signs = parts.filter((p) => isFullName(p) || (hasBodyMarker(p) && p.split(/\s+/).length <= 6 && /^\p{Lu}/u.test(p)));
  const says = parts.filter((p) => !signs.includes(p)).map((p) => (/[.!?]$/.test(p) ? p : `${p}.`));
  const closing = rest.findIndex((line) => line.trim() !== '');
  const head = closing >= 0 ? rest.slice(0, closing + 1) : ['Merci'];
  return [...says, '', ...head, ...signs, ...(closing >= 0 ? rest.slice(closing + 1) : [])].join('\n');
}

// A reply's or a forward's subject: what it answers or passes on, not the writer's words of today.
const ANSWERED_SUBJECT = /^\s*(?:(?:re|tr|fw|fwd|antw|aw|sv|wg|doorst|r|ref|réf)\s*(?:\[\d+\])?\s*:\s*)+/iu;

/**
 * A text with no words of the writer's (nothing at all, or only a phone's "Sent from my iPhone", stripped before) is written
 * in its subject, as a phone's writer puts the whole mail in the subject line ("dropped my phone in the canal, cant get 2fa
 * codes anymore, pls reset. jess okonkwo, brussels kickball league"): the subject is read as the text (loop 27a). Never a
 * reply's or a forward's subject, nor ours (a ticket reference).
 */
function withSubjectAsText(text: string, subject: string): string {
  // (A title of a few words, "Broken MIME", "Bestellung 4711", names the matter; a message runs to a sentence's length.)
  const words = subject.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
  if (/\p{L}/u.test(text) || words < 8 || ANSWERED_SUBJECT.test(subject) || /\bREC-\d{4}-\d+/i.test(subject)) return text;
  return subject.trim();
}

// A group signing as such, alone on its line: "Het bestuur", "Het oogstfeestcomité", "Het organisatieteam", "Le comité
// organisateur", "L'équipe", "The organising committee". The article, the group word (on its own or closing a Dutch compound),
// at most two lower-case words of what the group does.
const GROUP_SIGNING =
  /^(?:het|de|le|la|les|l'|the|our|ons|onze|notre|votre|tout le|toute l')\s*(?:[a-z]+ )?[a-z]*(?:comite|committee|bestuur|team|ploeg|equipe|board|leiding|werkgroep|kern|crew|staff|volunteers|vrijwilligers|benevoles|organisatoren|organisers|organizers)(?: [a-z]+){0,2}[.,!]?$/;

/**
 * The name read is the line right under a group that signs ("Groetjes, / Het oogstfeestcomité / Oogstfeest Wortegem"), or
 * opens it: the group signs for its body, so the line names the body, not a person (the From display name it echoes is the body's
 * shared mailbox).
 */
function signedUnderGroup(text: string, value: string): boolean {
  const lines = text.split('\n').map((l) => fold(l.trim()));
  const target = fold(value.trim());
  // The line may go on after the name with its legal form or place ("Volkstuinen X vzw – Gent").
  const opens = (line: string) => line === target || (line.startsWith(target) && /^[^a-z0-9'-]/.test(line.slice(target.length)));
  return lines.some((line, i) => i > 0 && opens(line) && GROUP_SIGNING.test(lines[i - 1]!));
}

/**
 * The name read is the line a body signs with under the person who writes: under their given name alone ("Greet /
 * Toerisme Damme", "Jeroen (groepsleiding) / Akabe De Knapzak Zottegem") or under a post line ("De penningmeester van de
 * ouderraad / Sint-Victor Turnhout"), and the From display name echoes it. The person signed above; the line is the body
 * whose mailbox it is. (A given name above the same person's full name, "Jan / Jan Peeters", is the person: the given name
 * must be none of the line's words; under a post, From must be marked as a body.)
 */
function signedUnderSigner(text: string, value: string, sender: Mailbox | null): boolean {
  const display = sender?.name?.trim();
  if (!display) return false;
  const target = fold(value.trim());
  const words = (t: string) =>
    fold(t)
      .split(/[^a-z0-9'-]+/)
      .filter((w) => w.length >= 4);
  const shared = words(display).some((w) => words(value).includes(w));
  if (!shared) return false;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const at = lines.findLastIndex((l) => fold(l) === target || (fold(l).startsWith(target) && /^[^a-z0-9'-]/.test(fold(l).slice(target.length))));
  if (at < 1) return false;
  const above = lines[at - 1]!;
  const given = /^(\p{Lu}\p{Ll}+)(?:\s*(?:\([^()]{2,40}\)|[,–—-]\s*\p{L}[\p{L} ]{1,40}))?$/u.exec(above)?.[1];
  // (A closing alone on its line is no given name: "Cheers / Daniel Foster".)
  const closing =
    CLOSING_WORDS.test(above) ||
    /^(?:best|bien|hartelijk|vriendelijk|sincerely|yours|bye|ciao|salut|hello|hi|dag|doei|tschuss|merci|cordialement)\b/iu.test(above);
  // (Nor the short form of the line's own given name, "Dan / Daniel Price", "Rob / Robert Hale": the same person.)
  const same = (w: string) => w.slice(0, 3) === fold(given ?? '').slice(0, 3);
  const local = fold(sender?.address.split('@')[0] ?? '');
  if (
    given &&
    !closing &&
    !isRoleWord(given) &&
    !hasBodyMarker(given) &&
    !fold(value)
      .split(/[\s-]+/)
      .some(same) &&
    !local.split(/[^a-z]+/).some(same)
  )
    return true;
  // A post line: its first word (after an article) a post, no sentence ("De penningmeester van de ouderraad").
  const head = above.replace(/^(?:de|het|la|le|l['’]|the|een|un|une|a)\s+/iu, '').split(/\s+/)[0] ?? '';
  const post = isRoleWord(head.replace(/[,;:]$/, '')) && above.split(/\s+/).length <= 8 && !/[.!?]$/.test(above);
  return post && !isFullName(above) && hasBodyMarker(display);
}

/**
 * "Sandrine Collard - Lasne Autrement - plus d'accès", signed "Sandrine": the writer's full name as From gives it, written as
 * a part of their own subject line, when nothing in the text reads one.
 */
function subjectSigned(subject: string, sender: Mailbox | null): Found | null {
  const part = subjectSenderPart(subjectParts(subject), sender);
  return part ? { value: part, snippet: `Subject: ${subject}` } : null;
}

export function extractFields(writtenText: string, sender: Mailbox | null, companyNames: readonly string[] = [], subject = '', disclaimer = ''): Extraction {
  return readFields(writtenText, sender, companyNames, subject, disclaimer, true) as Extraction;
}

/**
 * extractFields, with how each field was chosen only when asked (`explain`): the worker's reading never shows it, and
 * building it reads some sources a second time (the prose statement's name, the subject's, each candidate's company check).
 */
export function readFields(
  writtenText: string,
  sender: Mailbox | null,
  companyNames: readonly string[],
  subject: string,
  disclaimer: string,
  explain: boolean,
): Omit<Extraction, 'explain'> & { explain: FieldsExplained | null } {
  const ownText = withSubjectAsText(writtenText, subject);
  const own = splitNameRunOn(withSubjectReferred(undotLegalForms(withoutProxyMarks(restoreElisions(ownText))), subject), sender);
  const all = sentences(own);
  const labels = fromLabels(own);
  const signature = signatureFields(own, sender, companyNames);
  // Our own company's name is never the writer's ("Bpart admin", "Beste Bpart").
  const theirs = (found: Found | null): Found | null => (found && !isOwnCompanyName(found.value, companyNames) ? found : null);
  const block = signatureBlock(own, sender, companyNames);
  // The line the rules would take for a name is the body signing from its shared mailbox ("Helping Hands Leuven").
  const signedByBody = (found: Found | null): Found | null =>
    found &&
    block?.parts.some((p) => p.kind === 'organisation' && p.text === found.value.trim()) &&
    sender &&
    (isSharedMailbox(sender.address) || isBodyWithPost(found.value, sender))
      ? null
      : found;
  // That body's line under a person's full name ("Pierre Dumoulin / Pierrot le Magicien – spectacles …" from contact@): the
  // person is the one who signs.
  const aboveBody = (found: Found | null): Found | null => {
    if (!found || signedByBody(found) || !block?.name || !isFullName(block.name.text)) return null;
    const body = block.parts.find((p) => p.kind === 'organisation' && p.text === found.value.trim());
    return body && body.line === block.name.line + 1 ? { value: block.name.text, snippet: block.name.lineText ?? block.name.text } : null;
  };
  // A block with no closing still signs when its structure says so: a name line, then a role or a body.
  // The next part may be on the name's own line ("Marie Dubois – ASBL Les Amis") or on the next one.
  const structured = ((): Found | null => {
    if (!block || block.closed || !block.name || block.name.line !== 0 || !isFullName(block.name.text)) return null;
    const next = block.parts[block.parts.indexOf(block.name) + 1];
    return next && next.line <= 1 && (next.kind === 'role' || next.kind === 'organisation') ? { value: block.name.text, snippet: block.name.text } : null;
  })();
  // The writer introducing themself outside a signature ("Bonjour, ici Marc Dupuis de …"), or signing at the end of one paragraph.
  const introduced = introducedName(all);
  // "Jan zegt dat ik … / Jan & Mieke Van Hecke": under a couple's signature, the one not spoken of writes.
  const coupleLine = block?.closed ? block.parts.find((p) => p.line === 0)?.text : undefined;
  const coupleName = coupleLine ? coupleWriter(coupleLine, all.join(' ')) : null;
  const coupleSigned: Found | null = coupleName && coupleLine ? { value: coupleName, snippet: coupleLine } : null;
  const signedEnd = signedAtEnd(all, sender);
  // The writer's own name as From has it, written out in the text ("here you go: Peter Lindqvist, Waterloo …").
  const written = writtenSenderName(all, sender);
  // "Els Declercq (dochter)" under "ik schrijf namens mijn vader, Roger Declercq" from Roger's mailbox: a signer who signs
  // as the kin of someone writes for them, and the account holder is the person From names, as the text writes them.
  const forKin = signature.name && KIN_SIGNED.test(signature.name.snippet) && written ? written : null;
  const underSigner = (found: Found | null): Found | null => (found && signedUnderSigner(own, found.value, sender) ? null : found);
  const byGroup = (found: Found | null): Found | null =>
    found && (signedUnderGroup(own, found.value) || signedUnderSigner(own, found.value, sender)) ? null : found;
  // "Opwijks Bierfestival / Wim Verbeeck / Penningmeester / Opwijks Bierfestival vzw" from Wim Verbeeck: the block's name
  // line that is the From display name, a full name, letter for letter, is the one who signs; a name-shaped line above it
  // that From does not bear out is the body's greeting.
  // (Not from a mailbox that spells the display name whole: "tervurengardenfair@" is the body's own.)
  const display =
    sender?.name && isFullName(sender.name) && !hasBodyMarker(sender.name) && !squashed(sender.address.split('@')[0] ?? '').includes(squashed(sender.name))
      ? squashed(sender.name)
      : '';
  // (With their post under or beside it: a body's From name signs alone, "Oogstfeest Wortegem".)
  const fromPart = display
    ? block?.parts.find(
        (p, i) => p.kind === 'name' && squashed(p.text) === display && block.parts[i + 1]?.kind === 'role' && block.parts[i + 1]!.line <= p.line + 1,
      )
    : undefined;
  const fromSigner: Found | null = fromPart ? { value: fromPart.text, snippet: fromPart.lineText ?? fromPart.text } : null;
  const prose = proseName(all, sender);
  const givenThenFull = givenNameThenFullName(own);
  const subjectName = subjectSigned(subject, sender);
  const lowerIntroduced = introducedLowerName(all, sender);
  const name =
    theirs(labels.name) ??
    theirs(prose) ??
    theirs(forKin) ??
    theirs(signature.name && fromSigner && squashed(signature.name.value) !== display ? fromSigner : null) ??
    theirs(underSigner(signedByBody(signature.name))) ??
    theirs(aboveBody(signature.name)) ??
    theirs(givenThenFull) ??
    theirs(fromSigner) ??
    theirs(structured) ??
    theirs(introduced) ??
    theirs(byGroup(signedEnd)) ??
    theirs(byGroup(written)) ??
    theirs(lowerIntroduced) ??
    theirs(coupleSigned) ??
    theirs(subjectName);
  const nameInput = {
    ruleValues: (
      [
        [labels.name, 'label'],
        [prose, 'prose'],
        [forKin, 'kin'],
        [signature.name, 'signature'],
        [givenThenFull, 'given-then-full'],
        [fromSigner, 'from-signer'],
        [structured, 'structure'],
        [introduced, 'introduction'],
        [signedEnd, 'signed-end'],
        [written, 'written'],
        [lowerIntroduced, 'introduced-lower'],
        [coupleSigned, 'couple'],
        [subjectName, 'subject'],
      ] as const
    ).flatMap(([found, source]) => (found ? [{ value: found.value, source }] : [])),
  };
  const legalForm = legalFormOrganisation(all);
  const spelled = senderSpelledSpan(all, sender, name?.value ?? null, companyNames);
  // The organisation given back as a bare line under the name, answering our request for details (answer-lines.ts).
  const answered = labels.organisation ? null : answeredOrganisation(own, name?.value ?? null, findTicketRef(subject) !== null);
  const labelled = labels.organisation ?? answered;
  const ruleOrder: [string, Found | null][] = [
    ['label', labelled],
    ['prose statement', proseOrganisation(all)],
    [
      "the signature's line naming the writer's own mail domain",
      // (Unless the signature's own reading holds it and says more: "VOLLEY VLAANDEREN – PROVINCIE LIMBURG".)
      block?.domainOwner?.organisation && !(signature.organisation && fold(signature.organisation.value).includes(fold(block.domainOwner.organisation)))
        ? { value: block.domainOwner.organisation, snippet: block.domainOwner.lineText ?? block.domainOwner.text }
        : null,
    ],
    ['signature', signature.organisation],
    ['legal form in a sentence', legalForm],
  ];
  const firstRuled = ruleOrder.find(([, f]) => theirs(f) !== null);
  // The name the sender's mail spells letter for letter, written in the text, over a reading that names no body, or that it
  // holds whole ("Arabesque – École de danse" over "École de danse"); a reading that holds it says more ("Épicerie
  // coopérative Le Panier Malin" ↔ lepaniermalin.be), a marked body beside it is the writer's unit of the domain's owner.
  // (A candidate from any source that holds it says more too.)
  const reading = firstRuled?.[1]?.value ?? null;
  const spelledWins =
    spelled !== null &&
    firstRuled?.[0] !== 'label' &&
    (reading === null ||
      (!squashed(reading).includes(squashed(spelled.value)) &&
        ((/^[\p{Lu}\d]/u.test(spelled.value) && squashed(spelled.value).includes(squashed(reading))) || isPhraseOfWork(reading))));
  let ruled: [string, Found | null] | undefined = spelledWins ? ["the name the sender's mail spells letter for letter", spelled] : firstRuled;
  const orgInputs = {
    sentences: all,
    label: labelled,
    signature: signature.organisation,
    block,
    legalForm,
    spelled: null as Found | null,
    sender,
    ruleChoice: firstRuled ? firstRuled[1] : null,
    companyNames,
    fullName: name?.value ?? null,
    subject,
    disclaimer,
  };
  let candidates = organisationCandidates(orgInputs);
  // (Nor a span in lower case that only runs a capitalised name the text reads into its kind: "crèche Les P'tits Loups".)
  const holds = (c: OrgCandidate) => squashed(c.value) !== squashed(spelled!.value) && squashed(c.value).includes(squashed(spelled!.value));
  const runsInto = (c: OrgCandidate) => !/^[\p{Lu}\d]/u.test(spelled!.value) && squashed(spelled!.value).includes(squashed(c.value));
  if (spelledWins && !candidates.some((c) => !c.vetoed && (holds(c) || runsInto(c))))
    candidates = organisationCandidates({ ...orgInputs, spelled, ruleChoice: spelled });
  else if (spelledWins) ruled = firstRuled;
  let organisation: Found | null;
  let orgRule: string;
  let organisationFromHeaderOnly = false;
  if (labels.organisationNone) {
    // The writer's own label says there is none ("Organisatie: geen"): nothing else outranks that.
    organisation = null;
    orgRule = `the writer's label says there is none (${JSON.stringify(labels.organisationNone)})`;
    for (const c of candidates) c.refused ??= 'the writer labelled the organisation as none';
  } else if (ORG_CHOOSER === 'scorer') {
    // The name the sender's mail spells letter for letter, where it wins (above), is the evidence itself: no score overrules it.
    const spelledOne = candidates.find((c) => !c.vetoed && c.sources.includes('spelled'));
    const scored = spelledOne ?? chooseOrganisation(candidates, ORG_MODEL);
    // Of several bodies, the one the writer says the request is about ("This is about the practice account").
    const named = scored && !spelledOne ? accountNamedCandidate(candidates, all, ORG_MODEL.threshold) : null;
    const best = named && named !== scored ? named : scored;
    if (best !== scored && scored) {
      scored.refused = `the text says the request is about another account (${JSON.stringify(best!.value)})`;
      delete best!.refused;
    }
    if (spelledOne) {
      spelledOne.score = scoreCandidate(spelledOne, ORG_MODEL);
      for (const c of candidates) if (c !== spelledOne && !c.vetoed) c.refused = "the text writes the name the sender's mail spells letter for letter";
    }
    const hint = best ? null : (displayNameHint(candidates) ?? senderSpelledCandidate(candidates, sender));
    organisation = best ? { value: best.value, snippet: best.snippet } : hint ? { value: hint.value, snippet: hint.snippet } : null;
    organisationFromHeaderOnly = !best && Boolean(hint) && hint!.sources.every((source) => source === 'from');
    orgRule = spelledOne
      ? "the name the sender's mail spells letter for letter (own domain, a provider mailbox, a body's display name), written in the text"
      : best && best !== scored
        ? `of the bodies the text names, the one it says the request is about (score ${best.score!.toFixed(2)} ≥ threshold ${ORG_MODEL.threshold})`
        : best
          ? `fitted scorer: highest score ${best.score!.toFixed(2)} ≥ threshold ${ORG_MODEL.threshold}`
          : hint
            ? hint.sources.every((source) => source === 'from')
              ? `the From display name as a hint: the text names no body, the display name is marked as one`
              : `the text's name that the From display name or mailbox spells: no candidate reached the threshold`
            : `fitted scorer: no candidate at or above the threshold ${ORG_MODEL.threshold}`;
  } else {
    organisation = ruled ? ruled[1] : null;
    orgRule = ruled ? `ordered rules: the first source that reads one (${ruled[0]})` : 'ordered rules: no source reads one';
    for (const c of candidates) {
      c.score = scoreCandidate(c, ORG_MODEL);
      if (!c.vetoed && !(ruled && c.features.rule_choice)) c.refused = c.features.role_only ? 'a role, not a body' : 'a later source or not read by the rules';
    }
  }
  const explanation = labels.explanation ?? proseExplanation(all);

  const fields: ExtractedFields = {
    fullName: name && (isFullName(name.value) || isLabelledFullName(name.value)) ? tidy(withoutHonorific(name.value)) : null,
    organisation: organisation ? asWritten(tidy(organisation.value), restoreElisions(ownText)) : null,
    explanation: explanation ? explanation.value : null,
  };
  const snippets: Partial<Record<FieldName, string>> = {};
  if (fields.fullName && name) snippets.fullName = clip(name.snippet);
  if (fields.organisation && organisation) snippets.organisation = clip(organisation.snippet);
  if (fields.explanation && explanation) snippets.explanation = clip(explanation.snippet);
  const organisationInput = { text: own, saidNone: labels.organisationNone !== null };
  if (!explain) return { fields, snippets, explain: null, organisationFromHeaderOnly, organisationInput, sentences: all, nameInput };
  const nameConsidered = [
    { value: labels.name?.value, source: 'label' },
    { value: prose?.value, source: 'prose statement' },
    { value: signature.name?.value, source: 'signature' },
    { value: structured?.value, source: 'signature structure' },
    { value: introduced?.value, source: 'self-introduction' },
    { value: signedEnd?.value, source: 'signed at the end of the text' },
    { value: written?.value, source: 'the From name written in the text' },
    { value: coupleSigned?.value, source: "a couple's signature, the partner not spoken of" },
    { value: subjectName?.value, source: 'the From name as a part of the subject line' },
  ]
    .filter((c): c is { value: string; source: string } => Boolean(c.value))
    .map((c) => ({
      ...c,
      ...(isOwnCompanyName(c.value, companyNames)
        ? { refused: 'our own company name (COMPANY_NAMES)' }
        : name && c.value === name.value
          ? {}
          : c.source === 'signature' && !signedByBody(signature.name)
            ? { refused: 'the body signing from its shared mailbox, not a person' }
            : c.source === 'signature' && forKin
              ? { refused: 'signed as the kin of the person From names, who is written in the text: the writer writes for them' }
              : name
                ? { refused: 'a later source' }
                : { refused: 'not a full name' }),
    }));
  const explained: FieldsExplained = {
    fullName: {
      rule: name
        ? "ordered rules: label → prose statement → signature → signature structure → self-introduction → signed at the end of the text → the From name written in the text → a couple's signature → the From name in the subject"
        : 'no source reads a full name',
      considered: nameConsidered,
    },
    organisation: { rule: orgRule, candidates },
    explanation: {
      rule: labels.explanation
        ? 'label'
        : explanation
          ? `a sentence saying what happened to the device${eventClasses(explanation.snippet)}`
          : 'no sentence says what happened',
    },
    signature: block,
  };
  return { fields, snippets, explain: explained, organisationFromHeaderOnly, organisationInput, sentences: all, nameInput };
}
