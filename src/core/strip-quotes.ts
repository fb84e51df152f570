// The writer's own text: what they typed in this message, without the quoted
// history, forwarded messages, "sent from my phone" footers or legal
// disclaimers. SPEC §4: text someone else wrote never counts as a statement.
//
// Two passes: our own cut rules (forward markers, header blocks, fr/nl/en
// attribution lines, which the library does not all know), then
// email-reply-parser on what is left for the many other attribution formats.

import EmailReplyParser from 'email-reply-parser';
import { lowerAscii } from './address-identity.ts';
import { cleanSpaces, fold } from './text-tools.ts';

// Long bodies are mostly quoted history or generated text; the writer's own
// words come first, and bounding the input bounds the regex work.
const MAX_CHARS = 20_000;
// email-reply-parser's multi-line patterns grow quadratically with the text
// (~0.5 s at 8,000 hostile characters): it only sees the first part.
const LIBRARY_MAX_CHARS = 5_000;

const SEPARATOR =
  /^[-_=*\s]*(forwarded message|message transfere|message d'origine|doorgestuurd bericht|oorspronkelijk bericht|origineel bericht|original message|urspr[uü]ngliche nachricht|mensaje (original|reenviado))[-_=*\s]*:?$/;
const FORWARD_INTRO =
  /^(begin forwarded message|debut du message (reexpedie|transfere)|begin doorgestuurd bericht|doorgestuurd bericht|message transfere)\s*:?$/;
const ATTRIBUTION =
  /^(le|on|op|am|el|il|em|den)\b.{0,250}\b(a ecrit|ont ecrit|wrote|schreef|heeft .{0,80}geschreven|schrieb|escribio|ha scritto|escreveu|skrev)\s*:?\s*$/;
const SHORT_ATTRIBUTION = /^.{1,120}<[^>\s]+@[^>\s]+>\s*(a ecrit|wrote|schreef|schrieb)\s*:\s*$/;
const HEADER_FROM = /^\**(from|de|van|von|envoye par|expediteur|afzender)\s*\**\s*:\s*\S/;
const HEADER_OTHER = /^\**(sent|date|envoye|verzonden|datum|gesendet|to|a|aan|an|subject|objet|onderwerp|betreff|cc)\s*\**\s*:/;
const OUTLOOK_RULE = /^_{8,}$/;
// HCL (Lotus) Notes' forward banner, "----- Forwarded by Alice Martin/Org on 07/12/2026 09:00 -----",
// in its languages: what follows is the forwarded mail, even when no header block we know comes next.
const NOTES_FORWARD = /^-{3,}\s*(forwarded by|weitergeleitet von|transfere par|doorgestuurd door|reenviado por|inoltrato da)\b.*-{3,}$/;
// A line framed by marks that names a mailbox or a moment opens someone else's mail, whatever its
// words: mutt's "----- Forwarded message from Eve <eve@…> -----", GroupWise's
// ">>> Eve <eve@…> 12/7/2026 9:00 AM >>>". The name on it is that mail's author's, never the writer's words.
const FRAMED = /^[-_=*>]{3,}[^-_=*>].*[^-_=*>][-_=*>]{3,}$/;

// A quoted line, as mutt's default quote_regexp reads one: ">", "|", ":" or "}" after optional
// indentation (Outlook's plain-text "prefix each line" takes any character the user set). The
// match is the line's whole run of quote marks ("> > ", "| "), which the parser keeps on each piece
// of a line split at a bare CR.
export const QUOTED = /^\s*[>|:}][\s>|:}]*/;
// The end of an attribution ("… wrote:"), and how one opens ("On …", "Le …") when it has no address.
const ATTRIBUTION_END = /\b(a ecrit|ont ecrit|wrote|schreef|heeft .{0,80}geschreven|schrieb|escribio|ha scritto|escreveu|skrev)\s*:\s*$/;
const ATTRIBUTION_OPEN = /^(le|on|op|am|el|il|em|den)\b/;

const FOOTER =
  /^(sent from my .{1,40}|sent from (mail|outlook|yahoo mail|gmail|proton ?mail).{0,60}|sent with .{1,40}|sent via .{1,40}|get outlook for .{1,30}|envoye de(puis)? mon .{1,40}|envoye (de|depuis|a partir de) (outlook|mail|yahoo|gmail).{0,60}|telecharger outlook pour .{1,30}|obtenir outlook pour .{1,30}|verzonden (vanaf|van|met) (mijn )?.{1,40}|verstuurd (vanaf|van|met) (mijn )?.{1,40}|outlook voor (ios|android) downloaden.{0,30}|download outlook for .{1,30}|von meinem .{1,40} gesendet)$/;

