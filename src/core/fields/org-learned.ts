// The learned chooser of the general generator's candidates (org-spans.ts; stop 26, issue 14): logistic regression on
// hashed features of each candidate and its place in the text, fitted on the seen set by scripts/org-compare.ts (the
// one writer of org-learned-weights.ts). It has a narrow job: where the rules read no organisation on a recovery request,
// it may supply the candidate it believes most, at or beyond its threshold; it never replaces a rule's reading.
// What it must learn to refuse is the cost: a role, a town, a person, our own company, a product, a street.

import { hashBucket, hashedProbability } from '../hashed-logistic.ts';
import { fold } from '../text-tools.ts';
import { isFullName } from './names.ts';
import { hasBodyMarker, isLegalForm, isOrgWord, isOwnCompanyName } from './organisations.ts';
import { namesNoBody } from './org-span.ts';
import { organisationSpans, type SpanCandidate } from './org-spans.ts';
import { isPlaceName } from './places.ts';
import { isRoleOnly, isRoleWord } from './roles.ts';
import { holdsContactLine, isClosingLine, isConsumerMailbox, mailboxSpells } from './signature-block.ts';
import type { Mailbox } from '../message.ts';

export const ORG_LEARNED_BUCKETS = 4096;

export interface OrgLearnedModel {
  bias: number;
  /** Bucket → weight; buckets not listed weigh 0. */
  weights: Record<number, number>;
  /** The probability at or beyond which the chooser supplies its best candidate. */
  threshold: number;
  /** 'adds': it supplies one where the rules read none; 'off': computed for --explain only. */
  combination: 'adds' | 'off';
}

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
  keys.push(`len:${Math.min(raw.length, 8)}`, `${THIRD_ROUND && layout.lowerCase ? 'lower-' : ''}shape:${raw.slice(0, 4).map(shape).join(' ')}`);
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
  if (THIRD_ROUND) keys.push(...wordEvidence(c, raw, words, inputs));
  return keys;
}

// Stop 27's features, measured and not kept (off unless ORG27=1, for scripts/org-compare.ts only; the committed weights
// were fitted without them): evidence that holds whatever the case of the writer's text.
export const THIRD_ROUND = process.env.ORG27 === '1';
// A writer tells what they are in the body before naming it: "I'm the treasurer for the X", "ik beheer het account van X".
const RUNS = new Set('run runs manage manages coach coaches lead leads chair chairs own owns gere dirige beheer beheren leid'.split(' '));
const BELONGING = new Set('pour chez namens voor van bij for of at with'.split(' '));
const SMALL = new Set(
  "the le la les l' de du des het 't een a an un une our my onze ons mijn notre mon ma nos mes d' van der den of and et en & in on op at for pour voor bij".split(
    ' ',
  ),
);

/** Content words of a name (no article, connector or link; three letters or more), folded, letters and digits only. */
const contentWords = (words: readonly string[]) => words.filter((w) => w.length >= 3 && !SMALL.has(w)).map((w) => w.replace(/[^a-z0-9]/g, ''));

/** How many of `words` a squashed string holds, as a share: 'none', 'some', 'all' ('-' when there is nothing to compare). */
function overlap(words: readonly string[], squashed: string): string {
  if (words.length === 0 || squashed.length < 3) return '-';
  const hits = words.filter((w) => w.length >= 3 && squashed.includes(w)).length;
  return hits === 0 ? 'none' : hits === words.length ? 'all' : 'some';
}

function wordEvidence(c: SpanCandidate, raw: readonly string[], words: readonly string[], inputs: LearnedInputs): string[] {
  const keys: string[] = [];
  const content = contentWords(words);
  // The writer's own names (From's display name, the full name read): a mailbox or display that spells them says nothing of a body.
  const person = new Set(
    `${inputs.sender?.name ?? ''} ${inputs.fullName ?? ''}`
      .split(/[\s,.'’-]+/)
      .map((t) => word(t).replace(/[^a-z0-9]/g, ''))
      .filter((t) => t.length >= 3),
  );
  const address = fold(inputs.sender?.address ?? '');
  const [local = '', domain = ''] = address.split('@');
  // A body's own domain (not a provider anyone can sign up to) that holds the candidate's words: "manege De Vlaamse
  // Ardennen" ↔ manegevlaamseardennen.be. (SPEC §4: a name only in the address is none; a span of the text it confirms is.)
  const label = isConsumerMailbox(address)
    ? ''
    : domain
        .split('.')
        .slice(0, -1)
        .join('')
        .replace(/[^a-z0-9]/g, '');
  keys.push(`domain:${label ? overlap(content, label) : 'consumer'}`);
  // A mailbox's local part that holds words other than the writer's names: vossemotters@gmail.com, info.khckuurne@…
  keys.push(
    `local:${overlap(
      content.filter((w) => !person.has(w)),
      local.replace(/[^a-z0-9]/g, ''),
    )}`,
  );
  // From's display name beyond the writer's own names: "Wendy – TC Begijnendijk", "Secretariaat Chiro Kuurne".
  const display = (inputs.sender?.name ?? '')
    .split(/\s+/)
    .map(word)
    .filter((w) => w.length >= 3 && !person.has(w) && !SMALL.has(w))
    .join(' ');
  keys.push(`display-words:${overlap(content, display.replace(/[^a-z0-9]/g, ''))}`);
  // Kinds of body in any case, where in the name they stand: "swim club" ends on one, "sportdienst willebroek" opens on one.
  keys.push(`orgword-first:${raw[0] && isOrgWord(raw[0]) ? 1 : 0}`, `orgword-last:${raw.length > 1 && isOrgWord(raw[raw.length - 1]!) ? 1 : 0}`);
  keys.push(`place-last:${raw.length > 1 && isPlaceName(raw[raw.length - 1]!) ? 1 : 0}`);
  // What the writer says before it in the line: a role, a verb of running a body, a link of belonging (whatever the language).
  const line = fold(c.line);
  const at = line.indexOf(fold(c.value));
  const before =
    at > 0
      ? line
          .slice(0, at)
          .split(/[^\p{L}'’]+/u)
          .filter(Boolean)
          .slice(-6)
      : [];
  keys.push(`role-before:${before.some((t) => isRoleWord(t)) ? 1 : 0}`, `runs-before:${before.some((t) => RUNS.has(t)) ? 1 : 0}`);
  const link = [...before].reverse().find((t) => !SMALL.has(t) || BELONGING.has(t));
  keys.push(`belonging:${link && BELONGING.has(link) ? 1 : 0}`);
  return keys;
}

/** The generator's candidates of a text, each with its features' names. */
export function learnedCandidates(inputs: LearnedInputs): LearnedCandidate[] {
  const layout = layoutOf(inputs.text, inputs.fullName);
  return organisationSpans(inputs.text, inputs.companyNames).map((c) => ({
    value: c.value,
    line: c.line,
    sources: c.sources,
    keys: candidateKeys(c, layout, inputs),
  }));
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
