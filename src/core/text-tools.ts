// Small text helpers shared by classification and extraction.

/**
 * Lower-cases and removes accents and typographic apostrophes, so one pattern
 * matches "réinitialisé", "reinitialise" and "RÉINITIALISÉ". Only for
 * matching: values returned to callers are always taken from the original.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

/** Normalises whitespace a mail client may leave: NBSP, zero-width, tabs, CRs. */
export function cleanSpaces(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Sentences of a text. Lines of one paragraph are joined when they look like
 * hard-wrapped prose (a long line not ending in punctuation), so "I lost my
 * phone and\ncannot log in" stays one sentence while short label lines stay
 * apart.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const lines = paragraph.split('\n').map((l) => l.trim()).filter(Boolean);
    const units: string[] = [];
    for (const line of lines) {
      const previous = units[units.length - 1];
      if (previous !== undefined && previous.length >= 50 && !/[.!?:;]$/.test(previous)) {
        units[units.length - 1] = `${previous} ${line}`;
      } else units.push(line);
    }
    for (const unit of units) {
      for (const piece of unit.split(/(?<=[.!?…])\s+(?=[^\s])/)) {
        const s = piece.trim();
        if (s) out.push(s);
      }
    }
  }
  return out;
}

export function nonEmptyLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Cuts a value at a natural length so a snippet or field never carries a whole body. */
export function clip(text: string, max = 300): string {
  const t = collapse(text);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