const DISCLAIMER_START = new RegExp(
  [
    String.raw`^(disclaimer|confidentiality notice|confidential|avertissement|avis de confidentialite|clause de confidentialite|vertrouwelijkheid|vertrouwelijk|privacy ?disclaimer)\s*:`,
    String.raw`^(this|the information in this) (e-?mail|message|communication)\b.{0,80}\b(confidential|intended (solely |only )?for)`,
    String.raw`^(ce|le present) (message|courriel|e-?mail|mail)\b.{0,80}\b(confidentiel|destine exclusivement|strictement reserve)`,
    String.raw`^(dit|deze) (e-?mail|bericht|e-?mailbericht)\b.{0,80}\b(vertrouwelijk|uitsluitend bestemd)`,
    String.raw`^de informatie (verzonden )?in (dit|deze) (e-?mail|bericht)`,
    String.raw`^(please consider the environment|pensez a l'environnement|merci de penser a l'environnement|denk aan het milieu|respectez l'environnement)`,
  ].join('|'),
);

// A quoted mail's header block in any language ("Da: Eve <eve@…>", "Data: …", "Oggetto: …"): at
// least three "Label: value" lines in a row, one a date or time, opening with the sender's mailbox
// in angle brackets or under a banner ("---------- Messaggio inoltrato ---------"). Clients whose
// labels are not in HEADER_FROM (Italian, Polish, Turkish…) write this too; a writer's own labelled
// details ("Nom : …", "E-mail : …") open with neither.
const LABEL_LINE = /^[*\s]*\p{L}[\p{L} .'-]{0,24}\**\s*:\s*\S/u;
const ANGLE_ADDRESS = /<[^\s<>@]+@[^\s<>@]+>/;
const DATE_OR_TIME = /\b(19|20)\d\d\b|\b\d{1,2}:\d\d\b/;
const BANNER = /^[-_=*]{3,}[^-_=*].*[-_=*]{3,}$/;

function headerBlockAt(folded: string[], start: number): boolean {
  let end = start;
  while (end < folded.length && end - start < 6 && LABEL_LINE.test(folded[end]!)) end++;
  const block = folded.slice(start, end);
  if (block.length < 3 || !block.some((l) => ANGLE_ADDRESS.test(l)) || !block.some((l) => DATE_OR_TIME.test(l))) return false;
  const above = folded.slice(0, start).findLast((l) => l !== '');
  return ANGLE_ADDRESS.test(block[0]!) || (above !== undefined && BANNER.test(above));
}

/**
 * Where the attribution above the first quoted line starts: the paragraph right above it, when
 * it ends in "… wrote:" and opens as an attribution or names an address. A client wraps a long
 * attribution over as many lines as the quoted author's display name needs (Eve chooses its length),
 * so no count of lines or characters bounds it; a blank line does.
 */
function attributionAbove(lines: string[], folded: string[]): number {
  const quoted = lines.findIndex((line) => QUOTED.test(line));
  if (quoted <= 0 || !ATTRIBUTION_END.test(folded[quoted - 1]!)) return -1;
  let start = quoted - 1;
  while (start > 0 && folded[start - 1] && !QUOTED.test(lines[start - 1]!)) start--;
  const paragraph = folded.slice(start, quoted).join(' ');
  return ATTRIBUTION_OPEN.test(paragraph) || ANGLE_ADDRESS.test(paragraph) ? start : -1;
}

function cutIndex(lines: string[]): number {
  const folded = lines.map((l) => fold(l.trim()));
  const attribution = attributionAbove(lines, folded);
  for (let i = 0; i < folded.length; i++) {
    const line = folded[i]!;
    if (!line) continue;
    if (i === attribution) return i;
    if (SEPARATOR.test(line) || FORWARD_INTRO.test(line) || NOTES_FORWARD.test(line)) return i;
    if (FRAMED.test(line) && (HAS_ADDRESS.test(line) || DATE_OR_TIME.test(line))) return i;
    // Attribution lines get wrapped by clients: try this line with the next
    // one or two (never across a blank line, which would glue a signature's
    // last line to the attribution below it).
    const second = folded[i + 1] ?? '';
    const joined2 = second ? `${line} ${second}` : line;
    const joined3 = second && folded[i + 2] ? `${joined2} ${folded[i + 2]}` : joined2;
    if ([line, joined2, joined3].some((l) => ATTRIBUTION.test(l))) return i;
    // One that names an address in angle brackets, however long the display name before it (Yahoo's
    // and AOL's HTML attribution stands on one line, with no quoted line under it).
    if (ATTRIBUTION_OPEN.test(line) && ATTRIBUTION_END.test(line) && ANGLE_ADDRESS.test(line)) return i;
    if (SHORT_ATTRIBUTION.test(line) || (line.includes('<') && SHORT_ATTRIBUTION.test(joined2))) return i;
    const next = folded.slice(i + 1, i + 6);
    if (HEADER_FROM.test(line) && next.some((l) => HEADER_OTHER.test(l))) return i;
    if (OUTLOOK_RULE.test(line) && next.slice(0, 3).some((l) => HEADER_FROM.test(l) || HEADER_OTHER.test(l))) return i;
    if (headerBlockAt(folded, i)) return i;
  }
  return lines.length;
}

function withoutLibraryQuotes(text: string): string {
  const head = text.slice(0, LIBRARY_MAX_CHARS);
  try {
    const email = new EmailReplyParser().read(head);
    const kept = email
      .getFragments()
      .filter((f) => !f.isQuoted())
      .map((f) => f.getContent())
      .join('\n');
    // If the library found history in the head, the tail is history too.
    const cut = email.getFragments().some((f) => f.isQuoted());
    return cut ? kept : kept + text.slice(LIBRARY_MAX_CHARS);
  } catch {
    return text;
  }
}

function dropDisclaimers(lines: string[]): string[] {
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    const folded = fold(line.trim());
    if (!folded) skipping = false;
    else if (DISCLAIMER_START.test(folded)) skipping = true;
    if (!skipping) out.push(line);
  }
  return out;
}

