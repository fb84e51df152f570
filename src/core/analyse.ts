// One message → the SPEC §4 reading (what `recovery-desk inspect` prints),
// plus the reasons and snippets an agent needs to trust or overrule it.

import { boundedForReading } from './reading-bounds.ts';
import { asksUsAboutLockOut, classify, readRecovery } from './classify.ts';
import { readFields, type FieldsExplained } from './extract-fields.ts';
import { detectLanguage, footerLanguage } from './language.ts';
import { FIELD_NAMES, type ExtractedFields, type FieldName, type InboundMessage, type Language, type MessageKind } from './message.ts';
import { disclaimerText, ownText, quotedAuthor } from './strip-quotes.ts';
import { findTicketRef } from './ticket-status.ts';
import { clip, fold } from './text-tools.ts';
import {
  combinedIsRequest,
  kindFeatures,
  modelMayAdd,
  modelMayRemove,
  requestProbability,
  topKindFeatures,
  type KindCombination,
  type KindModel,
} from './kind-model.ts';
import { KIND_COMBINATION, KIND_MODEL } from './kind-weights.ts';
import { startReading } from './recovery-vocabulary.ts';
import { learnedCandidates, learnedChoice, scoreLearned, type LearnedCandidate, type OrgLearnedModel } from './fields/org-learned.ts';
import { ORG_LEARNED } from './fields/org-learned-weights.ts';
import { learnedNames, nameChoice, scoreNames, type LearnedName, type NameLearnedModel } from './fields/name-learned.ts';
import { NAME_LEARNED } from './fields/name-learned-weights.ts';
import { readExplanation, type ExplanationCombination, type ExplanationModel, type ExplanationReading } from './explanation-model.ts';
import { EXPLANATION_COMBINATION, EXPLANATION_MODEL } from './explanation-weights.ts';

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
  /** With options.explain, for mail a person wrote: the learned kind model's reading beside the rules'. */
  kindModel?: KindModelReading | null;
  /** With options.explain, where fields were read: the general generator's candidates and the learned chooser's reading. */
  organisationModel?: OrganisationModelReading | null;
  /** With options.explain, for a request whose rules read no explanation: the learned explanation reader's best sentence. */
  explanationModel?: ExplanationReading | null;
  /** With options.explain, where fields were read: the general name generator's candidates and the learned chooser's reading. */
  nameModel?: NameModelReading | null;
}

export interface NameModelReading {
  /** Whether the chooser may decide here: a recovery request the rules read no full name in. */
  mayDecide: boolean;
  /** Whether its best candidate was taken (at or beyond the threshold, the combination on). */
  decided: boolean;
  threshold: number;
  /** Best first, with their probabilities (none when no model is given). */
  candidates: LearnedName[];
}

export interface OrganisationModelReading {
  /** Whether the chooser may decide here: a recovery request the rules read no organisation in. */
  mayDecide: boolean;
  /** Whether its best candidate was taken (at or beyond the threshold, the combination on). */
  decided: boolean;
  threshold: number;
  /** Best first, with their probabilities (none when no model is given). */
  candidates: LearnedCandidate[];
}

export interface KindModelReading {
  /** The model's probability that the message is a recovery request. */
  probability: number;
  rules: 'recovery_request' | 'other';
  /** Whether the model's reading replaced the rules' (beyond the margin, when the combination is on). */
  overrode: boolean;
  top: { key: string; contribution: number }[];
}

