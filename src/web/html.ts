// HTML built only through this tagged template: every interpolated value is escaped unless
// it is itself the output of `html`. Message text can never become markup.
import { codePointMark } from '../core/text-tools.ts';

export interface SafeHtml {
  readonly __html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Invisible format characters (Unicode category Cf: bidi overrides and isolates such as U+202E,
 * zero-width spaces and joiners, the soft hyphen, the BOM, tag characters). In a sender's text
 * they reorder what follows on the line or hide a difference (`Ali\u200Bce` looks like `Alice`);
 * the console shows each as its code point, `[U+202E]`, so an agent sees what was written and
 * our own words beside it read as written.
 */
// With every other default-ignorable code point (stop 23, fourth pass): the combining grapheme
// joiner U+034F, the Hangul fillers U+115F/U+1160/U+3164/U+FFA0, variation selectors U+FE00–FE0F
// and U+E0100–E01EF, the Mongolian free variation selectors, Khmer's inherent vowels are not Cf but
// are drawn as nothing all the same (`Ali\u034Fce`); the From flag zero_width already counts them.
const FORMAT_CHARACTERS = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c).replace(FORMAT_CHARACTERS, codePointMark);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && typeof (value as SafeHtml).__html === 'string';
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.__html;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return { __html: out };
}

export function toText(page: SafeHtml): string {
  return page.__html;
}
