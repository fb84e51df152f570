// When a message seen before is a duplicate, a replay or neither (SPEC §5, §6 rule 16).
// A Message-ID is chosen by the sender, so anyone can send one first: an earlier copy makes a
// message a duplicate only when it was at least as well authenticated. Carrying the very same
// DKIM signature is not enough: a copy of the holder's signed mail with a read header added above
// the signature (Reply-To, a second Subject) still verifies, yet is unauthenticated, and the
// holder's own copy must not be held as its duplicate (stop 25). A signature (its `b=`) is unique
// to one message: seen on a message with another Message-ID, it is a replay of the holder's mail
// with the unsigned parts changed.

export interface EarlierCopy {
  id: number;
  ticketId: number | null;
  authenticated: boolean | null;
  /** The `b=` hashes of its aligned passing signatures (every one of them is claimed). */
  dkimBHashes: string[];
}

export type RepeatDecision =
  | { kind: 'duplicate'; of: EarlierCopy }
  /** Earlier copies less authenticated than this one: it goes on, and agents are told. */
  | { kind: 'preempted'; by: EarlierCopy[] }
  | { kind: 'new' };

export function judgeMessageId(earlier: readonly EarlierCopy[], current: { authenticated: boolean; bHashes: readonly string[] }): RepeatDecision {
  const duplicate = earlier.find((copy) => copy.authenticated === true || !current.authenticated);
  if (duplicate) return { kind: 'duplicate', of: duplicate };
  return earlier.length > 0 ? { kind: 'preempted', by: [...earlier] } : { kind: 'new' };
}

/** Whether an earlier message with the same signature makes this one a replay (not a double delivery). */
export function isSignatureReplay(earlier: { messageIdHeader: string | null } | null, messageIdHeader: string | null): boolean {
  if (!earlier) return false;
  // Without a Message-ID a double delivery cannot be told from a replay: neither is acted on.
  return messageIdHeader === null || earlier.messageIdHeader !== messageIdHeader;
}

/**
 * The `b=` hashes of every aligned DKIM signature in the stored evidence that passed here, or
 * that a trusted MX's dmarc=pass was relied on for without DNS (`not_verified`: then it is the
 * only aligned one), sorted, each once. All of them are claimed: a message signed twice (two
 * selectors, or the domain and its mail service) replayed with one signature removed or the two
 * swapped still carries a claimed one.
 */
export function alignedPassBHashes(evidence: unknown): string[] {
  const dkim = (evidence as { dkim?: unknown } | null | undefined)?.dkim;
  if (!Array.isArray(dkim)) return [];
  const hashes = dkim
    .filter(
      (d: { aligned?: unknown; result?: unknown; bHash?: unknown }) =>
        d?.aligned === true && (d.result === 'pass' || d.result === 'not_verified') && typeof d.bHash === 'string',
    )
    .map((d: { bHash: string }) => d.bHash);
  return [...new Set(hashes)].sort();
}