/** What the reader needs to know about us: our own names are never the writer's. */
export interface ReadingOptions {
  /** Our company and product names (COMPANY_NAMES): never read as the writer's organisation or name. */
  companyNames?: readonly string[];
  /** Add how each field was chosen (candidates, scores, refusals): `inspect --explain`. */
  explain?: boolean;
  /** The learned kind model and how it combines with the rules (default: kind-weights.ts); null: the rules alone. */
  kindModel?: { model: KindModel; combination: KindCombination } | null;
  /** The learned chooser of the general generator's organisation candidates (default: org-learned-weights.ts); null: the rules alone. */
  orgModel?: OrgLearnedModel | null;
  /** The learned explanation reader and how it combines with the rules (default: explanation-weights.ts); null: the rules alone. */
  explanationModel?: { model: ExplanationModel; combination: ExplanationCombination } | null;
  /** The learned chooser of the general name generator's candidates (default: name-learned-weights.ts); null: the rules alone. */
  nameModel?: NameLearnedModel | null;
  /**
   * The worker's reading: fields are read only from mail a step can act on, a request or mail
   * that claims one of our threads (a follow-up's details go to its ticket). Other mail outside
   * any thread is ignored whatever it says, and its fields stay unread (null). The kind is the
   * same either way: the only rule that reads fields of such mail needs a ticket reference.
   * Off for `inspect` and the evaluation, which read everything.
   */
  onlyActedOn?: boolean;
  /**
   * Whether the message answers one of our own mails: its In-Reply-To or References carry a
   * Message-ID we signed (message-id.ts), which the caller checked with our key. When given, only
   * that makes a quoted mail ours: a ticket reference written in a subject, an attribution or a
   * quoted header is anyone's (Eve writes "REC-2026-000123" into her phishing mail's display name,
   * address or subject). Left out (the evaluation, `inspect`), a ticket reference marks our mail.
   */
  ourThread?: boolean;
}

const NO_FIELDS: ExtractedFields = { fullName: null, organisation: null, explanation: null };

const REPLY_SUBJECT = /^\s*((re|antw|aw|sv|r|rif|ref)\s*(\[\d+\])?\s*:\s*)+/i;

export function analyse(message: InboundMessage, options: ReadingOptions = {}): Analysis {
  return analyseWithOwnText(message, options).analysis;
}

// "Fwd:", "FW:", "TR:" (fr), "WG:" (de), "Doorst:" (nl), "RV:" (es), after any reply prefixes.
const FORWARD_SUBJECT = /^\s*((re|antw|aw|sv)\s*:\s*)*(fwd?|tr|wg|doorst|rv)\s*(\[\d+\])?\s*:/i;

/**
 * Whether the subject is a forwarded mail's, written by that mail's author ("Fwd: Lost my phone,
 * please reset my 2FA" from Eve), not by the writer (SPEC §4): a forward of someone else's mail.
 * A forward of the writer's own earlier mail keeps its subject, as its text.
 */
function forwardedSubject(message: InboundMessage, own: string, ourThread: boolean | undefined): boolean {
  const forwardLike = FORWARD_SUBJECT.test(message.subject) || (quotesSubjectLine(message, own) && strangersQuote(message, ourThread));
  // The writer's text read a second time (without their address), only for a subject that looks passed on.
  return forwardLike && ownText(message.text, null) === own;
}

