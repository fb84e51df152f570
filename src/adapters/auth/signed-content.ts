// What a passing signature vouches for (SPEC §5): only the header instances it covered, at the
// time it was made, for the recipients it names. A DKIM pass counts when every header the
// product reads occurs no more often than the signature covers it, the signature was fresh when
// the message arrived, and the message was written to support. Headers allowed once must occur
// once, whatever vouches for the message.
import type { DKIMResult } from 'mailauth';
import { duplicateHeaders, headerCounts, readHeaderBlock, unsignedHeaders } from './header-block.ts';
import { addressedToSupport, dateOf, dateTooOld, recipientsOf, signatureAge, type AgeEvidence } from './freshness.ts';

export interface ContentContext {
  /** When the message arrived (the stored row's receivedAt). */
  receivedAt: Date;
  maxAgeMs: number;
  /** SUPPORT_ADDRESS and its aliases; the recipient check is skipped when absent. */
  supportAddresses?: readonly string[];
}

export interface Content {
  counts: Map<string, number>;
  duplicates: string[];
  date: Date | null;
  recipients: string[];
  /** The Authentication-Results headers' values, topmost first. */
  authenticationResults: string[];
}

export interface HeaderEvidence {
  duplicate: string[];
  /** Read headers the (best) aligned signature did not cover, when that is why it failed. */
  notSigned: string[];
}

export function readContent(raw: Buffer): Content {
  const fields = readHeaderBlock(raw);
  const counts = headerCounts(raw);
  return {
    counts,
    duplicates: duplicateHeaders(counts),
    date: dateOf(fields),
    recipients: recipientsOf(fields),
    authenticationResults: fields.filter((f) => f.name === 'authentication-results').map((f) => f.value),
  };
}

export function ageEvidence(content: Content, ctx: ContentContext, signedAt?: string | null): AgeEvidence {
  return {
    receivedAt: ctx.receivedAt.toISOString(),
    maxAgeMs: ctx.maxAgeMs,
    date: content.date?.toISOString() ?? null,
    ...(signedAt !== undefined ? { signedAt } : {}),
  };
}

/** Why a cryptographically passing, aligned signature does not vouch for this message, or null. */
export function signatureReason(r: DKIMResult, content: Content, ctx: ContentContext): { reason: string | null; notSigned: string[] } {
  const keys = (r.signingHeaders?.keys ?? '').split(':');
  const notSigned = unsignedHeaders(content.counts, keys);
  if (notSigned.length > 0) return { reason: 'dkim_header_not_signed', notSigned };
  // Without t= and without a Date, nothing says when it was written: it could be years old.
  if (!r.signTime && content.date === null) return { reason: 'signature_age_unknown', notSigned };
  return { reason: signatureAge(r.signTime, ctx.receivedAt, ctx.maxAgeMs), notSigned };
}

/** Why an otherwise authenticated message still is not a fresh request to support, or null. */
export function messageReason(content: Content, ctx: ContentContext): string | null {
  if (dateTooOld(content.date, ctx.receivedAt, ctx.maxAgeMs)) return 'signature_too_old';
  if (ctx.supportAddresses && !addressedToSupport(content.recipients, ctx.supportAddresses)) return 'not_addressed_to_support';
  return null;
}

/**
 * A trusted MX said dmarc=pass, having verified DKIM where we could not. What it verified is
 * the bottom-most instance of each header too, and it does not know our age limit: when the
 * message carries signatures aligned with From, each must cover what we read and be fresh (an
 * attacker who adds a signature of their own only makes this fail), and sign the whole body (no
 * l=). With none, the pass rests
 * on SPF, for mail the domain's own servers handed over as it is.
 */
export function trustedPassReason(aligned: readonly DKIMResult[], content: Content, ctx: ContentContext): { reason: string | null; notSigned: string[] } {
  for (const r of aligned) {
    // An l= signature vouches for the first bytes of the body only: text appended below them
    // passes at the MX as it does here, so what is read was not all signed.
    if (r.canonBodyLengthLimited) return { reason: 'dkim_partial_body', notSigned: [] };
    const judged = signatureReason(r, content, ctx);
    if (judged.reason) return judged;
  }
  return { reason: null, notSigned: [] };
}
