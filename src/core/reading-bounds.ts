// How much of a writer's own text the reader reads. Real requests are short: over the 3,372
// labelled messages the writer's own text (quotes stripped) is at most 1,958 characters long
// (99% under 820), its longest line 1,190, its longest run of blanks 42. The reader's rules look
// at every line, every word and the words around it, and some of that work grows faster than the
// text: 12,000 characters of "de de de …" or of blanks in one line cost it 4–13 s of an inspection
// thread (stop 24), and a flood of such mail would hold up everyone's. So the reader reads a bounded
// view: the first HEAD characters and the last TAIL (a signature is at the end), lines cut at LINE
// characters, runs of blanks shortened to BLANKS, of the own text the quote stripper finds in the
// mail's first 20,000 characters (strip-quotes.ts). What is cut is only not read for the fields: the
// message is stored and shown whole.

export const READ_BOUNDS = { head: 4_000, tail: 1_500, line: 2_000, blanks: 40 } as const;

const LONG_BLANKS = new RegExp(`[ \\t\\u00a0\\u3000]{${READ_BOUNDS.blanks + 1},}`, 'g');

/** A line longer than the bound, cut at the last blank before it (or hard, without one). */
function cutLine(line: string): string[] {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > READ_BOUNDS.line) {
    const blank = rest.lastIndexOf(' ', READ_BOUNDS.line);
    const at = blank > READ_BOUNDS.line / 2 ? blank : READ_BOUNDS.line;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ +/, '');
  }
  parts.push(rest);
  return parts;
}

/** The part of the writer's own text the reader reads (the whole of it for any ordinary mail). */
export function boundedForReading(text: string): string {
  let bounded = text.replace(LONG_BLANKS, (run) => run.slice(0, READ_BOUNDS.blanks));
  // Long lines cut first, so a story told in one endless line keeps its opening in the head.
  const lines = bounded.split('\n');
  if (lines.some((line) => line.length > READ_BOUNDS.line)) {
    bounded = lines.flatMap((line) => (line.length > READ_BOUNDS.line ? cutLine(line) : [line])).join('\n');
  }
  if (bounded.length <= READ_BOUNDS.head + READ_BOUNDS.tail) return bounded;
  // Whole lines where they fit: the head up to its last line break, the tail from its first.
  const head = bounded.slice(0, READ_BOUNDS.head);
  const tail = bounded.slice(bounded.length - READ_BOUNDS.tail);
  const headEnd = head.lastIndexOf('\n');
  const tailStart = tail.indexOf('\n');
  return `${headEnd > 0 ? head.slice(0, headEnd) : head}\n\n${tailStart >= 0 ? tail.slice(tailStart + 1) : tail}`;
}
