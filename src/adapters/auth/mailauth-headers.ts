// What mailauth read of the header block: the From mailbox, the unfolded values of a header, a
// signature's b= as a replay key.
// The DNS-backed path (sender-auth.ts) and the trusted-MX path (trusted-mx.ts) both read From
// here, so they refuse the same From lines for the same reasons.
import { createHash } from 'node:crypto';
import type { AuthenticateResult } from 'mailauth';
import { malformedMailboxHeader, normaliseAddress } from '../../core/address-identity.ts';

/** The From domain (ASCII), or why there is no single, valid From mailbox. */
export function authorDomain(result: AuthenticateResult): { domain: string | null; reason: string | null } {
  const { fromFields, headerFrom } = result.dkim;
  if (fromFields > 1) return { domain: null, reason: 'multiple_from_headers' };
  if (fromFields === 0 || headerFrom.length === 0) return { domain: null, reason: 'no_from' };
  if (headerFrom.length > 1) return { domain: null, reason: 'multiple_from_mailboxes' };
  const address = normaliseAddress(headerFrom[0] ?? '');
  if (!address.ok) return { domain: null, reason: address.reason };
  const line = headerLines(result, 'from')[0] ?? '';
  return { domain: address.domain, reason: malformedMailboxHeader(line) ? 'invalid_address' : null };
}

/** Unfolded values of a header, top to bottom, as mailauth split them. */
export function headerLines(result: AuthenticateResult, key: string): string[] {
  return (result.dkim.headers?.parsed ?? [])
    .filter((h) => h.key === key)
    .map((h) => {
      const line = h.line.toString('utf8').replace(/\r?\n(?=[ \t])/g, '');
      return line.slice(line.indexOf(':') + 1).trim();
    });
}

/** sha256 hex of a signature's b= value, whitespace removed: the same signature seen twice is a replay. */
export function signatureBHash(signature: unknown): string | undefined {
  return signature ? createHash('sha256').update(String(signature).replace(/\s+/g, '')).digest('hex') : undefined;
}
