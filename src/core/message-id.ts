import { lowerAscii, normaliseAddress } from './address-identity.ts';

// Our outgoing Message-IDs carry the ticket reference and an HMAC of it, so a reply to
// one of our mails leads back to its ticket, and a forged In-Reply-To is recognised.

export type Signer = (data: string) => string;

export function ourMessageId(ticketRef: string | null, nonce: string, domain: string, sign: Signer): string {
  const ref = ticketRef ?? 'none';
  return `<rd.${ref}.${nonce}.${sign(`${ref}.${nonce}`).slice(0, 32)}@${domain}>`;
}

/** The ticket reference behind one of our Message-IDs, or null when it is not genuinely ours. */
export function ticketRefFromMessageId(messageId: string, domain: string, sign: Signer): string | null {
  const match = /^<?rd\.(REC-\d{4}-\d{6,})\.([A-Za-z0-9_-]+)\.([0-9a-f]{32})@([^>]+)>?$/.exec(messageId.trim());
  if (!match || match[4]?.toLowerCase() !== domain.toLowerCase()) return null;
  const [, ref = '', nonce = '', mac = ''] = match;
  return sign(`${ref}.${nonce}`).slice(0, 32) === mac ? ref : null;
}

/**
 * The nonce of a Message-ID written to `recipient`: a tag of the address (16 hex of its HMAC),
 * then randomness. A reply is "to one of our mails" for the reader (`ourThread`) only when the
 * mail it answers was written to the replying address: anyone can receive one of our mails (the
 * "write from your account's address" notice goes to any signed sender) and give its Message-ID
 * to a mail of their own, so that the holder's answer to it would read as an answer to us.
 */
export function ourMessageNonce(recipient: string, random: string, sign: Signer): string {
  return `${recipientTag(recipient, sign)}${random}`;
}

/** Whether one of our Message-IDs was written to `sender` (its nonce carries the address's tag). */
export function writtenTo(messageId: string, sender: string, domain: string, sign: Signer): boolean {
  if (ticketRefFromMessageId(messageId, domain, sign) === null) return false;
  const nonce = /^<?rd\.REC-\d{4}-\d{6,}\.([A-Za-z0-9_-]+)\./.exec(messageId.trim())?.[1] ?? '';
  return nonce.startsWith(recipientTag(sender, sign));
}

function recipientTag(address: string, sign: Signer): string {
  // Addresses as SPEC §5 compares them: ASCII letters lower-cased, the domain in ASCII, nothing else
  // folded. Our mail goes to the stored address as the directory spells it (a Unicode domain); the
  // reply's sender is read with its domain as an A-label: both must give the same tag (stop 27).
  const matched = normaliseAddress(address.trim(), { allowUnicodeDomain: true });
  return sign(`to:${matched.ok ? matched.address : lowerAscii(address)}`).slice(0, 16);
}