/**
 * The writer's own disclaimers, which ownText drops ("This e-mail … is confidential to X BV"): read
 * only for the body they name, never as a statement.
 */
export function disclaimerText(text: string): string {
  const clean = cleanSpaces(text)
    .slice(0, MAX_CHARS)
    .replace(/^[ \t]+$/gm, '');
  const lines = clean.split('\n');
  const out: string[] = [];
  let skipping = false;
  for (const line of lines.slice(0, cutIndex(lines))) {
    const folded = fold(line.trim());
    if (!folded) skipping = false;
    else if (DISCLAIMER_START.test(folded)) skipping = true;
    if (skipping && !QUOTED.test(line)) out.push(line.trim());
  }
  return out.join(' ');
}

// Bottom-posting: the writer typed under the quoted message ("Le … a écrit :", "> …" lines, then their
// text). Only when nothing of theirs stands above the quote and the quote is marked line by line, so
// its end is known.
function belowQuote(lines: string[], cut: number): string | null {
  if (lines.slice(0, cut).some((l) => /\p{L}/u.test(l))) return null;
  let i = cut;
  // The attribution, possibly wrapped over a few lines, up to the first quoted line.
  while (i < lines.length && i - cut < 3 && !QUOTED.test(lines[i]!)) i++;
  if (i >= lines.length || !QUOTED.test(lines[i]!)) return null;
  while (i < lines.length && (QUOTED.test(lines[i]!) || !lines[i]!.trim())) i++;
  const rest = lines.slice(i).join('\n');
  return /\p{L}/u.test(rest) ? rest : null;
}

// Answers typed between the quoted lines ("my answers are in your text", then our questions quoted
// one by one, each answered under it): every paragraph of the writer's that stands between two
// quoted lines, set apart by blank lines, is theirs, and so is what follows the last quoted line. A
// line run on from a wrapped quoted line (no blank line between them) is no answer: then nothing is
// read this way.
function inlineAnswers(lines: string[], cut: number): string[] | null {
  let i = cut;
  while (i < lines.length && i - cut < 3 && !QUOTED.test(lines[i]!)) i++;
  if (i >= lines.length || !QUOTED.test(lines[i]!)) return null;
  const out: string[] = [];
  let answered = false;
  let block: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (!QUOTED.test(line)) {
      block.push(line);
      continue;
    }
    if (block.some((l) => /\p{L}/u.test(l))) {
      if (block[0]!.trim() || block[block.length - 1]!.trim()) return null;
      answered = true;
      out.push(...block);
    }
    block = [];
  }
  if (!answered) return null;
  out.push(...block);
  return out;
}

