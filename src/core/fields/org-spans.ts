// A general generator of organisation candidates (stop 26, issue 14): every plausible name span the writer's own text
// holds, proposed without deciding; the learned chooser (org-learned.ts) decides. The rule sources (org-candidates.ts)
// each read one shape and miss what no shape foresaw: 15 of 18 misreads of unseen mail were among none of their
// candidates ("i'm the treasurer for the vossem otters swim team", "Groetjes Wendy (TC Begijnendijk)", "ik beheer het
// bpart account van de sportdienst willebroek"). Here, from each line of the text as the rules read it:
//  - a short line (a signature's) whole, its parts split at separators (| – , · / parentheses) and runs of adjacent parts;
//  - in prose, the words after a link of belonging (a preposition or a verb of running a body: pour, chez, voor, van, bij,
//    namens, for, at, of, "I run", "je gère", "ik beheer") up to the end of the phrase, with and without a determiner;
//  - runs of capitalised words (with the connectors names hold: de, van, of, &), and what parentheses hold;
//  - in lower-case or all-caps mail the same phrases by position (no capital tells a name there);
// each also taken to the natural end of its name phrase (org-span.ts). Where each came from, and what stands before
// and after it, go with it as context for the chooser's features.

import { fold } from '../text-tools.ts';
import { completeOrganisation, isClauseWord } from './org-span.ts';

export type SpanSource = 'line' | 'part' | 'link' | 'capitals' | 'parenthesis' | 'completed';

export interface SpanCandidate {
  value: string;
  /** The line it was read in (the first, when read in several). */
  line: string;
  lineIndex: number;
  sources: SpanSource[];
  /** Folded words right before it in its line (up to two, nearest last); [] at the line's start. */
  before: string[];
  /** What follows it: the next word folded, a punctuation mark, or '$' at the line's end. */
  after: string;
  /** Whether the line reads as prose (a sentence) rather than a signature's line. */
  prose: boolean;
}

// Words that link a writer to a body they belong to or act for, in fr, nl and en (prepositions and verbs of running one).
const LINKS = new Set(
  (
    'pour chez de du des au aux a namens voor van bij in op at for from with of on by behalf representing ' +
    'run runs manage manages coach coaches lead leads chair chairs own owns gere gerons dirige preside beheer beheren leid ' +
    'coordinate coordinates volunteer volunteers work works travaille werk werkt secretary treasurer penningmeester secretaris ' +
    'tresorier tresoriere secretaire president presidente voorzitter'
  ).split(' '),
);
// Determiners and possessives a name may follow in a sentence ("for the X", "van onze X", "pour notre X"): skipped at
// the start, and also kept (some names hold their article: "De Vlaamse Ardennen", "The Bridge Club").
const DETERMINERS = new Set("the le la les l' de het 't een a an un une our my onze ons mijn notre mon ma nos mes d'".split(' '));
// Connectors a capitalised name holds between its capitalised words ("Société de Saint-Vincent de Paul", "Friends of X").
const CONNECTORS = new Set("de du des la le l' d' van der den het 't voor of the and & et en".split(' '));

const MAX_WORDS = 7;
const MAX_LINE_WORDS = 10;

interface Token {
  text: string;
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'’.&-]*[\p{L}\p{N}'’])?|&/gu;

