// The learned chooser of the general name generator's candidates (name-candidates.ts; stop 27, issue 14): logistic
// regression on hashed features of each candidate and its place in the text, fitted on the seen set by
// scripts/name-compare.ts (the one writer of name-learned-weights.ts). Its job is narrow: where the rules read no full name
// on a recovery request, it may supply the candidate it believes most, at or beyond its threshold; it never replaces a
// rule's reading. What it must learn to refuse: a first name and a role, a body, a town, a greeting, a phrase of prose,
// our own company, and the person the writer writes about or for.
// The From display name and mailbox are hints only (SPEC §4): a candidate is always written in the text; that From bears it
// out is one feature among others.

import { hashBucket, hashedProbability, type HashedChooser } from '../hashed-logistic.ts';
import type { Mailbox } from '../message.ts';
import { fold } from '../text-tools.ts';
import { closingIndex, nameCandidates, type NameCandidate } from './name-candidates.ts';
import { isFullName, PARTICLES } from './names.ts';
import { hasBodyMarker, isLegalForm, isOrgWord, isOwnCompanyName } from './organisations.ts';
import { learnedCandidates, scoreLearned } from './org-learned.ts';
import { ORG_LEARNED } from './org-learned-weights.ts';
import { isPlaceName } from './places.ts';
import { writesLowerCase } from './prose.ts';
import { isRoleWord } from './roles.ts';
import { classifyPart, isSharedMailbox, signatureLines } from './signature-block.ts';

export const NAME_LEARNED_BUCKETS = 4096;

export type NameLearnedModel = HashedChooser;

export interface LearnedName extends NameCandidate {
  keys: string[];
  probability?: number;
}

/** What the reader knows of the message beside its text. */
export interface NameInputs {
  /** The writer's own text as the rules read it. */
  text: string;
  sender: Mailbox | null;
  companyNames: readonly string[];
  /** What the rules considered (refused ones too), with their sources. */
  ruleValues: readonly { value: string; source: string }[];
  /** The rules' reading, when they read one (the chooser decides only where they read none). */
  ruleName: string | null;
  /** The rules' organisation reading: a span that is it, or shares its words, names the body. */
  ruleOrganisation: string | null;
  subject: string;
}

