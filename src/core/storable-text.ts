// Text PostgreSQL can store. A `text` column refuses U+0000 ("invalid byte sequence for encoding
// UTF8: 0x00") and `jsonb` refuses "\u0000" and a lone surrogate ("\ud800" with no partner): both
// are what a mail can carry (a raw NUL byte in a header, quoted-printable `=00`, a UTF-16 part or
// an HTML character reference `&#xD800;`). Unchanged, one such character in any value failed the
// whole statement: `ingest` (an MTA pipe passes a NUL on) never stored the message, nor any batch
// holding it (IMAP cannot carry a NUL: Dovecot sends 0x80), and a request's outcome failed five
// times and was quarantined. Each becomes U+FFFD, the
// replacement character, which the agent sees where it stood (stop 23, fourth pass).

const PATTERN = String.raw`\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]`;
const ANY = new RegExp(PATTERN);
const ALL = new RegExp(PATTERN, 'g');

export function storableText(value: string): string {
  return ANY.test(value) ? value.replace(ALL, '\uFFFD') : value;
}

/** JSON.stringify for a statement's JSON parameter: every string, keys included, storable. */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return storableText(item);
    if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).some((key) => ANY.test(key)))
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [storableText(key), inner]));
    return item;
  });
}