// Any client's prefixes before a subject it answers or forwards, in any language: short words with
// a colon, numbered or not ("Re[2]:", "AW:", "Doorst:", "I:", "PD:", "İLT:", "VB:", "回复：").
const SUBJECT_PREFIXES = /^(?:\s*\p{L}{1,8}(?:\s*\[\d+\])?\s*[:：]\s*)+/u;
const bareSubject = (subject: string) => subject.replace(SUBJECT_PREFIXES, '').replace(/\s+/g, ' ').trim().toLowerCase();
// A quoted header line ("Subject: …", "Oggetto: …", "Temat: …", "> Konu: …"): a label word or two and a colon.
const HEADER_LINE = /^[\s>]*\p{L}[\p{L} .'-]{0,24}?\s*[:：]\s*(\S.*)$/u;

/**
 * Whether, below the writer's own text, a quoted header line carries this very subject: the mail
 * the writer passes on had it, whatever prefix their client put before it (a language the forward
 * prefixes above do not list: Italian "I:", Polish "PD:", Swedish "VB:", Turkish "İLT:").
 */
function quotesSubjectLine(message: InboundMessage, own: string): boolean {
  const bare = bareSubject(message.subject);
  if (bare.length < 4) return false;
  const ownLines = new Set(own.split('\n').map((line) => line.trim()));
  return message.text.split('\n').some((line) => {
    const value = HEADER_LINE.exec(line)?.[1];
    return value !== undefined && !ownLines.has(line.trim()) && bareSubject(value) === bare;
  });
}

/**
 * Whether the quoted mail is neither ours nor the writer's own (their address on its attribution).
 * Ours: a reply to a Message-ID we signed when the caller could check it (`ourThread`), else a
 * ticket reference in the subject or the quoted header.
 */
function strangersQuote(message: InboundMessage, ourThread: boolean | undefined): boolean {
  if (ourThread === true) return false;
  if (ourThread === undefined && findTicketRef(message.subject) !== null) return false;
  const { address, head } = quotedAuthor(message.text);
  return head.trim() !== '' && address !== message.from[0]?.address && (ourThread === false || findTicketRef(head) === null);
}

/**
 * Whether a reply's subject is a stranger's: not our ticket's, and the mail it quotes was written by
 * someone who is neither the writer nor us (a phishing mail's "Lost my phone, reset my 2FA" that the
 * holder answered through its Reply-To: support@). Its words ask for nothing of the writer's.
 * Our own mail is known by our signed Message-ID in In-Reply-To or References (`ourThread`; without
 * it, by its ticket reference in the subject or the quoted header), never by a name in the quoted
 * address: "bpart.evil.example" is anyone's, and so is a ticket reference Eve writes. An attribution without an
 * address (Thunderbird's "On …, Eve wrote:") names no one we could trust: a stranger's.
 */
function strangersReplySubject(message: InboundMessage, ourThread: boolean | undefined): boolean {
  return (REPLY_SUBJECT.test(message.subject) && strangersQuote(message, ourThread)) || unquotedAnswerToStranger(message, ourThread);
}

/**
 * An answer that quotes nothing ("Who are you? I did not ask for this." under "Re: Lost my phone,
 * please reset my 2FA", a client set not to quote, an autoresponder's "Auto: …") to a mail that is
 * not ours: In-Reply-To or References name a mail, the caller checked it is none we signed, and a
 * client's prefix stands before the subject it copied. That mail's author chose the subject; with no
 * quote there is no attribution to say it was the writer's own. Only when the caller could check
 * (`ourThread` given): without our key a ticket reference is all there is to go by.
 */
function unquotedAnswerToStranger(message: InboundMessage, ourThread: boolean | undefined): boolean {
  if (ourThread !== false || quotedAuthor(message.text).head.trim() !== '') return false;
  if (message.inReplyTo || message.references.length > 0) return SUBJECT_PREFIXES.test(message.subject);
  // No In-Reply-To either (Eve's mail had no Message-ID): a reply prefix without our ticket
  // reference. Our replies' subjects carry it, and a client that dropped the headers keeps it.
  return REPLY_SUBJECT.test(message.subject) && findTicketRef(message.subject) === null;
}

/**
 * The reading and the writer's own text it was read from (quotes stripped), so no caller strips it again; with the sentences
 * the explanation was looked for in ([] where no field was read: scripts/explanation-compare.ts fits on them).
 */
export function analyseWithOwnText(message: InboundMessage, options: ReadingOptions = {}): { analysis: Analysis; own: string; sentences: readonly string[] } {
  // The vocabulary's memos (each sentence's signals, read once) hold this message's sentences only.
  startReading();
  // A bounded view of it: the reader's rules cost more than the text's length on some shapes (reading-bounds.ts).
  const own = boundedForReading(ownText(message.text, message.from[0]?.address ?? null));
  const forwarded = forwardedSubject(message, own, options.ourThread);
  const strangers = strangersReplySubject(message, options.ourThread);
  const classification = classify(message, own);
  let { kind } = classification;
  const reasons = [...classification.reasons];
  const first = message.from[0];
  const sender = first ? { address: first.address, name: first.name } : null;
  // Machine-written mail has no writer whose details we could read.
  const automatic = kind === 'bounce' || kind === 'auto_reply';
  // A nudge about a request ("toujours pas de réponse !") is read: the details it brings make it the request.
  // Other mail outside our threads (not a status query) is ignored by the worker whatever it says: its fields are not read.
  const ignoredByWorker = (k: MessageKind) => options.onlyActedOn === true && k === 'other' && !claimsThread(message) && !reasons.includes('text:status-query');
  const ignoredAnyway = ignoredByWorker(kind);
  const readSubject = forwarded || strangers ? '' : message.subject;
  const readFieldsNow = () => readFields(own, first ?? null, options.companyNames ?? [], readSubject, disclaimerText(message.text), options.explain === true);
  let extraction = automatic || ignoredAnyway ? null : readFieldsNow();
  let fields = extraction?.fields ?? { ...NO_FIELDS };
  let snippets: NonNullable<typeof extraction>['snippets'] = extraction?.snippets ?? {};
  // A reply whose recovery wording is only in the subject it echoes ("Re: Your
  // 2FA reset request") is part of that conversation only if it brings one of
  // the details; "Thanks!" under our subject asks for nothing.
  // Under a stranger's subject a signature's name and body are no details: the writer's own text
  // must say what happened to their device.
  const broughtDetails = strangers ? fields.explanation !== null : FIELD_NAMES.some((f) => fields[f] !== null);
  if (kind === 'recovery_request' && (REPLY_SUBJECT.test(message.subject) || strangers) && !readRecovery('', own).isRecovery && !broughtDetails) {
    kind = 'other';
    reasons.push('text:reply-without-details');
  }
  // The same for a forward of someone else's mail: its subject asks for nothing of the writer's.
  // Their own text must say what happened to their device (a signature's name and body are no request).
  // Unless the writer's own words tell the lock-out and ask us to act on it ("Pourriez-vous faire le nécessaire ?", loop 28a).
  if (kind === 'recovery_request' && forwarded && !readRecovery('', own).isRecovery && fields.explanation === null && !asksUsAboutLockOut(own)) {
    kind = 'other';
    reasons.push('text:forward-without-explanation');
  }
  // A reply under our ticket's subject ("Re: [REC-2026-000330] More details needed") that brings
  // a detail answers our request for details: it is part of that recovery request, whatever words it uses.
  // Not when the writer says the trouble is over ("Thanks, I could log in again").
  // Nor when the writer withdraws the request ("Vous pouvez annuler ma demande") or only asks for news of it.
  // A signed name is only a signature under "any news?"; an organisation or an explanation brought with it are details.
  // (An organisation only hinted by the From display name, "Camping Les Murets <…@gmail.com>", is not brought by the nudge.)
  // Nor by the sign-off: an organisation read from a line that holds it alone ("Wim Peeters / Kringloopwinkel X vzw") signs the
  // nudge as the name above it does; told in a sentence or after a label it is a detail brought (loop 27a).
  // Unless the writer says they still cannot get in: a lock-out told with the nudge asks for access again, and the ticket asks
  // for what is missing rather than the mail being ignored (security-redteam-stop22's control: the holder's own nudge).
  const signedOnly =
    fields.organisation !== null && !reasons.includes('text:access-problem') && onlyOnLinesOfItsOwn(fields.organisation, own, snippets.organisation ?? '');
  const orgBrought = fields.organisation !== null && extraction?.organisationFromHeaderOnly !== true && !signedOnly;
  const newsOnly = reasons.includes('text:status-query') && !orgBrought && fields.explanation === null;
  const settled = newsOnly || ['text:already-resolved', 'text:mass-greeting', 'text:request-withdrawn'].some((r) => reasons.includes(r));
  if (
    kind === 'other' &&
    !settled &&
    !strangers &&
    REPLY_SUBJECT.test(message.subject) &&
    findTicketRef(message.subject) !== null &&
    FIELD_NAMES.some((f) => fields[f] !== null)
  ) {
    kind = 'recovery_request';
    reasons.push('text:details-for-our-ticket');
  }
  // "Je vous ai écrit samedi et toujours pas de réponse ! C'est pour le Royal Gym Club": a nudge about a request
  // (our subject or the writer's own, "Re: GSM perdu - plus accès") that brings an organisation or an explanation
  // is part of that request, under our ticket or not; a bare nudge stays other.
  if (kind === 'other' && reasons.includes('text:status-query') && !newsOnly) {
    kind = 'recovery_request';
    reasons.push('text:details-with-nudge');
  }
  // The learned model (kind-model.ts), beside the rules, on mail a person wrote (every reason read in
  // the text: no header, no automatic mark). Combined, it replaces the rules' reading only beyond its
  // margin; otherwise it is read for --explain only and decides nothing.
  const learned = options.kindModel === undefined ? { model: KIND_MODEL, combination: KIND_COMBINATION } : options.kindModel;
  // Read only where it may decide (on mail the rules made other for want of a 2FA word, or a request that rests on a device
  // event alone), or when explained.
  const mayDecide =
    learned !== null &&
    learned.combination.chooser === 'combined' &&
    (learned.combination.direction !== 'adds-requests' || (kind === 'other' ? modelMayAdd(reasons) : kind === 'recovery_request' && modelMayRemove(reasons)));
  const consult = learned !== null && (mayDecide || options.explain === true);
  let kindModel: KindModelReading | null = null;
  if (consult && (kind === 'recovery_request' || kind === 'other') && reasons.every((r) => r.startsWith('text:'))) {
    const rulesSayRequest = kind === 'recovery_request';
    const features = kindFeatures(message.subject, own, { isRecovery: rulesSayRequest, reasons }, learned.model.features);
    const probability = requestProbability(learned.model, features);
    const request =
      learned.combination.chooser === 'combined'
        ? combinedIsRequest(rulesSayRequest, probability, learned.combination.margin, learned.combination.direction, reasons)
        : rulesSayRequest;
    kindModel = { probability, rules: kind, overrode: request !== rulesSayRequest, top: options.explain ? topKindFeatures(learned.model, features) : [] };
    if (request !== rulesSayRequest) {
      reasons.push(`model:${request ? 'request' : 'other'} p=${probability.toFixed(2)}`);
      kind = request ? 'recovery_request' : 'other';
    }
  }
  // The worker skipped the fields of mail the rules read as other outside any thread; the model made it a request after all:
  // its fields are read now, as the whole reading read them (the rules above that read fields apply to requests and threads).
  if (extraction === null && ignoredAnyway && kind === 'recovery_request') {
    extraction = readFieldsNow();
    ({ fields, snippets } = extraction);
  }
  // Under a stranger's subject (a quote or an answer to a mail that is not ours, or a forward of
  // someone else's mail), whichever rule or model read a request above, only the writer's own words
  // saying what happened make one: a signature under "What request? I never submitted one." or
  // "Any news? I never asked you anything." is no nudge about a request of theirs (stop 22).
  if (kind === 'recovery_request' && (strangers || forwarded) && fields.explanation === null && !readRecovery('', own).isRecovery && !asksUsAboutLockOut(own)) {
    kind = 'other';
    reasons.push('text:strangers-subject-without-explanation');
  }
  // The general name generator's candidates and their learned chooser (name-learned.ts), one way only: on a recovery request
  // the rules read no full name in, its best candidate at or beyond the threshold is supplied; a rule's reading is never
  // replaced, and no kind changes. Read only where it may decide, or when explained. Before the organisation's chooser,
  // which reads the writer's name.
  const nameModelGiven = options.nameModel === undefined ? NAME_LEARNED : options.nameModel;
  const nameMayDecide = kind === 'recovery_request' && extraction !== null && fields.fullName === null;
  let nameModel: NameModelReading | null = null;
  if (extraction && (options.explain === true || (nameMayDecide && nameModelGiven?.combination === 'adds'))) {
    const inputs = {
      text: extraction.organisationInput.text,
      sender,
      companyNames: options.companyNames ?? [],
      ruleValues: extraction.nameInput.ruleValues,
      ruleName: fields.fullName,
      ruleOrganisation: fields.organisation,
      subject: readSubject,
    };
    const candidates = nameModelGiven ? scoreNames(nameModelGiven, learnedNames(inputs)) : learnedNames(inputs);
    const choice = nameModelGiven && nameMayDecide ? nameChoice(nameModelGiven, candidates, fields.organisation) : null;
    if (choice) {
      fields = { ...fields, fullName: choice.value };
      snippets = { ...snippets, fullName: clip(choice.line.trim()) };
      reasons.push(`model:name p=${choice.probability!.toFixed(2)}`);
    }
    nameModel = { mayDecide: nameMayDecide, decided: choice !== null, threshold: nameModelGiven?.threshold ?? 1, candidates };
  }
  // The general generator's candidates and their learned chooser (org-learned.ts), one way only: on a recovery request the
  // rules read no organisation in (the writer not saying there is none), its best candidate at or beyond the threshold is
  // supplied; a rule's reading is never replaced. Read only where it may decide, or when explained: off the hot path.
  const orgModel = options.orgModel === undefined ? ORG_LEARNED : options.orgModel;
  const orgMayDecide = kind === 'recovery_request' && extraction !== null && fields.organisation === null && !extraction.organisationInput.saidNone;
  let organisationModel: OrganisationModelReading | null = null;
  if (extraction && (options.explain === true || (orgMayDecide && orgModel?.combination === 'adds'))) {
    const inputs = {
      text: extraction.organisationInput.text,
      sender,
      fullName: fields.fullName,
      companyNames: options.companyNames ?? [],
      subject: readSubject,
    };
    const candidates = orgModel ? scoreLearned(orgModel, learnedCandidates(inputs)) : learnedCandidates(inputs);
    const choice = orgModel && orgMayDecide ? learnedChoice(orgModel, candidates) : null;
    if (choice) {
      fields = { ...fields, organisation: choice.value };
      snippets = { ...snippets, organisation: clip(choice.line.trim()) };
    }
    organisationModel = { mayDecide: orgMayDecide, decided: choice !== null, threshold: orgModel?.threshold ?? 1, candidates };
  }
  // The learned explanation reader (explanation-model.ts), one way only: on a request whose rules read no explanation, it
  // may supply the sentence that tells what happened, beyond its threshold. It never removes nor replaces the rules' reading,
  // and it comes after every rule above that reads the explanation: it changes no kind. Read only where it may decide, or
  // when explained (the worker's hot path reads it on a request without an explanation only).
  const explainer = options.explanationModel === undefined ? { model: EXPLANATION_MODEL, combination: EXPLANATION_COMBINATION } : options.explanationModel;
  let explanationModel: ExplanationReading | null = null;
  if (
    explainer !== null &&
    kind === 'recovery_request' &&
    fields.explanation === null &&
    extraction?.sentences !== undefined &&
    (explainer.combination.chooser === 'adds' || options.explain === true)
  ) {
    explanationModel = readExplanation(explainer.model, extraction.sentences, explainer.combination.threshold, options.explain === true);
    if (explanationModel !== null && explainer.combination.chooser !== 'adds') explanationModel.decided = false;
    if (explanationModel?.decided) {
      fields = { ...fields, explanation: explanationModel.value };
      snippets = { ...snippets, explanation: explanationModel.value };
      reasons.push(`model:explanation p=${explanationModel.probability.toFixed(2)}`);
    }
  }
  const missing = kind === 'recovery_request' ? FIELD_NAMES.filter((f) => fields[f] === null) : [];
  const language =
    detectLanguage(own, footerLanguage(message.text)) ?? detectLanguage(message.subject.replace(/^((re|fwd?|tr|aw|wg|antw|doorst)\s*:\s*)+/i, ''));
  // Read as a request first, then made other by a rule above (a forward without an explanation): the worker keeps none of
  // its details, as for any other mail outside our threads it ignores from the start.
  const analysis: Analysis = ignoredByWorker(kind)
    ? { kind, language, sender, fields: { ...NO_FIELDS }, missing, reasons, snippets: {} }
    : { kind, language, sender, fields, missing, reasons, snippets };
  if (options.explain) {
    analysis.explain = extraction?.explain ?? null;
    analysis.kindModel = kindModel;
    analysis.organisationModel = organisationModel;
    analysis.explanationModel = explanationModel;
    analysis.nameModel = nameModel;
    if (nameModel?.decided && analysis.explain)
      analysis.explain = {
        ...analysis.explain,
        fullName: {
          ...analysis.explain.fullName,
          rule: `learned chooser: its best candidate, p ${nameModel.candidates[0]!.probability!.toFixed(2)} ≥ threshold ${nameModel.threshold}`,
        },
      };
    if (explanationModel?.decided && analysis.explain)
      analysis.explain = {
        ...analysis.explain,
        explanation: {
          rule: `learned reader: its best sentence, p ${explanationModel.probability.toFixed(2)} ≥ threshold ${explainer!.combination.threshold}`,
        },
      };
  }
  return { analysis, own, sentences: extraction?.sentences ?? [] };
}

/** Whether the text writes the value only on lines that hold it alone (a signature's line), never within a sentence. */
function onlyOnLinesOfItsOwn(value: string, text: string, snippet: string): boolean {
  const bare = (line: string) =>
    fold(line)
      .replace(/[\s.,;:!]+$/, '')
      .trim();
  const target = bare(value);
  const lines = text.split('\n').filter((line) => fold(line).includes(target));
  return lines.length > 0 ? lines.every((line) => bare(line) === target) : bare(snippet) === target;
}

/** In-Reply-To, References or a ticket reference in the subject: the message claims a thread of ours. */
function claimsThread(message: Pick<InboundMessage, 'inReplyTo' | 'references' | 'subject'>): boolean {
  return Boolean(message.inReplyTo) || message.references.length > 0 || findTicketRef(message.subject) !== null;
}