// A forward of the writer's own earlier message ("Sent this to the wrong address, forwarding it
// here"): the forwarded header names the sender themself, so its text is theirs too.
// (A reply quoting the writer's own earlier message is history, not a statement: only a forward counts.)
const FORWARD_MARK = /forwarded message|message transfere|doorgestuurd bericht|mensaje reenviado|begin forwarded|debut du message|weitergeleitete nachricht/;

// Anything shaped like an address, wherever it stands on the line: display name, comment, brackets.
const ADDRESS_TOKEN = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g;
const HAS_ADDRESS = new RegExp(ADDRESS_TOKEN.source);

/**
 * Whether a forwarded From entry names the sender and no one else. The client copied it from the
 * forwarded mail's From header, display name and comments included, which that mail's author
 * wrote ("alice@… <eve@evil…>"): every address on it must be the sender's, whole (not a part of
 * "malice@…" or "alice@….evil.example"), ASCII letters lower-cased only as everywhere.
 */
function namesOnlySender(entry: string, sender: string): boolean {
  const found = entry.match(ADDRESS_TOKEN) ?? [];
  return found.length > 0 && found.every((token) => lowerAscii(token.replace(/\.+$/, '')) === sender);
}

function ownForward(lines: string[], cut: number, sender: string): string | null {
  if (!FORWARD_MARK.test(fold(lines[cut]!.trim()))) return null;
  const head = lines.slice(cut, cut + 10).map((l) => fold(l.trim()));
  const from = head.findIndex((l) => HEADER_FROM.test(l));
  if (from < 0) return null;
  // The entry runs on over wrapped lines (a long display name) up to the next header or a blank.
  let end = cut + from + 1;
  while (end < lines.length && end - cut - from < 4 && lines[end]!.trim() && !HEADER_OTHER.test(fold(lines[end]!.trim()))) end++;
  if (!namesOnlySender(lines.slice(cut + from, end).join(' '), lowerAscii(sender))) return null;
  let i = cut + from + 1;
  while (i < lines.length && i - cut < 10 && (HEADER_OTHER.test(fold(lines[i]!.trim())) || !lines[i]!.trim())) i++;
  const body = lines.slice(i).join('\n');
  return /\p{L}/u.test(body) ? body : null;
}

/**
 * The address that introduces the quoted or forwarded mail below the writer's text (its
 * attribution or header block: "On …, Eve <eve@…> wrote:", "From: Eve <eve@…>"), or null when
 * there is none or it names no address, with the lines it was read from. Its author, not the
 * writer, chose that mail's subject.
 */
export function quotedAuthor(text: string): { address: string | null; head: string } {
  const lines = cleanSpaces(text)
    .slice(0, MAX_CHARS)
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .split('\n');
  const cut = cutIndex(lines);
  // An attribution in a language the cut rules do not list ("… napisał(a):") stands right above
  // the first quoted line.
  const quoted = cut < lines.length ? -1 : lines.findIndex((line) => QUOTED.test(line));
  const head = quoted >= 0 ? lines.slice(Math.max(0, quoted - 2), quoted).join(' ') : lines.slice(cut, cut + 8).join(' ');
  const token = head.match(ADDRESS_TOKEN)?.[0];
  return { address: token ? lowerAscii(token.replace(/\.+$/, '')) : null, head };
}

/** The writer's own text; `sender` (their address) lets a forward of their own earlier message count as theirs. */
export function ownText(text: string, sender: string | null = null): string {
  // Runs of blank lines carry nothing and are what makes line patterns slow.
  const clean = cleanSpaces(text)
    .slice(0, MAX_CHARS)
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n');
  const lines = clean.split('\n');
  const cut = cutIndex(lines);
  const below = cut < lines.length ? belowQuote(lines, cut) : null;
  if (below !== null) return ownText(below, sender);
  const answers = cut < lines.length ? inlineAnswers(lines, cut) : null;
  if (answers !== null) return ownText([...lines.slice(0, cut), '', ...answers].join('\n'), sender);
  const forwarded = sender && cut < lines.length && /@/.test(sender) ? ownForward(lines, cut, sender) : null;
  const kept = [...lines.slice(0, cut), ...(forwarded !== null ? ['', ownText(forwarded)] : [])].join('\n');
  const unquoted = withoutLibraryQuotes(kept)
    .split('\n')
    .filter((line) => !QUOTED.test(line))
    .filter((line) => !FOOTER.test(fold(line.trim())));
  return dropDisclaimers(unquoted)
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
