// A learned reader of the explanation beside the rules (issue 14, stop 26): logistic regression, one sentence at a time,
// p(the sentence says what happened to the writer's 2FA device or app), on hashed features of the sentences the rules read
// (the writer's own text: no quotes, no signature's noise). Its one job: on a message read as a recovery request whose
// rules read no explanation, supply the sentence that plainly tells the event in words the rules lack ("got a new samsung
// … didnt move the authenticator over", "my phone fall from the ladder"). It never removes or replaces an explanation the
// rules read (a missing explanation asks a locked-out holder a question they answered; a spurious one hides one missing).
// The weights are fitted and written by scripts/explanation-compare.ts --write (explanation-weights.ts); pure data here.

import { hashBucket, hashedProbability } from './hashed-logistic.ts';
import { explanationCues, signalsOf } from './recovery-vocabulary.ts';
import { clip, fold } from './text-tools.ts';

export const EXPLANATION_BUCKETS = 4096;

export interface ExplanationModel {
  bias: number;
  /** Bucket → weight; buckets not listed weigh 0. */
  weights: Record<number, number>;
}

/** How the model and the rules combine: 'rules', the model is read for --explain only; 'adds', it fills a missing explanation beyond the threshold. */
export interface ExplanationCombination {
  chooser: 'rules' | 'adds';
  threshold: number;
}

export interface ExplanationFeature {
  key: string;
  bucket: number;
}

/** A feature's bucket: stable across runs and machines (the weights depend on it). */
export function explanationBucket(key: string): number {
  return hashBucket(key, EXPLANATION_BUCKETS);
}

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/** Folded words, digits as 0 (a date, a phone number or a count says nothing of what happened). */
function tokens(folded: string): string[] {
  return (folded.match(TOKEN) ?? []).map((t) => t.replace(/^\d+$/, '0'));
}

/** The rules' signals and cues of one sentence, as feature names (each a pattern the vocabulary already reads). */
function cuesOf(folded: string): string[] {
  const out: string[] = [];
  // The pieces of the rules' own reading, each on its own: a device named, an event, a time to come, a code refused (a
  // symptom: alone it is no explanation, SPEC §4), a story not the writer's. The rules need device and event together in one
  // sentence; the model may trust an event told without the device word the rules know ("my samsung"), or the reverse.
  for (const [name, on] of Object.entries(explanationCues(folded))) if (on) out.push(name);
  // The sentence-level signals the kind is read from (a reset asked for, a lock-out, a lost phone, the app or codes named,
  // a change still to come, back in already…). `deviceEvent` is left out: it is the rules' explanation verdict itself,
  // false on every sentence where the model may decide (its only true there would be a refused code's, a symptom).
  for (const [name, on] of Object.entries(signalsOf([folded]))) if (on && name !== 'deviceEvent') out.push(`s:${name}`);
  return out;
}

