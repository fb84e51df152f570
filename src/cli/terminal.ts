// What the command line writes to an operator's terminal (stop 24). Ticket lists, quarantine
// lists, `tickets show`, `inspect` and directory answers print text a sender or a directory chose:
// an address, a Message-ID, a stated name. A terminal obeys what the console's page never does:
// ESC starts sequences that move the cursor and erase lines (a forged row drawn over the holder's),
// conceal everything after them, write the clipboard (OSC 52) or a hyperlink (OSC 8); the C1
// controls do the same on their own (U+009B is CSI), and terminals that reorder bidi text obey
// U+202E. Every control character but the line feed, and every invisible format character (the
// console's set, src/web/html.ts), is written as its code point, `[U+001B]`; JSON keeps its values
// and spells the same characters as JSON escapes, so no terminal obeys them and every parser reads
// what it read before.
import { codePointMark } from '../core/text-tools.ts';

const UNSAFE = /(?!\n)[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Text for a terminal: controls (but the line feed) and invisible format characters as `[U+XXXX]`. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, codePointMark);
}

/** JSON text whose every unsafe character is a `\uXXXX` escape (both halves of a surrogate pair): the same JSON value. */
export function terminalJson(json: string): string {
  return json.replace(UNSAFE, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

export function printText(text: string): void {
  process.stdout.write(terminalText(text));
}
