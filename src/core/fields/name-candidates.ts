// The general generator of the writer's full name (stop 27, issue 14): every span of the writer's own text, as the rules read
// it, that a person's name could be, whatever its case and wherever it stands. It reads no more than a span's shape (two to
// five words of letters, at least two of two letters or more): which span is the writer's name is the learned chooser's
// job (name-learned.ts), and it only decides where the rules read none. The rules' own readings (refused ones too) are
// among the candidates, with their sources.
//
// Sources: a short line whole; the head of a line before its separators (| – , / ( ·) and its first two or three words
// ("françois lecocq imprimerie lecocq gembloux", "Thomas Ashworth MRICS"); the words after a self-introduction in fr/nl/en
// ("I am", "name is", "je suis", "je m'appelle", "ik ben", "mijn naam is", "ici", "this is"); after on-behalf phrasing ("on
// behalf of", "au nom de", "namens"); the head of the last clause of a one-paragraph mail ("… je dois facturer. laurent
// wauters, orthopédie wauters"); a given name with its surname in parentheses ("Sarah (Van Acker)"); a surname first in
// capitals ("DE CLERCQ, Hilde"); and what the rules considered.

import { fold } from '../text-tools.ts';
import { isClosingLine, signatureLines } from './signature-block.ts';
import { isLabelledFullName, PARTICLES, surnameCommaName, withoutAlias, withoutHonorific } from './names.ts';

export interface NameCandidate {
  /** The name as the text writes it (without a title before it or degrees after it). */
  value: string;
  /** The line it was read on, and its index among the text's signature lines (-1: from a rule's reading, not located). */
  line: string;
  lineIndex: number;
  sources: string[];
  /** The words before it on its line (the last two, folded) and what follows it there ('$': the line's end). */
  before: string[];
  after: string;
}

