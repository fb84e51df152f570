// A plain-text part shows each image of the HTML part as its alternative text in brackets, on a
// line of its own ("[Logo Studio Noord]", "[image: Sophie Vandamme | Coordinatrice]",
// "[cid:image001.png@01DA…]", "[Rhode Veterinary Clinic logo]"). That line is what the image
// shows, not a line the writer typed: read as text, the brackets and the word "logo" stay in
// whatever field it lands in. The same reading as html-text.ts gives an HTML image: the alt's
// words without the placeholder word; nothing for a file name or a bare placeholder; and nothing
// when the lines around it say it anyway (the logo above the letterhead that spells the name).

import { fold } from '../../core/text-tools.ts';

const QUOTE = /^(?:>\s?)*/;
// The whole line in brackets, as clients write an image (Outlook, Gmail, Apple Mail).
const BRACKETED = /^\[([^[\]]{1,160})\]\s*$/;
// A word that names the image rather than what it shows.
const PLACEHOLDER = /^(?:image|afbeelding|bild|logo|logos|cid:\S*)\s*:?\s+|\s+(?:logo|logos)$/i;
// An image that shows nothing: a content id, a file name, a placeholder alone.
const NOTHING = /^(?:cid:\S*|[\w.-]+\.(?:png|jpe?g|gif|svg|webp|bmp)|image|afbeelding|logo|logos|photo|foto)$/i;
const LOOK = 3;

function words(s: string): string[] {
  return fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
}

/** Whether every word of the alt is on one line shown near it (a logo above the line that names the body). */
function saidNearby(alt: string, lines: string[], at: number): boolean {
  const own = words(alt);
  if (own.length === 0) return false;
  for (let j = Math.max(0, at - LOOK); j <= Math.min(lines.length - 1, at + LOOK); j++) {
    if (j === at || BRACKETED.test(lines[j]!.replace(QUOTE, ''))) continue;
    const there = new Set(words(lines[j]!));
    if (own.every((w) => there.has(w))) return true;
  }
  return false;
}

/** The plain text with each bracketed image line read as what the image shows (or as nothing). */
export function readImageLines(text: string): string {
  if (!text.includes('[')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const quote = QUOTE.exec(line)![0];
    const inner = BRACKETED.exec(line.slice(quote.length))?.[1]?.replace(/\s+/g, ' ').trim();
    if (inner === undefined) {
      out.push(line);
      continue;
    }
    const marked = PLACEHOLDER.test(inner);
    const alt = inner.replace(PLACEHOLDER, '').trim();
    if (NOTHING.test(inner) || NOTHING.test(alt)) continue;
    // Said by a line next to it: the image repeats the letterhead, with or without a placeholder word.
    if (saidNearby(alt, lines, i)) continue;
    // Only a marked image is read as its words; an unmarked bracketed line may be anything ("[No Cc Addresses]").
    out.push(marked ? quote + alt : line);
  }
  return out.join('\n');
}
