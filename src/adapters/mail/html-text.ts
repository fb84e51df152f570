// HTML-only mail → readable text for classification, extraction and the
// agent console (which never renders the HTML itself, SPEC §6 rule 12).

import { compile } from 'html-to-text';

// Bounds keep hostile HTML (huge or deeply nested) from costing more than a
// fraction of a second; text beyond them is not needed to classify a message.
const MAX_HTML_CHARS = 1_000_000;
const MAX_DEPTH = 200;

// Alt text that says nothing about the sender: a file name, a placeholder word, a tracking pixel.
const EMPTY_ALT =
  /\b(?:logo|logos|image|img|photo|picture|pic|portrait|headshot|avatar|banner|icon|signature|handtekening|afbeelding|beeld|foto|spacer|pixel|facebook|linkedin|twitter|instagram|youtube|tiktok|whatsapp)\b|^x$|\.(?:png|jpe?g|gif|svg|webp|bmp)$|^(?:cid|https?):/i;
// Marks an alt line until the whole text is known: an alt that repeats a line shown anyway (a
// portrait's alt with the name under it) is dropped then.
const ALT_MARK = '\u0001';

type Builder = { addBlockBreak?: () => void; openBlock: (o: object) => void; closeBlock: (o: object) => void; addInline: (s: string) => void };

function altText(elem: { attribs?: Record<string, string> }, _walk: unknown, builder: Builder): void {
  const alt = (elem.attribs?.alt ?? '').replace(/\s+/g, ' ').trim();
  if (!alt || alt.length > 120 || !/\p{L}{2}/u.test(alt) || EMPTY_ALT.test(alt)) return;
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addInline(ALT_MARK + alt);
  builder.closeBlock({ trailingLineBreaks: 1 });
}

const OPTIONS = {
  wordwrap: false as const,
  formatters: { altText },
  limits: { maxDepth: MAX_DEPTH },
  selectors: [
    // Link targets and images are noise for reading what the person wrote.
    { selector: 'a', options: { ignoreHref: true } },
    // An image's alt text is what it shows when it says something ("Dierenhuis De Linde vzw" on a
    // signature's logo): a line of its own. File names and words like "logo" are left out.
    { selector: 'img', format: 'altText' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    // Each cell on a line of its own, as it shows: an inline cell ran into the next one
    // ("Coordinateur logistiqueBanque alimentaire ASBL") in HTML table signatures.
    { selector: 'td', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'th', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
};

/** Last resort when the converter itself fails: drop tags, decode a few entities. */
function crudeText(html: string): string {
  // A quote stays a quote: the converter can be made to fail by the quoted mail's own markup
  // (`<ol type="i" start="1000000000">` throws in html-to-text), and that mail is its author's, not
  // the writer's, so every line inside a blockquote keeps the "> " the converter would have written.
  const parts = html
    .slice(0, MAX_HTML_CHARS)
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .split(/(<\/?blockquote\b[^>]*>)/i);
  let depth = 0;
  const out: string[] = [];
  for (const part of parts) {
    if (/^<blockquote/i.test(part)) depth++;
    else if (/^<\/blockquote/i.test(part)) depth = Math.max(0, depth - 1);
    else {
      const text = crudeBlock(part);
      out.push(depth > 0 ? text.replace(/^/gm, '> ') : text);
      continue;
    }
    out.push('\n');
  }
  return out
    .join('\n')
    .replace(/\n\s*\n\s*\n+/g, '\n\n')
    .trim();
}

function crudeBlock(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&amp;/gi, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function withAltLines(text: string): string {
  const lines = text.split('\n');
  const key = (l: string) => l.replace(ALT_MARK, '').replace(/\s+/g, ' ').trim().toLowerCase();
  const shown = new Set(lines.filter((l) => !l.includes(ALT_MARK)).map(key));
  return lines
    .filter((l) => !l.includes(ALT_MARK) || !shown.has(key(l)))
    .map((l) => l.replace(ALT_MARK, ''))
    .join('\n');
}

// Compiled once: htmlToText() compiles its options (selectors into a decision tree) on every
// call, ~0.4 ms of each HTML message's inspection.
let converter: ((html: string) => string) | null = null;

export function htmlToReadableText(html: string): string {
  try {
    converter ??= compile(OPTIONS);
    // Truncated here rather than by the converter, which warns on the console.
    return withAltLines(converter(html.slice(0, MAX_HTML_CHARS)).replace(/\u00a0/g, ' ')).trim();
  } catch {
    return crudeText(html);
  }
}