// Self-introductions: what follows is the writer's own name.
const INTRODUCTION =
  /(?:^|[\s,;:(])(?:i am|i'm|im|my name is|my name's|name is|name's|this is|here is|je suis|je m'appelle|mon nom est|mon nom c'est|moi c'est|moi,|ici|c'est|ik ben|ik heet|mijn naam is|mijn naam:|hier is|met|hier)\s+(?:le |la |de |the |mevrouw |meneur |monsieur |madame |mr\.? |mrs\.? |ms\.? |dr\.? |mme\.? |m\. )?/giu;
// Writing for someone: the name after it is the one written for, the chooser weighs it.
const ON_BEHALF = /(?:^|\s)(?:on behalf of|for|au nom de|de la part de|pour|namens|voor|in naam van)\s+/giu;

const SEPARATORS = /\s*(?:[|•·▪●■◆◦∙⋅/,;:(){}[\]]|\s[–—-]\s|\s[–—]|[–—]\s)\s*/u;
const TOKEN = /^[\p{L}][\p{L}'’.-]*$/u;

/** A span's words tidied: punctuation off its ends, a title before it and degrees after it off. */
function tidyName(span: string): string {
  const bare = span
    .replace(/^[\s"'“”«»*_([]+|[\s"'“”«»*_.,;:!?)\]]+$/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return withoutHonorific(withoutAlias(bare)).replace(/[\s.,;:!?]+$/u, '');
}

/** Whether a span has a person's name's shape in any case: two to five words of letters, two of two letters or more. */
export function nameShaped(value: string): boolean {
  const tokens = value.split(/\s+/).filter(Boolean);
  if (tokens.length < 2 || tokens.length > 5 || value.length > 48) return false;
  if (!tokens.every((t) => TOKEN.test(t))) return false;
  if (PARTICLES.has(fold(tokens[tokens.length - 1]!))) return false;
  return isLabelledFullName(value);
}

/** The first n words of a text (n from 2 to 4), cut before a particle run that ends it. */
function heads(text: string): string[] {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let n = 2; n <= Math.min(4, tokens.length); n++) {
    const slice = tokens.slice(0, n);
    // A word ending a clause ("Maes," "Dubois.") ends the name: no longer head runs over it.
    out.push(slice.join(' '));
    if (/[,;:.!?)]$/.test(slice[slice.length - 1]!)) break;
  }
  return out;
}

/** Every candidate of a text (the writer's own text, as the rules read it), each value once with all its sources. */
export function nameCandidates(text: string, ruleValues: readonly { value: string; source: string }[] = []): NameCandidate[] {
  const byValue = new Map<string, NameCandidate>();
  const lines = signatureLines(text);
  const add = (raw: string, source: string, lineIndex: number, line: string, before: string, after: string) => {
    const value = tidyName(raw);
    if (!nameShaped(value)) return;
    const key = fold(value);
    const known = byValue.get(key);
    if (known) {
      if (!known.sources.includes(source)) known.sources.push(source);
      return;
    }
    const prev = fold(before)
      .replace(/[^a-z' ]/g, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .slice(-2);
    const next =
      fold(after.trim())
        .split(/\s+/)[0]
        ?.replace(/[^a-z,|(–-]/g, '') || '$';
    byValue.set(key, { value, line, lineIndex, sources: [source], before: prev, after: next });
  };
  lines.forEach((line, i) => {
    const words = line.split(/\s+/).length;
    // A short line whole, its head before a separator, its first words.
    if (words <= 6) add(line, 'line', i, line, '', '');
    const head = line.split(SEPARATORS)[0] ?? '';
    if (head && head !== line && head.split(/\s+/).length <= 5) add(head, 'line-head', i, line, '', line.slice(head.length));
    if (words <= 10) for (const h of heads(line)) add(h, 'line-words', i, line, '', line.slice(h.length));
    // A given name with the surname in parentheses: "juf Sarah (Van Acker)".
    const paren = /(\p{L}[\p{L}'’-]+)\s*\(([\p{L}'’ -]{2,30})\)\s*$/u.exec(line);
    if (paren && words <= 6) add(`${paren[1]} ${paren[2]}`, 'paren', i, line, line.slice(0, paren.index), '');
    // Surname first in capitals: "DE CLERCQ, Hilde".
    const comma = surnameCommaName(line);
    if (comma) add(comma.name.replace(',', ''), 'surname-first', i, line, '', comma.rest);
    // After a self-introduction or on-behalf phrasing, anywhere in the line.
    for (const [pattern, source] of [
      [INTRODUCTION, 'introduction'],
      [ON_BEHALF, 'behalf'],
    ] as const) {
      for (const m of line.matchAll(pattern)) {
        const at = m.index + m[0].length;
        for (const h of heads(line.slice(at))) add(h, source, i, line, line.slice(0, at), line.slice(at + h.length));
      }
    }
    // After the end of a sentence within a line (the last clause of a one-paragraph mail, a name after "Merci.").
    for (const m of line.matchAll(/[.!?]\s+(?=\S)/gu)) {
      const at = m.index + m[0].length;
      const rest = line.slice(at);
      const clause = rest.split(SEPARATORS)[0] ?? '';
      if (clause.split(/\s+/).length <= 4) add(clause, 'clause-head', i, line, line.slice(0, at), rest.slice(clause.length));
    }
  });
  // What the rules considered, refused or not (located on its line when the text holds it).
  for (const r of ruleValues) {
    const at = lines.findIndex((l) => fold(l).includes(fold(r.value)));
    add(r.value, `rule:${r.source}`, at, at >= 0 ? lines[at]! : r.value, '', '');
  }
  return [...byValue.values()];
}

/** The index of the last closing line among the signature lines (-1: none). */
export function closingIndex(lines: readonly string[]): number {
  return lines.findLastIndex((l) => l.trim() !== '' && l.trim().split(/\s+/).length <= 6 && isClosingLine(l.trim()));
}
