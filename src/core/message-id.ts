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
