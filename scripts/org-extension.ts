// The second direction of the learned organisation chooser, measured and left off (stop 26, second round, issue 14;
// scripts/org-compare.ts reports it; nothing in src reads it): where the rules read an
// organisation, a longer candidate of the general generator that holds it word for word ("Parents' Association" within
// "Parents' Association – Steenokkerzeel International Primary", "Filipino Nurses Association" within "… in Belgium")
// may replace it. Whether the longer one is the name is a question of what it adds: a role before it ("Coördinator X",
// "Secretariaat X") or a town after "in" is usually the writer's, a unit after a dash or a place the name holds is
// usually the body's. A small logistic regression on what is added would decide (org-compare.ts fits it on the seen set's
// pairs where exactly one of the two is right); the chooser's own belief in each is one of its features. The seen set
// holds too few rule readings that are a part of the right value to learn from (docs/reading-log.md, stop 26, second round).

import { hashBucket, sigmoid } from '../src/core/hashed-logistic.ts';
import { fold } from '../src/core/text-tools.ts';
import { isFullName } from '../src/core/fields/names.ts';
import { isLegalForm, isOrgWord } from '../src/core/fields/organisations.ts';
import { isPlaceName } from '../src/core/fields/places.ts';
import { isRoleWord } from '../src/core/fields/roles.ts';

export const ORG_EXTENSION_BUCKETS = 1024;

export interface OrgExtensionModel {
  bias: number;
  weights: Record<number, number>;
  /** The probability at or beyond which the longer candidate replaces the rules' reading. */
  threshold: number;
  combination: 'extends' | 'off';
}

/** What a candidate adds around the rules' value (raw text before and after it), or null when it does not hold it. */
export function addedAround(candidate: string, ruleValue: string): { before: string; after: string } | null {
  const c = fold(candidate).replace(/’/g, "'");
  const r = fold(ruleValue).replace(/’/g, "'");
  if (r.length < 2 || c.length <= r.length) return null;
  // Word for word: the rules' value starts and ends where words do (fold keeps lengths for these scripts' letters).
  for (let at = c.indexOf(r); at >= 0; at = c.indexOf(r, at + 1)) {
    const end = at + r.length;
    const bounded = (i: number) => i < 0 || i >= c.length || !/[\p{L}\p{N}]/u.test(c[i]!);
    if (bounded(at - 1) && bounded(end) && c.length === candidate.length) return { before: candidate.slice(0, at), after: candidate.slice(end) };
  }
  return null;
}

const words = (s: string) => s.split(/[\s–—|,()/·:]+/u).filter((t) => /[\p{L}\p{N}]/u.test(t));
const bucket = (p: number, steps: number[]) => steps.findIndex((s) => p < s);

/** The named features of one longer candidate against the rules' value: why each is there is said beside it. */
export function extensionKeys(ruleValue: string, candidate: string, sources: readonly string[], pCandidate: number, pRule: number): string[] {
  const added = addedAround(candidate, ruleValue);
  if (!added) return [];
  const keys: string[] = [];
  const sides = (['before', 'after'] as const).filter((s) => added[s].trim() !== '');
  // Which side grows: a word before the name is often the writer's role or an article, a phrase after it a place or a unit.
  keys.push(`side:${sides.join('+')}`);
  for (const side of sides) {
    const text = added[side];
    const ws = words(text);
    // What joins it to the name: a dash or a comma sets a unit or a place apart, a plain space continues the phrase, "'s" ends it.
    const join =
      side === 'before'
        ? text
            .slice(-3)
            .replace(/[\p{L}\p{N}]/gu, '')
            .trim()
        : text
            .slice(0, 3)
            .replace(/[\p{L}\p{N}]/gu, '')
            .trim();
    keys.push(`${side}:join:${join || 'space'}`);
    // How much it adds, and its nearest word (a preposition, an article, a role, a kind of body).
    keys.push(`${side}:len:${Math.min(ws.length, 4)}`);
    const near = side === 'before' ? ws[ws.length - 1] : ws[0];
    keys.push(`${side}:near:${fold(near ?? '')}`, `${side}:far:${fold((side === 'before' ? ws[0] : ws[ws.length - 1]) ?? '')}`);
    // Kinds of words it adds: a kind of body or a legal form belongs to the name; a role, a person or a lone town to the writer.
    keys.push(`${side}:org:${ws.some((w) => isOrgWord(w)) ? 1 : 0}`, `${side}:legal:${ws.some((w) => isLegalForm(w) || isLegalForm(w.toUpperCase())) ? 1 : 0}`);
    keys.push(`${side}:role:${ws.some((w) => isRoleWord(w)) ? 1 : 0}`, `${side}:person:${isFullName(ws.join(' ')) ? 1 : 0}`);
    const tail = ws.filter((w) => /^\p{Lu}/u.test(w)).join(' ');
    keys.push(`${side}:place:${tail !== '' && isPlaceName(tail) ? 1 : 0}`);
    // Capitalised words continue a name; lower-case words in mixed-case text are usually the sentence around it.
    keys.push(`${side}:caps:${ws.every((w) => /^[\p{Lu}\d]/u.test(w)) ? 'all' : ws.some((w) => /^[\p{Lu}\d]/u.test(w)) ? 'some' : 'none'}`);
  }
  // The rules' value already closed by a legal form or a kind of body ("X SRL", "X Association") is often whole.
  const rs = words(ruleValue);
  const last = rs[rs.length - 1] ?? '';
  keys.push(
    `rule-end:${isLegalForm(last) || isLegalForm(last.toUpperCase()) ? 'legal' : isOrgWord(last) ? 'org' : 'other'}`,
    `rule-len:${Math.min(rs.length, 4)}`,
  );
  // Where the longer one was read (a signature's line or part of one, after a link, completed to the end of its phrase).
  for (const s of sources) keys.push(`src:${s}`);
  // The general chooser's belief in each, coarsely: its own scale is not this question's, so it enters as buckets.
  keys.push(`p:${bucket(pCandidate, [0.1, 0.3, 0.5, 0.7, 1.01])}`, `gain:${bucket(pCandidate - pRule, [-0.2, 0, 0.2, 0.5, 1.01])}`);
  return keys;
}

export const extensionBucket = (key: string) => hashBucket(key, ORG_EXTENSION_BUCKETS);

export function extensionProbability(model: OrgExtensionModel, keys: readonly string[]): number {
  let z = model.bias;
  for (const b of new Set(keys.map(extensionBucket))) z += model.weights[b] ?? 0;
  return sigmoid(z);
}

/** A candidate scored by the general chooser (org-learned.ts). */
interface Scored {
  value: string;
  sources: string[];
  probability?: number;
}

/** The longer candidate that replaces the rules' value, if one reaches the threshold (the best of those that do). */
export function extensionChoice<C extends Scored>(
  model: OrgExtensionModel,
  ruleValue: string,
  scored: readonly C[],
): { candidate: C; probability: number } | null {
  if (model.combination !== 'extends') return null;
  const key = fold(ruleValue).replace(/’/g, "'");
  const pRule = scored.find((c) => fold(c.value).replace(/’/g, "'") === key)?.probability ?? 0;
  let best: { candidate: C; probability: number } | null = null;
  for (const c of scored) {
    const keys = extensionKeys(ruleValue, c.value, c.sources, c.probability ?? 0, pRule);
    if (keys.length === 0) continue;
    const probability = extensionProbability(model, keys);
    if (probability >= model.threshold && (!best || probability > best.probability)) best = { candidate: c, probability };
  }
  return best;
}