function tokensOf(line: string): Token[] {
  return [...line.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

const capitalised = (t: string) => /^[\p{Lu}\d]/u.test(t);
const folded = (t: string) => fold(t).replace(/’/g, "'");

/** Whether the gap between two tokens keeps them in one phrase (spaces, an apostrophe's elision). */
const joins = (gap: string) => /^\s*$/.test(gap);

/** What follows a span in its line: the next word, or the mark that ends the phrase, or '$'. */
function afterOf(line: string, tokens: Token[], j: number): string {
  const gap = line.slice(tokens[j]!.end, tokens[j + 1]?.start ?? line.length).trim();
  if (gap) return gap[0]!;
  return tokens[j + 1] ? folded(tokens[j + 1]!.text) : '$';
}

/** Whether a line reads as a sentence rather than as one of a signature's lines. */
function isProse(line: string, tokens: Token[]): boolean {
  return tokens.length > MAX_LINE_WORDS || /[.!?]\s+\S/u.test(line) || /[.!?]$/.test(line.trim());
}

// Separators between the parts of a signature's line: "Name | Body – Town", "Role, Body", "Body (Unit)", "Body / Town".
const PART_SEPARATOR = /\s+[–—-]\s+|\s*[|·•▪,/()]\s*|\s*:\s+/gu;

function partsOf(line: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = 0;
  for (const m of line.matchAll(PART_SEPARATOR)) {
    out.push({ start: from, end: m.index });
    from = m.index + m[0].length;
  }
  out.push({ start: from, end: line.length });
  return out
    .map((p) => {
      const text = line.slice(p.start, p.end);
      const lead = text.length - text.trimStart().length;
      return { start: p.start + lead, end: p.start + text.trimEnd().length };
    })
    .filter((p) => p.end > p.start);
}

/** Every candidate span of the writer's text (as the rules read it), each once (by its folded value). */
export function organisationSpans(text: string, companyNames: readonly string[] = []): SpanCandidate[] {
  const byValue = new Map<string, SpanCandidate>();
  const lines = text.split('\n');
  const add = (line: string, lineIndex: number, start: number, end: number, source: SpanSource, prose: boolean) => {
    // (A parenthesis or quote mark the value does not open or close is the line's, not the name's.)
    const value = line
      .slice(start, end)
      .trim()
      .replace(/[\s,;:.!?]+$/, '')
      .replace(/^[("“«]+(?=[^)"”»]*$)|(?<=^[^("“«]*)[)"”»]+$/u, '')
      .trim();
    if (value.length < 2 || !/\p{L}/u.test(value) || value.split(/\s+/).length > MAX_WORDS + 2) return;
    const key = folded(value);
    const known = byValue.get(key);
    if (known) {
      if (!known.sources.includes(source)) known.sources.push(source);
      return;
    }
    const tokens = tokensOf(line);
    const first = tokens.findIndex((t) => t.start >= start);
    const last = tokens.findLastIndex((t) => t.end <= end);
    const before = tokens.slice(Math.max(0, first - 2), Math.max(0, first)).map((t) => folded(t.text));
    const after = last >= 0 ? afterOf(line, tokens, last) : '$';
    byValue.set(key, { value, line, lineIndex, sources: [source], before, after, prose });
  };
  lines.forEach((raw, lineIndex) => {
    const line = raw.replace(/\s+$/, '');
    const tokens = tokensOf(line);
    if (tokens.length === 0) return;
    const prose = isProse(line, tokens);
    // A signature's line: whole, each part, and runs of up to three adjacent parts.
    if (!prose) {
      const parts = partsOf(line);
      add(line, lineIndex, 0, line.length, 'line', prose);
      for (let a = 0; a < parts.length; a++)
        for (let b = a; b < Math.min(parts.length, a + 3); b++) add(line, lineIndex, parts[a]!.start, parts[b]!.end, a === b ? 'part' : 'line', prose);
    }
    // What parentheses hold: "Groetjes Wendy (TC Begijnendijk)", "mon cabinet (Kine Zoniën)".
    for (const m of line.matchAll(/\(([^()]{2,60})\)/gu)) add(line, lineIndex, m.index + 1, m.index + 1 + m[1]!.length, 'parenthesis', prose);
    // A phrase from `from`, every end up to MAX_WORDS words on, while the words join (no punctuation between).
    const phrases = (from: number, source: SpanSource, keep: (j: number) => boolean) => {
      for (let j = from; j < Math.min(tokens.length, from + MAX_WORDS); j++) {
        if (j > from && !joins(line.slice(tokens[j - 1]!.end, tokens[j]!.start))) break;
        if (keep(j)) add(line, lineIndex, tokens[from]!.start, tokens[j]!.end, source, prose);
      }
    };
    const hasCapitals = /\p{Ll}/u.test(line) && /\p{Lu}/u.test(line);
    // (A phrase ends on a name word, or where the phrase itself ends; in a line without case, anywhere; never on a word
    // that starts the next clause or joins a name's words: "… choir I", "RFC Lierneux et", "Gilbert and Sullivan Society and".)
    const ends = (j: number) =>
      !isClauseWord(tokens[j]!.text) &&
      !CONNECTORS.has(folded(tokens[j]!.text)) &&
      !DETERMINERS.has(folded(tokens[j]!.text)) &&
      (!hasCapitals || capitalised(tokens[j]!.text) || afterOf(line, tokens, j).length === 1 || j === tokens.length - 1);
    tokens.forEach((t, i) => {
      // After a link of belonging: with and without the determiners that follow it.
      // (A link followed by another, "treasurer for the X", reads from the second.)
      if (LINKS.has(folded(t.text)) && i + 1 < tokens.length && !LINKS.has(folded(tokens[i + 1]!.text))) {
        let from = i + 1;
        phrases(from, 'link', ends);
        while (from < tokens.length - 1 && DETERMINERS.has(folded(tokens[from]!.text))) phrases(++from, 'link', ends);
      }
      // A run of capitalised words starts here (not after another capitalised word or a connector inside a run).
      const previous = tokens[i - 1];
      const starts =
        capitalised(t.text) && !CONNECTORS.has(folded(t.text)) && !(previous && capitalised(previous.text) && joins(line.slice(previous.end, t.start)));
      if (hasCapitals && starts) {
        let j = i;
        while (
          j + 1 < tokens.length &&
          j + 1 - i < MAX_WORDS &&
          joins(line.slice(tokens[j]!.end, tokens[j + 1]!.start)) &&
          ((capitalised(tokens[j + 1]!.text) && !isClauseWord(tokens[j + 1]!.text)) ||
            (CONNECTORS.has(folded(tokens[j + 1]!.text)) && tokens[j + 2] && capitalised(tokens[j + 2]!.text) && !isClauseWord(tokens[j + 2]!.text)))
        )
          j++;
        phrases(i, 'capitals', (k) => k === j || (k < j && capitalised(tokens[k]!.text) && !CONNECTORS.has(folded(tokens[k]!.text))));
      }
    });
  });
  // Each taken to the natural end of its name phrase (a source may stop short: "Parents' Association" of a longer name).
  for (const c of [...byValue.values()]) {
    const whole = completeOrganisation(c.value, c.line, companyNames);
    if (whole !== c.value) {
      const at = c.line.indexOf(whole);
      if (at >= 0) add(c.line, c.lineIndex, at, at + whole.length, 'completed', c.prose);
    }
  }
  return [...byValue.values()];
}