const word = (t: string) => fold(t).replace(/[^a-z'-]/g, '');

function shape(token: string): string {
  if (/^\p{Lu}\.$/u.test(token)) return 'I.';
  if (PARTICLES.has(fold(token))) return /^\p{Lu}/u.test(token) ? 'P' : 'p';
  if (/^\p{Lu}+$/u.test(token.replace(/['’.-]/g, ''))) return 'A';
  if (/^\p{Lu}/u.test(token)) return 'Aa';
  return 'a';
}

// Positions relative to a landmark line, capped: the lines right after a closing are a signature's.
const relative = (at: number, landmark: number) =>
  landmark < 0 || at < 0 ? 'none' : at - landmark > 3 ? '+4' : at - landmark < -3 ? '-4' : String(at - landmark);

interface Layout {
  lines: string[];
  closing: number;
  lowerCase: boolean;
  kinds: string[];
  /** The organisation chooser's belief in each span it generates (folded value → p): a body's name is no person's. */
  orgBelief: Map<string, number>;
}

function layoutOf(text: string, inputs: NameInputs): Layout {
  const lines = signatureLines(text);
  return {
    lines,
    closing: closingIndex(lines),
    lowerCase: writesLowerCase(text),
    // What each line is as a signature's part (a role, a body, a phone, an address…).
    kinds: lines.map((l) => (l.length > 120 ? 'long' : classifyPart(l, inputs.companyNames, inputs.sender))),
    orgBelief: new Map(
      scoreLearned(
        ORG_LEARNED,
        learnedCandidates({ text, sender: inputs.sender, fullName: null, companyNames: inputs.companyNames, subject: inputs.subject }),
      ).map((c) => [fold(c.value), c.probability!]),
    ),
  };
}

/** The named features of one candidate (each present once, value 1): why each is there is said beside it. */
export function nameKeys(c: NameCandidate, layout: Layout, inputs: NameInputs): string[] {
  const keys: string[] = [];
  const raw = c.value.split(/\s+/);
  const words = raw.map(word);
  // The words themselves (greetings, roles, bodies, verbs weigh; each person's name is rare and weighs little).
  for (const w of words) keys.push(`w:${w}`);
  keys.push(`first:${words[0]}`, `last:${words[words.length - 1]}`);
  // Token shapes: "Aa Aa" a name, "A Aa" surname first in capitals, "a a" lower case, "I. Aa" an initial, particles.
  keys.push(`shape:${raw.map(shape).join(' ')}`, `len:${raw.length}`);
  // The first word's beginning, ending and length: given names have their own letters ("-ie", "-an", "Jan", "Marie"),
  // a body's first word its own ("Dorpsfeesten", "Toerisme"); a word of ten letters or more is rarely a given name.
  const given = words[0]!.replace(/[^a-z]/g, '');
  keys.push(`gb:${given.slice(0, 3)}`, `ge:${given.slice(-3)}`, `glen:${Math.min(given.length, 10)}`);
  // The words that can be a name's (two letters or more, no particle).
  const named = words.filter((w) => w.length >= 2 && !PARTICLES.has(w));
  keys.push(`fullname:${isFullName(c.value) ? 1 : 0}`);
  // Where it was read and how many sources agree. Not whether the rules read it: nearly every right name of the seen set
  // is a rule's reading, and the chooser decides only where the rules read none, so it must learn a name by itself.
  const own = c.sources.filter((s) => !s.startsWith('rule:'));
  for (const s of own) keys.push(`src:${s}`);
  keys.push(`nsrc:${Math.min(own.length, 4)}`);
  // What precedes it on its line (an introduction's words, "namens", "for") and what follows it ("," a role after it).
  keys.push(`prev:${c.before[c.before.length - 1] ?? '^'}`, `prev2:${c.before.join(' ') || '^'}`, `next:${c.after}`);
  keys.push(`prev+src:${c.before[c.before.length - 1] ?? '^'} ${c.sources[0]}`);
  // Its line: relative to the closing, from the end, its length, whole or not, a sentence or not.
  const at = c.lineIndex;
  const fromEnd = at < 0 ? -1 : layout.lines.length - 1 - at;
  keys.push(`closing:${relative(at, layout.closing)}`, `end:${Math.min(fromEnd, 8)}`, `closed:${layout.closing >= 0 ? 1 : 0}`);
  const lineWords = c.line.trim().split(/\s+/).length;
  keys.push(`linewords:${Math.min(lineWords, 12)}`, `whole:${fold(c.line.trim()).replace(/[.,;:!?]+$/, '') === fold(c.value) ? 1 : 0}`);
  keys.push(`sentence:${/[.!?]$/.test(c.line.trim()) ? 1 : 0}`);
  // The lines around it as a signature's parts: a role or a body under a name, a closing above it.
  const kind = (i: number) => (i < 0 || i >= layout.kinds.length ? '^' : layout.kinds[i]!);
  if (at >= 0) {
    keys.push(`kind:${kind(at)}`, `kind-next:${kind(at + 1)}`, `kind-prev:${kind(at - 1)}`, `kind-around:${kind(at - 1)} ${kind(at + 1)}`);
    keys.push(`first-after-closing:${layout.closing >= 0 && at === layout.closing + 1 ? 1 : 0}`);
  }
  // Words that are no person's: roles, bodies, legal forms, towns; our own company.
  keys.push(`role:${raw.some((t) => isRoleWord(t)) ? 1 : 0}`, `org:${raw.some((t) => isOrgWord(t) || isLegalForm(t)) ? 1 : 0}`);
  keys.push(`place:${isPlaceName(c.value) || raw.some((t) => isPlaceName(t)) ? 1 : 0}`, `own:${isOwnCompanyName(c.value, inputs.companyNames) ? 1 : 0}`);
  keys.push(`line-role:${c.line.split(/\s+/).some((t) => isRoleWord(t)) ? 1 : 0}`);
  // The organisation chooser's belief that the span is the writer's body, bucketed (none: not among its candidates).
  const orgP = layout.orgBelief.get(fold(c.value));
  keys.push(`orgp:${orgP === undefined ? 'none' : orgP >= 0.5 ? 'high' : orgP >= 0.1 ? 'mid' : 'low'}`);
  const orgWords = new Set(
    fold(inputs.ruleOrganisation ?? '')
      .split(/[^a-z]+/)
      .filter((w) => w.length >= 2),
  );
  const inOrg = named.filter((w) => orgWords.has(w.replace(/[^a-z]/g, ''))).length;
  keys.push(`rule-org:${inputs.ruleOrganisation === null ? 'none' : fold(inputs.ruleOrganisation) === fold(c.value) ? 'same' : Math.min(inOrg, 2)}`);
  // What the value itself reads as, as a signature's part (a name, a body, a role), and a body's marks in it.
  keys.push(`as-part:${classifyPart(c.value, inputs.companyNames, inputs.sender)}`, `body:${hasBodyMarker(c.value) ? 1 : 0}`);
  // A shared mailbox (info@, secretariaat@) is a body's: its display name is the body's, not a person's.
  keys.push(`shared:${inputs.sender && isSharedMailbox(inputs.sender.address) ? 1 : 0}`);
  // The From display name and mailbox bear it out (a hint only): how many of its words they hold.
  const display = new Set(
    fold(inputs.sender?.name ?? '')
      .split(/[^a-z]+/)
      .filter((w) => w.length >= 2),
  );
  const local = fold(inputs.sender?.address.split('@')[0] ?? '').replace(/[^a-z]/g, '');
  const domain = fold(inputs.sender?.address.split('@')[1] ?? '').replace(/[^a-z]/g, '');
  const inDisplay = named.filter((w) => display.has(w.replace(/[^a-z]/g, ''))).length;
  keys.push(`display:${Math.min(inDisplay, 2)}`, `display-all:${named.length > 0 && inDisplay === named.length ? 1 : 0}`);
  keys.push(`display-given:${named[0] && display.has(named[0].replace(/[^a-z]/g, '')) ? 1 : 0}`);
  const inLocal = named.filter((w) => w.length >= 3 && local.includes(w.replace(/[^a-z]/g, ''))).length;
  // The mailbox spells a person's given name and surname, or an initial and the surname ("t.ashworth", "jan.peeters").
  const last = named[named.length - 1]?.replace(/[^a-z]/g, '') ?? '';
  const firstName = named[0]?.replace(/[^a-z]/g, '') ?? '';
  const localPerson = last.length >= 3 && local.includes(last) && firstName !== last && local.replace(last, '').startsWith(firstName.slice(0, 1));
  // Together: a display name the value matches whole, from a mailbox that spells no person, or a shared one, is a body's.
  keys.push(
    `from:${named.length > 0 && inDisplay === named.length ? 1 : 0}${localPerson ? 1 : 0}${inputs.sender && isSharedMailbox(inputs.sender.address) ? 1 : 0}`,
  );
  // What the rules considered and did not read (their reading is never where the chooser decides): the source refused.
  for (const s of c.sources) if (s.startsWith('rule:') && fold(c.value) !== fold(inputs.ruleName ?? '')) keys.push(`refused:${s.slice(5)}`);
  keys.push(
    `local-person:${last.length >= 3 && local.includes(last) && firstName !== last && local.replace(last, '').startsWith(firstName.slice(0, 1)) ? 1 : 0}`,
  );
  keys.push(`local:${Math.min(inLocal, 2)}`, `domain:${named.some((w) => w.length >= 4 && domain.includes(w.replace(/[^a-z]/g, ''))) ? 1 : 0}`);
  keys.push(`display-display:${Math.min(inDisplay, 2)} ${Math.min(inLocal, 2)} ${shape(raw[0]!)}`);
  // How the writer writes: in lower case no capital tells a name, so the other features must.
  keys.push(`lower:${layout.lowerCase ? 1 : 0}`, `lower+shape:${layout.lowerCase ? 1 : 0} ${raw.map(shape).join(' ')}`);
  return keys;
}

/** The generator's candidates of a text, each with its features' names. */
export function learnedNames(inputs: NameInputs): LearnedName[] {
  const layout = layoutOf(inputs.text, inputs);
  return nameCandidates(inputs.text, inputs.ruleValues).map((c) => ({ ...c, keys: nameKeys(c, layout, inputs) }));
}

export const nameBucket = (key: string) => hashBucket(key, NAME_LEARNED_BUCKETS);

export function nameProbability(model: NameLearnedModel, keys: readonly string[]): number {
  return hashedProbability(model, new Set(keys.map(nameBucket)));
}

/** The candidates with their probabilities, best first. */
export function scoreNames(model: NameLearnedModel, candidates: LearnedName[]): LearnedName[] {
  for (const c of candidates) c.probability = nameProbability(model, c.keys);
  return candidates.sort((a, b) => b.probability! - a.probability!);
}

/** Whether a candidate is the organisation the rules read (a body's name is never the writer's: no labelled mail has both the same). */
export function isReadOrganisation(c: NameCandidate, ruleOrganisation: string | null): boolean {
  return ruleOrganisation !== null && fold(c.value) === fold(ruleOrganisation.trim());
}

/**
 * What the chooser supplies: its best candidate at or beyond the threshold, when the combination is on; never the
 * organisation the rules read.
 */
export function nameChoice(model: NameLearnedModel, scored: readonly LearnedName[], ruleOrganisation: string | null = null): LearnedName | null {
  const best = scored.find((c) => !isReadOrganisation(c, ruleOrganisation));
  return model.combination === 'adds' && best && best.probability! >= model.threshold ? best : null;
}
