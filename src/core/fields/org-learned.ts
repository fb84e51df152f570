// The learned chooser of the general generator's candidates (org-spans.ts; stop 26, issue 14): logistic regression on
// hashed features of each candidate and its place in the text, fitted on the seen set by scripts/org-compare.ts (the
// one writer of org-learned-weights.ts). It has a narrow job: where the rules read no organisation on a recovery request,
// it may supply the candidate it believes most, at or beyond its threshold; it never replaces a rule's reading.
// What it must learn to refuse is the cost: a role, a town, a person, our own company, a product, a street.

import { hashBucket, hashedProbability, type HashedChooser } from '../hashed-logistic.ts';
import { fold } from '../text-tools.ts';
import { isFullName } from './names.ts';
import { hasBodyMarker, isLegalForm, isOrgWord, isOwnCompanyName } from './organisations.ts';
import { namesNoBody } from './org-span.ts';
import { organisationSpans, type SpanCandidate } from './org-spans.ts';
import { isPlaceName } from './places.ts';
import { isRoleOnly, isRoleWord } from './roles.ts';
import { holdsContactLine, isClosingLine, mailboxSpells } from './signature-block.ts';
import type { Mailbox } from '../message.ts';

export const ORG_LEARNED_BUCKETS = 4096;

export type OrgLearnedModel = HashedChooser;

export interface LearnedCandidate {
  value: string;
  line: string;
  sources: string[];
  keys: string[];
  probability?: number;
}

/** What the reader knows of the message beside its text. */
export interface LearnedInputs {
  text: string;
  sender: Mailbox | null;
  fullName: string | null;
  companyNames: readonly string[];
  subject: string;
}

