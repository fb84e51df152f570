// Small text helpers shared by classification and extraction.

const NOT_PLAIN_ASCII = /[^\x00-\x5f\x61-\x7f]/;

/**
 * Lower-cases and removes accents and typographic apostrophes, so one pattern
 * matches "réinitialisé", "reinitialise" and "RÉINITIALISÉ". Only for
 * matching: values returned to callers are always taken from the original.
 */
export function fold(text: string): string {
  // Plain ASCII without a backtick has no accent or typographic apostrophe to fold: only its case.
  if (!NOT_PLAIN_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

// A zero-width joiner between two pictographs is part of one emoji ("🏃‍♀️", "👨‍👩‍👧"): written in a club's name, it
// stays; anywhere else it is a client's invisible mark, dropped like the other zero-width characters.
const ZERO_WIDTH = /[\u200b\u200c\u2060\ufeff]|(?<![\p{Extended_Pictographic}\u{FE0F}\u{1F3FB}-\u{1F3FF}])\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/** Normalises whitespace a mail client may leave: NBSP, zero-width, tabs, CRs. */
export function cleanSpaces(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(ZERO_WIDTH, '');
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether a line was broken by the client's hard wrap rather than by the
 * writer: long enough to have reached the wrap column, not ending a sentence,
 * and the next line's first word would not have fitted on it. A writer who
 * puts each thought on its own line ("ik ben bart van de club" / "mijn gsm is
 * kapot") breaks lines well before the column, or well past it.
 */
function looksWrapped(previous: string, next: string): boolean {
  if (/[.!?:;]$/.test(previous) || previous.length < 50 || previous.length > 80) return false;
  const firstWord = next.split(/\s+/)[0] ?? '';
  return previous.length + 1 + firstWord.length > 66;
}

/**
 * Sentences of a text. Lines of one paragraph are joined when they look like
 * hard-wrapped prose (a long line not ending in punctuation), so "I lost my
 * phone and\ncannot log in" stays one sentence while short label lines stay
 * apart.
 */
const ABBREVIATION_END = /(?:^|[\s(])(?:(?:St|Ste|Sts|Dr|Mr|Mrs|Ms|Mme|Mlle|Mgr|Prof|Dhr|Mevr|Mt|Ft)\.|[\p{L}'’]*(?:\p{Lu}\.){2,})$/u;

export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const lines = paragraph
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const units: string[] = [];
    let lastLine: string | undefined;
    for (const line of lines) {
      const previous = units[units.length - 1];
      if (previous !== undefined && lastLine !== undefined && looksWrapped(lastLine, line)) {
        units[units.length - 1] = `${previous} ${line}`;
      } else units.push(line);
      lastLine = line;
    }
    for (const unit of units) {
      let carried = '';
      for (const piece of unit.split(/(?<=[.!?…])\s+(?=[^\s])/)) {
        const s = `${carried}${piece.trim()}`;
        // "St. Mary's", "Dr. Hubert", "l'A.S.B.L. Les Amis": an abbreviation's dot ends no sentence.
        if (ABBREVIATION_END.test(s)) {
          carried = `${s} `;
          continue;
        }
        carried = '';
        if (s) out.push(s);
      }
      if (carried.trim()) out.push(carried.trim());
    }
  }
  return out;
}

export function nonEmptyLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Cuts a value at a natural length so a snippet or field never carries a whole body. */
export function clip(text: string, max = 300): string {
  const t = collapse(text);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', '“': '”', '«': '»', '(': ')', '„': '“' };

/**
 * A value without the quote marks around it: `"Le Bon Oeil"` → `Le Bon Oeil`; marks quoting part of the name stay
 * (`« Les Joyeux Pétanqueurs » asbl`, `Pétanque Club "Les Cigales" 1998`); a mark at either end that nothing pairs goes.
 * Dutch "'t" and "'s" opening a name keep their apostrophe.
 */
export function unquote(value: string): string {
  let t = value.trim();
  const whole = /^(["“«(„])([^]*)(["”»)“])$/u.exec(t);
  if (whole && QUOTE_PAIRS[whole[1]!] === whole[3] && !whole[2]!.includes(whole[1]!) && !whole[2]!.includes(whole[3]!)) t = whole[2]!.trim();
  // A mark opening the value that nothing closes, or closing it that nothing opened.
  for (;;) {
    const open = t[0] ?? '';
    if (open in QUOTE_PAIRS && !t.slice(1).includes(QUOTE_PAIRS[open]!)) t = t.slice(1).trimStart();
    else if (open === "'" && !/^'[ts]\s/i.test(t)) t = t.slice(1).trimStart();
    else break;
  }
  for (;;) {
    const close = t[t.length - 1] ?? '';
    const opener = Object.keys(QUOTE_PAIRS).find((o) => QUOTE_PAIRS[o] === close && o !== close);
    if (close === "'" || (close === '"' && (t.match(/"/g)?.length ?? 0) % 2 === 1) || (opener !== undefined && !t.slice(0, -1).includes(opener)))
      t = t.slice(0, -1).trimEnd();
    else break;
  }
  return t;
}

/** A character written as its code point, `[U+202E]`: how the console and the command line show what must not act or hide. */
export function codePointMark(c: string): string {
  return `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;
}