// Abstractions of the event (stop 27): what a sentence that tells what happened is made of, whatever its words. A device of
// any kind and make (a laptop, an iPad, a Samsung: wider than the rules' device), a verb in a past or perfect form, a time
// (yesterday, last Friday, over Christmas, hier, gisteren), a place away (on the train, dans le bus, op de camping, a country
// named after "in"/"naar"), the device in another person's hands (her iPad, de gsm van mijn man), and the code as the
// sentence's only matter (a symptom). Each alone and the device with each: the fit learns "a device + a past verb + a time"
// from the sentences it has seen, and carries it to verbs and places it has not (stop 26's reader knew only its words).
const ANY_DEVICE =
  /\b(?:(?:smart|i|cell ?|mobile ?|tele)?phones?|gsm|gsm'?s|telefoons?|telephones?|portables?|mobiel(?:tje)?|toestel(?:len)?|appareils?|devices?|tablet(?:te)?s?|ipads?|iphones?|android|samsung|galaxy|pixel|huawei|xiaomi|oppo|nokia|motorola|laptops?|computers?|pc|ordinateurs?|ordi|macbook|mac|authenticat(?:or|eur)|app|appli|application|applicatie|authenticatie-app|authy|yubikey|sleutel|security key|cle)\b/;
// A past or perfect form: English -ed and the common irregular pasts; French passé composé (an auxiliary then a participle);
// Dutch perfect (an auxiliary then ge-…-d/-t/-en) and the common strong pasts.
const PAST = new RegExp(
  [
    String.raw`\b\w{3,}ed\b`,
    String.raw`\b(?:was|were|had|got|went|fell|broke|lost|left|took|stole|gave|sold|forgot|came|ran|sat|kept|threw|wore|hid|bent|split|sank|slipped)\b`,
    // ("a"/"as" only after a subject: in English "a" is an article.)
    String.raw`(?:\b(?:ai|avons|avez|ont|suis|est|sommes|sont|etait|etaient|avait|avaient)|\b(?:il|elle|on|qui|tu)\s+(?:a|as)|\b[jlmn]'(?:a|ai|as))\s+(?:\w+\s+){0,2}?\w{2,}(?:e|es|ee|ees|i|is|it|u|us|ue|ert|ort)\b`,
    String.raw`\b(?:ben|is|zijn|heb|hebt|heeft|hebben|had|hadden|werd|werden|was|waren)\b.*\bge\w{3,}(?:d|t|en)\b`,
    String.raw`\b(?:viel|brak|stond|lag|zat|ging|nam|gaf|verloor|vergat|liet|bleef|kwam)\b`,
  ].join('|'),
);
// When: a day, a week, a holiday, a while ago.
const WHEN =
  /\b(?:yesterday|last (?:week|month|night|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)|this (?:morning|week)|ago|over (?:christmas|easter|the (?:weekend|holidays?))|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|hier|avant-hier|la semaine (?:derniere|passee)|le mois dernier|ce matin|pendant (?:les vacances|le week-end)|a noel|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|gisteren|eergisteren|vorige (?:week|maand)|vanochtend|vanmorgen|vorig weekend|afgelopen (?:week|weekend|maand)|met kerst|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|january|february|march|april|june|july|august|september|october|november|december|janvier|fevrier|mars|avril|juin|juillet|aout|septembre|octobre|novembre|decembre|januari|februari|maart|mei|juni|juli|augustus|oktober)\b/;
// Where: a journey, a trip, a place away ("on the train", "dans le bus", "op de camping", "in hospital").
const WHERE =
  /\b(?:train|bus|tram|metro|taxi|plane|flight|airport|station|beach|pool|sea|lake|river|toilet|holiday|holidays|vacation|trip|abroad|hospital|festival|concert|camping|avion|aeroport|gare|plage|piscine|mer|vacances|voyage|etranger|hopital|trein|vliegtuig|luchthaven|strand|zwembad|zee|vakantie|reis|buitenland|ziekenhuis)\b/;
// The device in another person's hands: a third person's possessive before it, or "the phone of my husband".
const OTHER_HOLDER =
  /\b(?:his|her|their|son|sa|ses|leur|zijn|haar|hun)\s+(?:\w+[- ])?(?:phone|gsm|ipad|tablet|telephone|portable|toestel|device|laptop|dienst-gsm)\b|\b(?:of|van|de)\s+(?:my|mijn|mon|ma|m'n)\s+(?:husband|wife|son|daughter|partner|man|vrouw|zoon|dochter|mari|femme|fils|fille|colleague|collega|collegue)\b/;
// A place named in the sentence (a capitalised word after a preposition of place or direction, not the sentence's first).
const NAMED_PLACE = /\b(?:in|to|from|naar|uit|en|au|aux|a|vers)\s+\p{Lu}\p{Ll}{2,}/u;
// The code as the sentence's matter (a symptom, unless an event is told too).
const CODE_TALK = /\b(?:codes?|token|otp|chiffres|cijfers|cijfercode)\b/;

/** The abstractions of one sentence (`folded`: its fold; the place named is read on the sentence as written, for its capital). */
function abstractions(sentence: string, folded: string): string[] {
  const out: string[] = [];
  const device = ANY_DEVICE.test(folded);
  const past = PAST.test(folded);
  const when = WHEN.test(folded);
  const where = WHERE.test(folded) || NAMED_PLACE.test(sentence.replace(/^\S+\s*/, ''));
  const other = OTHER_HOLDER.test(folded);
  const code = CODE_TALK.test(folded);
  if (device) out.push('a:device');
  if (past) out.push('a:past');
  if (when) out.push('a:when');
  if (where) out.push('a:where');
  if (other) out.push('a:other');
  if (code) out.push('a:code');
  if (device && past) out.push('a:device+past');
  if (device && when) out.push('a:device+when');
  if (device && where) out.push('a:device+where');
  if (device && past && (when || where)) out.push('a:device+past+context');
  if (code && !past) out.push('a:code-only');
  return out;
}

/**
 * The features of sentence `at` of `sentences` (the reader's sentences of the writer's text, as the rules' explanation reads
 * them), each present once. `cues` is the rules' cues of every sentence (cuesOf, read once per message).
 */
export function sentenceFeatures(
  sentences: readonly string[],
  at: number,
  cues: readonly (readonly string[])[] = sentences.map((s) => cuesOf(fold(s))),
): ExplanationFeature[] {
  const keys = new Set<string>();
  const ts = tokens(fold(sentences[at]!));
  ts.forEach((t, i) => {
    // Words and bigrams: what is said ("lost", "kapot", "new samsung", "didnt move"), in the three languages.
    keys.add(`w:${t}`);
    if (i > 0) keys.add(`b:${ts[i - 1]} ${t}`);
    // Character 4-grams inside a word, its edges marked: a typo, a missing accent, a compound or an inflection shares most of
    // its 4-grams with the word the fit saw ("telefon", "gestollen", "kapotgevallen", "tombé"/"tombee").
    if (t.length >= 5) for (let j = 0; j + 4 <= t.length + 2; j++) keys.add(`c:${`_${t}_`.slice(j, j + 4)}`);
    // A word's ending: the tense and person a language marks there ("swelled", "dropped": -ed; "gevallen", "vergeten": -en;
    // "tombé", "cassée": -e/-ee folded), so an event told with a verb the fit never saw still reads as one told in the past.
    if (t.length >= 4) keys.add(`e:${t.slice(-3)}`);
  });
  // Structure. Length: a one-word line ("Hi", a name) or a label tells no event; a long sentence more often does.
  const n = ts.length;
  keys.add(`len:${n <= 2 ? '0-2' : n <= 5 ? '3-5' : n <= 10 ? '6-10' : n <= 20 ? '11-20' : '21+'}`);
  // Position: the event is told early, after the greeting; the last lines are the closing and the signature.
  const last = sentences.length - 1;
  keys.add(at === 0 ? 'pos:first' : at === last ? 'pos:last' : `pos:${Math.min(3, Math.floor((4 * at) / Math.max(1, last)))}`);
  // A question asks; it seldom tells what happened.
  if (/\?\s*$/.test(sentences[at]!)) keys.add('shape:question');
  // The rules' cues in the sentence, and in its neighbours: an event told across two sentences ("My authenticator was on my
  // old iPad. Her son took it to England"), or the device named in the sentence before.
  // The event's abstractions (stop 27): a device with a past verb, a time, a place, another's hands.
  for (const a of abstractions(sentences[at]!, fold(sentences[at]!))) keys.add(a);
  for (const c of cues[at] ?? []) keys.add(`cue:${c}`);
  for (const c of at > 0 ? (cues[at - 1] ?? []) : []) keys.add(`prev:${c}`);
  for (const c of at < last ? (cues[at + 1] ?? []) : []) keys.add(`next:${c}`);
  return [...keys].map((key) => ({ key, bucket: explanationBucket(key) }));
}

/** Every sentence's features, the cues read once per sentence. */
export function messageFeatures(sentences: readonly string[]): ExplanationFeature[][] {
  const cues = sentences.map((s) => cuesOf(fold(s)));
  return sentences.map((_, i) => sentenceFeatures(sentences, i, cues));
}

export function sentenceProbability(model: ExplanationModel, features: readonly ExplanationFeature[]): number {
  return hashedProbability(
    model,
    features.map((f) => f.bucket),
  );
}

/**
 * Whether the model may take the sentence at all: not a refused code alone ("the app keeps saying the code is invalid"), a
 * symptom the writer sees, no explanation (SPEC §4), as the rules read it (tellsWhatHappened reads beyond the refused code).
 * The seen set holds no such sentence for the fit to learn it from: it is the rules' knowledge, kept.
 */
export function mayExplain(features: readonly ExplanationFeature[]): boolean {
  const keys = new Set(features.map((f) => f.key));
  return !keys.has('cue:codeRefused') || keys.has('cue:eventBeyondRefusedCode');
}

/** Each sentence's probability, 0 for a sentence the model may not take (mayExplain). */
export function explanationProbabilities(model: ExplanationModel, features: readonly (readonly ExplanationFeature[])[]): number[] {
  return features.map((f) => (mayExplain(f) ? sentenceProbability(model, f) : 0));
}

/** The features that moved the model most for one sentence, strongest first, signed (+ towards an explanation). */
export function topExplanationFeatures(model: ExplanationModel, features: readonly ExplanationFeature[], n = 8): { key: string; contribution: number }[] {
  return features
    .map((f) => ({ key: f.key, contribution: model.weights[f.bucket] ?? 0 }))
    .filter((f) => f.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, n);
}

export interface ExplanationReading {
  /** The model's best sentence (with its neighbour when that one reads beyond the threshold too), the writer's own text. */
  value: string;
  probability: number;
  /** Whether the model supplied the explanation (beyond the threshold, the rules having read none). */
  decided: boolean;
  top: { key: string; contribution: number }[];
}

/**
 * The model's reading of a message's sentences: its best sentence and whether it clears the threshold. A neighbour that
 * clears it too is joined (an event told over two sentences, as the rules join a carrier and its device): contiguous, the
 * writer's own words.
 */
export function readExplanation(model: ExplanationModel, sentences: readonly string[], threshold: number, explain = false): ExplanationReading | null {
  if (sentences.length === 0) return null;
  const features = messageFeatures(sentences);
  const p = explanationProbabilities(model, features);
  const best = p.reduce((b, x, i) => (x > p[b]! ? i : b), 0);
  const probability = p[best]!;
  const decided = probability >= threshold;
  const before = best > 0 ? p[best - 1]! : -1;
  const after = best + 1 < p.length ? p[best + 1]! : -1;
  const joined =
    decided && Math.max(before, after) >= threshold
      ? after >= before
        ? `${sentences[best]} ${sentences[best + 1]}`
        : `${sentences[best - 1]} ${sentences[best]}`
      : sentences[best]!;
  return { value: clip(joined), probability, decided, top: explain ? topExplanationFeatures(model, features[best]!) : [] };
}