const word = (t: string) => fold(t).replace(/[^a-z0-9&']/g, '');

function shape(token: string): string {
  return token
    .replace(/\p{Lu}+/gu, 'A')
    .replace(/\p{Ll}+/gu, 'a')
    .replace(/\d+/g, '9')
    .slice(0, 4);
}

/** Where the writer closes (the last closing line) and signs (the line with their name), and how the text is cased. */
interface Layout {
  lines: string[];
  closing: number;
  nameLine: number;
  lowerCase: boolean;
}

function layoutOf(text: string, fullName: string | null): Layout {
  const lines = text.split('\n');
  const closing = lines.findLastIndex((l) => l.trim() !== '' && l.trim().split(/\s+/).length <= 6 && isClosingLine(l.trim()));
  const name = fullName ? fold(fullName) : '';
  const nameLine = name ? lines.findLastIndex((l) => fold(l).includes(name)) : -1;
  const letters = text.replace(/[^\p{L}]/gu, '');
  const lowerCase = letters.length > 20 && letters.replace(/\p{Lu}/gu, '').length / letters.length > 0.97;
  return { lines, closing, nameLine, lowerCase };
}

// Positions relative to a landmark line, capped: the lines right after a closing or a name are a signature's.
const relative = (at: number, landmark: number) => (landmark < 0 ? 'none' : at - landmark > 3 ? '+4' : at - landmark < -3 ? '-4' : String(at - landmark));

/** The named features of one candidate (each present once, value 1): why each is there is said beside it. */
export function candidateKeys(c: SpanCandidate, layout: Layout, inputs: LearnedInputs): string[] {
  const keys: string[] = [];
  const raw = c.value.split(/\s+/).filter(Boolean);
  const words = raw.map(word).filter(Boolean);
  // The words themselves, and the endings of long ones (-club, -kring, -school name a body; -iste, -eur a profession).
  for (const w of words) {
    keys.push(`w:${w}`);
    if (w.length >= 5) keys.push(`s4:${w.slice(-4)}`);
  }
  // The first and the last word apart: a body's name ends on its kind or its place, a phrase cut short on an article.
  keys.push(`first:${words[0] ?? ''}`, `last:${words[words.length - 1] ?? ''}`);
  // Its length in words, and the shape of its words (capitals, digits): "Aa Aa" a name, "a a a" a phrase.
  keys.push(`len:${Math.min(raw.length, 8)}`, `shape:${raw.slice(0, 4).map(shape).join(' ')}`);
  // Where it was read (a signature's line, a part of one, after a link of belonging, a run of capitals, parentheses)…
  for (const s of c.sources) keys.push(`src:${s}`);
  keys.push(`prose:${c.prose ? 1 : 0}`);
  // … what precedes it (the link word, "for the", "van de") and what follows it (the end of the phrase, or a verb: cut).
  keys.push(`prev:${c.before[c.before.length - 1] ?? '^'}`, `prev2:${c.before.join(' ') || '^'}`, `next:${c.after}`);
  keys.push(`prev+src:${c.before[c.before.length - 1] ?? '^'} ${c.sources[0]}`);
  // The line it sits in, relative to the closing and to the writer's name, and from the end: a signature's place.
  const fromEnd = layout.lines.length - 1 - c.lineIndex;
  keys.push(`closing:${relative(c.lineIndex, layout.closing)}`, `name:${relative(c.lineIndex, layout.nameLine)}`, `end:${Math.min(fromEnd, 6)}`);
  keys.push(`whole-line:${fold(c.line.trim()) === fold(c.value) ? 1 : 0}`);
  // Kinds of body and legal forms (the project's own lists), how many and where: "Sportdienst Willebroek", "X vzw".
  const orgWords = raw.filter((t) => isOrgWord(t)).length;
  keys.push(`orgwords:${Math.min(orgWords, 2)}`, `legal:${raw.some((t) => isLegalForm(t) || isLegalForm(t.toUpperCase())) ? 1 : 0}`);
  keys.push(`marker:${hasBodyMarker(c.value, layout.lowerCase) ? 1 : 0}`, `nobody:${namesNoBody(c.value) ? 1 : 0}`);
  // A role ("trésorier", "voorzitter") or a role's phrase is what the writer does, not their body.
  keys.push(`role-first:${raw[0] && isRoleWord(raw[0]) ? 1 : 0}`, `role-only:${isRoleOnly(c.value, (t) => hasBodyMarker(t)) ? 1 : 0}`);
  keys.push(`role-any:${raw.some((t) => isRoleWord(t)) ? 1 : 0}`);
  // A town alone, a person's name, the writer's own name: never an organisation on their own.
  keys.push(`place:${isPlaceName(c.value) ? 1 : 0}`, `person:${isFullName(c.value) ? 1 : 0}`);
  const name = inputs.fullName ? fold(inputs.fullName) : '';
  keys.push(`writer:${name && fold(c.value).includes(name) ? 1 : 0}`);
  const given = fold(inputs.sender?.name?.split(/\s+/)[0] ?? '');
  keys.push(`given:${given.length >= 3 && words.includes(given) ? 1 : 0}`);
  // A street, a phone, a web or mail address, a number: contact shapes, not a name.
  keys.push(`contact:${holdsContactLine(c.value) ? 1 : 0}`, `digit:${/\d/.test(c.value) ? 1 : 0}`);
  // Our own company's name is never the writer's.
  keys.push(`own:${isOwnCompanyName(c.value, inputs.companyNames) ? 1 : 0}`);
  // The From display name or mailbox bears it out ("TC Begijnendijk <info@tcbegijnendijk.be>"), or the subject holds it.
  const squash = (s: string) => fold(s).replace(/[^a-z0-9]/g, '');
  const display = squash(inputs.sender?.name ?? '');
  const address = fold(inputs.sender?.address ?? '');
  const v = squash(c.value);
  keys.push(`display:${v.length >= 4 && display.includes(v) ? 1 : 0}`);
  keys.push(`mailbox:${v.length >= 5 && (address.replace(/[^a-z0-9@]/g, '').includes(v) || mailboxSpells(c.value, address)) ? 1 : 0}`);
  keys.push(`subject:${v.length >= 4 && squash(inputs.subject).includes(v) ? 1 : 0}`);
  // How the writer writes: in lower case no capital tells a name, so the other features must.
  keys.push(`lower:${layout.lowerCase ? 1 : 0}`);
  return keys;
}

/** The generator's candidates of a text, each with its features' names. */
export function learnedCandidates(inputs: LearnedInputs): LearnedCandidate[] {
  // The name's chooser (name-learned.ts) weighs the organisation chooser's belief in each span, and on a request that
  // lacks both the organisation's chooser then asks for the same candidates of the same text: the last answer is kept,
  // and given again (as new objects: the callers score and sort them) when every input is the same.
  if (lastCandidates === null || !sameInputs(lastCandidates.inputs, inputs)) {
    const layout = layoutOf(inputs.text, inputs.fullName);
    const candidates = organisationSpans(inputs.text, inputs.companyNames).map((c) => ({
      value: c.value,
      line: c.line,
      sources: c.sources,
      keys: candidateKeys(c, layout, inputs),
    }));
    lastCandidates = { inputs: { ...inputs, sender: inputs.sender && { ...inputs.sender }, companyNames: [...inputs.companyNames] }, candidates };
  }
  return lastCandidates.candidates.map((c) => ({ value: c.value, line: c.line, sources: [...c.sources], keys: [...c.keys] }));
}

let lastCandidates: { inputs: LearnedInputs; candidates: readonly LearnedCandidate[] } | null = null;

function sameInputs(a: LearnedInputs, b: LearnedInputs): boolean {
  return (
    a.text === b.text &&
    a.fullName === b.fullName &&
    a.subject === b.subject &&
    (a.sender === null ? b.sender === null : b.sender !== null && a.sender.address === b.sender.address && a.sender.name === b.sender.name) &&
    a.companyNames.length === b.companyNames.length &&
    a.companyNames.every((n, i) => n === b.companyNames[i])
  );
}

export const learnedBucket = (key: string) => hashBucket(key, ORG_LEARNED_BUCKETS);

export function learnedProbability(model: OrgLearnedModel, keys: readonly string[]): number {
  return hashedProbability(model, new Set(keys.map(learnedBucket)));
}

/** The candidates with their probabilities, best first; the chosen one is the first when it reaches the threshold. */
export function scoreLearned(model: OrgLearnedModel, candidates: LearnedCandidate[]): LearnedCandidate[] {
  for (const c of candidates) c.probability = learnedProbability(model, c.keys);
  return candidates.sort((a, b) => b.probability! - a.probability!);
}

/** What the chooser supplies: its best candidate at or beyond the threshold, when the combination is on. */
export function learnedChoice(model: OrgLearnedModel, scored: readonly LearnedCandidate[]): LearnedCandidate | null {
  const best = scored[0];
  return model.combination === 'adds' && best && best.probability! >= model.threshold ? best : null;
}
