// What was signed is what is read, down to the MIME structure (SPEC §5). A relaxed DKIM body
// hash ignores whitespace at the end of a line and reads a line of nothing but whitespace as an
// empty line, so an attacker holding one signed multipart mail of the victim's may add that
// whitespace without breaking the signature. The parser must not see a different structure for
// it: mailsplit takes a delimiter line with more than 998 trailing spaces for text (the attached
// file after it became the writer's own text), and a line of spaces for a header line (the
// empty line that ends a part's headers, moved down into its text). So the body is handed to
// the parser with those two kinds of line as the canonicalisation reads them: a line starting
// with "--" without its trailing whitespace and with each run of whitespace in it one space (a
// boundary may hold a space, and doubling it on one delimiter line would hide that delimiter),
// a whitespace-only line empty. Text lines keep
// their whitespace; only structure is at stake.
//
// One more: in format=flowed text a line ending in a space joins the next (RFC 3676), and the
// decoder mailparser uses joins across an empty line too, so a space added after the writer's last
// line before an empty one ("Alice ", then "", then "-------- Forwarded Message --------") hid the
// forward marker in one paragraph with the writer's text: Eve's forwarded mail became the holder's
// own words. An empty line ends a paragraph (RFC 3676 §4.2), so the line before one (or before a
// line of whitespace) is handed over without its trailing whitespace; a "-- " signature separator
// keeps its space.

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const DASH = 0x2d;

const isWsp = (byte: number | undefined): boolean => byte === SP || byte === TAB;

/** Whether a line holds a tab or two whitespace characters in a row. */
function hasWspRun(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) if (line[i] === TAB || (line[i] === SP && line[i + 1] === SP)) return true;
  return false;
}

/**
 * Where the LF before the body's first line is, as mailsplit and mailauth end the header block
 * (an LF followed by an empty line, whatever ends each line: the relaxed canonicalisation lets
 * an attacker write the last header line's end as LF and the empty line as CR LF), or -1.
 */
function bodyLinesFrom(raw: Buffer): number {
  if (raw[0] === LF || (raw[0] === CR && raw[1] === LF)) return raw.indexOf(LF);
  const ends = [raw.indexOf('\n\n'), raw.indexOf('\n\r\n')].filter((i) => i >= 0);
  return ends.length > 0 ? Math.min(...ends) + 1 : -1;
}

/**
 * The raw message with every body line that the relaxed canonicalisation reads as a possible
 * MIME delimiter or as an empty line written that way; the same Buffer when there is none.
 */
export function canonicalStructureLines(raw: Buffer): Buffer {
  const bodyStart = bodyLinesFrom(raw);
  if (bodyStart < 0) return raw;
  const kept: Buffer[] = [];
  let copiedTo = 0;
  // Only lines starting with "-", a space or a tab can change: found by native searches, so a
  // 20 MB attachment is not walked line by line.
  const cursors = [Buffer.from('\n-'), Buffer.from('\n '), Buffer.from('\n\t'), Buffer.from('\n\n'), Buffer.from('\n\r\n')].map((needle) => ({
    needle,
    at: raw.indexOf(needle, bodyStart),
  }));
  for (;;) {
    const found = cursors.reduce((min, c) => (c.at >= 0 && (min < 0 || c.at < min) ? c.at : min), -1);
    if (found < 0) break;
    const start = found + 1;
    const next = raw.indexOf(LF, start);
    const end = next < 0 ? raw.length : next;
    // The content ends before the line ending (CR LF or LF): whitespace right before it is trailing.
    const contentEnd = next >= 0 && end > start && raw[end - 1] === CR ? end - 1 : end;
    let cut = contentEnd;
    while (cut > start && isWsp(raw[cut - 1])) cut -= 1;
    if (cut === start && found > bodyStart) {
      // An empty or whitespace-only line: the line before it ends a paragraph, without trailing whitespace.
      const before = raw[found - 1] === CR ? found - 1 : found;
      let trimmed = before;
      while (trimmed > copiedTo && isWsp(raw[trimmed - 1])) trimmed -= 1;
      const lineStart = raw.lastIndexOf(LF, before - 1) + 1;
      const separator = before - lineStart === 3 && raw[lineStart] === DASH && raw[lineStart + 1] === DASH && raw[lineStart + 2] === SP;
      if (trimmed < before && trimmed > lineStart && !separator) {
        kept.push(raw.subarray(copiedTo, trimmed));
        copiedTo = before;
      }
    }
    // A boundary is at least one character and never starts with a space: "-- " (a signature
    // separator) is no delimiter and keeps its space.
    const delimiterLike = raw[start] === DASH && raw[start + 1] === DASH && cut > start + 2 && !isWsp(raw[start + 2]);
    if (delimiterLike) {
      // A boundary may hold spaces (Lotus Notes: "=_mixed 0040…"): a run of them is one space.
      const line = raw.subarray(start, cut);
      const relaxed = hasWspRun(line) ? Buffer.from(line.toString('latin1').replace(/[ \t]+/g, ' '), 'latin1') : null;
      if (relaxed || cut < contentEnd) {
        kept.push(raw.subarray(copiedTo, start), relaxed ?? line);
        copiedTo = contentEnd;
      }
    } else if (cut === start && cut < contentEnd) {
      kept.push(raw.subarray(copiedTo, start));
      copiedTo = contentEnd;
    }
    for (const c of cursors) if (c.at >= 0 && c.at <= found) c.at = raw.indexOf(c.needle, found + 1);
  }
  if (kept.length === 0) return raw;
  kept.push(raw.subarray(copiedTo));
  return Buffer.concat(kept);
}
