// What the account on file can tell (issue 14): whether the writer's own text names one of the
// account's organisations or the holder's full name. A signal for the agent, with the passage
// it was found in; it never changes what the extractor read (the ticket's fields keep what the
// writer wrote) and `inspect`, which has no account, never computes it.
//
// Matching is on whole words, insensitive to case, accents and spacing: "PATRO SAINT JOSEPH"
// names "Patro Saint-Joseph", "Ath" never names "Athletics". An organisation is matched on its
// core, without a legal form at either end, so "Les Amis de Ciney" names "Les Amis de Ciney
// ASBL" and the other way round (unless the core is a single word: "genuine" in prose does not
// name "Genuine BV"). A name is matched in any rotation of its words, so "DUPONT
// Marie" and "Dupont, Marie" name "Marie Dupont".

import { fold } from './text-tools.ts';

export interface NamedValue {
  /** The value on file that the text names (one of the account's organisations, or its holder's name). */
  value: string;
  /** The passage of the writer's text that names it. */
  snippet: string;
}

export interface OnFileNamed {
  organisation?: NamedValue;
  fullName?: NamedValue;
}

export interface OnFileProfile {
  fullName: string | null;
  organisations: readonly string[];
}

interface Token {
  word: string;
  start: number;
  end: number;
}

const LEGAL_FORMS = new Set(
  'asbl aisbl vzw ivzw srl sprl sa nv bv bvba cv cvba scrl sc scs snc commv vof ltd limited llc inc plc gmbh sarl sas eurl ag corp llp'.split(' '),
);

/** Fewer letters than this in an organisation's core is no evidence: "AZ", "KV". */
const MIN_CORE_LETTERS = 3;
const SNIPPET_MAX = 160;

function foldWord(word: string): string {
  return fold(word).replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
}

/** Words with their offsets in the text; "A.S.B.L." is one word, "asbl". */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const start = m.index;
    const end = start + m[0].length;
    const word = foldWord(m[0]);
    const previous = out[out.length - 1];
    // A dotted abbreviation: single letters joined by single dots.
    if (previous && /^\p{L}$/u.test(word) && /^\p{L}+$/u.test(previous.word) && text.slice(previous.end, start) === '.' && isDotted(text, previous)) {
      previous.word += word;
      previous.end = end;
      continue;
    }
    out.push({ word, start, end });
  }
  return out;
}

/** Whether a token so far was built of single letters each followed by a dot ("a.s.b"). */
function isDotted(text: string, token: Token): boolean {
  const raw = text.slice(token.start, token.end);
  return /^(?:\p{L}\p{M}*\.)*\p{L}\p{M}*$/u.test(raw);
}

/** Between two words of one name: spaces (no blank line), hyphens, dashes, apostrophes, dots, commas, slashes, "&". */
function joins(gap: string): boolean {
  return /^[\s'’‘`´\-‐‑–—.,/&]*$/u.test(gap) && !/\n\s*\n/.test(gap) && gap.length <= 6;
}

function findWords(text: string, all: Token[], target: string[]): { start: number; end: number } | null {
  if (target.length === 0) return null;
  outer: for (let i = 0; i + target.length <= all.length; i++) {
    for (let j = 0; j < target.length; j++) {
      const t = all[i + j]!;
      if (t.word !== target[j]) continue outer;
      if (j > 0 && !joins(text.slice(all[i + j - 1]!.end, t.start))) continue outer;
    }
    return { start: all[i]!.start, end: all[i + target.length - 1]!.end };
  }
  return null;
}

/** The line(s) holding the match, shortened around it when long. */
function snippetAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const to = newline < 0 ? text.length : newline;
  const passage = text.slice(from, to).replace(/\s+/g, ' ').trim();
  if (passage.length <= SNIPPET_MAX) return passage;
  const at = text.slice(from, start).replace(/\s+/g, ' ').trimStart().length;
  const length = text.slice(start, end).replace(/\s+/g, ' ').length;
  const room = Math.max(0, Math.floor((SNIPPET_MAX - length) / 2));
  const a = Math.max(0, at - room);
  const b = Math.min(passage.length, at + length + room);
  return `${a > 0 ? '…' : ''}${passage.slice(a, b).trim()}${b < passage.length ? '…' : ''}`;
}

/** An organisation's words without a legal form at either end. */
export function organisationCore(organisation: string): string[] {
  const words = tokens(organisation).map((t) => t.word);
  while (words.length > 0 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  while (words.length > 0 && LEGAL_FORMS.has(words[0]!)) words.shift();
  return words;
}

function rotations(words: string[]): string[][] {
  return words.map((_, i) => [...words.slice(i), ...words.slice(0, i)]);
}

export function onFileNamed(text: string, onFile: OnFileProfile): OnFileNamed {
  const all = tokens(text);
  const out: OnFileNamed = {};
  for (const organisation of onFile.organisations) {
    const core = organisationCore(organisation);
    if (core.join('').length < MIN_CORE_LETTERS) continue;
    const whole = tokens(organisation).map((t) => t.word);
    // One word left once the legal form is gone is too often an ordinary word ("Genuine BV",
    // "Optimal SRL"): it counts only with its legal form.
    const found = findWords(text, all, core.length === 1 && whole.length > 1 ? whole : core);
    if (found) {
      out.organisation = { value: organisation, snippet: snippetAround(text, found.start, found.end) };
      break;
    }
  }
  const name = tokens(onFile.fullName ?? '').map((t) => t.word);
  // One word is no full name: "Marie" alone names nobody in particular.
  if (name.length >= 2) {
    for (const words of rotations(name)) {
      const found = findWords(text, all, words);
      if (found) {
        out.fullName = { value: onFile.fullName!, snippet: snippetAround(text, found.start, found.end) };
        break;
      }
    }
  }
  return out;
}

/** What a further message names, added to what the ticket's earlier messages named (the first passage stays). */
export function addNamed(before: OnFileNamed | undefined, found: OnFileNamed): OnFileNamed | undefined {
  const merged: OnFileNamed = { ...found, ...before };
  return merged.organisation || merged.fullName ? merged : undefined;
}
