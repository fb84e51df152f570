// HTML-only mail → readable text for classification, extraction and the
// agent console (which never renders the HTML itself, SPEC §6 rule 12).

import { htmlToText } from 'html-to-text';

// Bounds keep hostile HTML (huge or deeply nested) from costing more than a
// fraction of a second; text beyond them is not needed to classify a message.
const MAX_HTML_CHARS = 1_000_000;
const MAX_DEPTH = 200;

const OPTIONS = {
  wordwrap: false as const,
  limits: { maxDepth: MAX_DEPTH },
  selectors: [
    // Link targets and images are noise for reading what the person wrote.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
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
  return html
    .slice(0, MAX_HTML_CHARS)
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&amp;/gi, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*\n+/g, '\n\n')
    .trim();
}

export function htmlToReadableText(html: string): string {
  try {
    // Truncated here rather than by the converter, which warns on the console.
    return htmlToText(html.slice(0, MAX_HTML_CHARS), OPTIONS)
      .replace(/\u00a0/g, ' ')
      .trim();
  } catch {
    return crudeText(html);
  }
}
