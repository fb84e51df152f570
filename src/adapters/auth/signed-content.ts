// What a passing signature vouches for (SPEC §5): only the header instances it covered, at the
// time it was made, for the recipients it names. A DKIM pass counts when every header the
// product reads occurs no more often than the signature covers it, the signature was fresh when
// the message arrived, and the message was written to support. Headers allowed once must occur
// once, whatever vouches for the message.
import type { DKIMResult } from 'mailauth';
import {
  bareInline,
  duplicateHeaders,
  encodedBodyAbsences,
  headerCounts,
  READ_WHEN_ABSENT,
  READ_WHEN_NOT_BARE_INLINE,
  readHeaderBlock,
  uncoveredAmong,
  unsignedHeaders,
  type HeaderField,
} from './header-block.ts';
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
  /** Each DKIM-Signature's h= names (lower-case), by its b= (whitespace removed). */
  signedNames: Map<string, string[][]>;
  /**
   * Read headers this message lacks whose absence is itself a reading, so a signature must list
   * them (READ_WHEN_ABSENT, and READ_WHEN_ABSENT_FROM_ENCODED_BODY when the body reads differently
   * decoded).
   */
  absentReadings: string[];
  /** The values of READ_WHEN_NOT_BARE_INLINE headers that are more than a bare `inline`, by name (in either reading of the lines). */
  readingDispositions: Set<string>;
}

export interface HeaderEvidence {
  duplicate: string[];
  /** Read headers the (best) aligned signature did not cover, when that is why it failed. */
  notSigned: string[];
}

export function readContent(raw: Buffer): Content {
  const fields = readHeaderBlock(raw);
  const counts = headerCounts(raw, fields);
  return {
    counts,
    duplicates: duplicateHeaders(counts),
    date: dateOf(fields),
    recipients: recipientsOf(fields),
    authenticationResults: fields.filter((f) => f.name === 'authentication-results').map((f) => f.value),
    signedNames: signedNamesByB(fields),
    readingDispositions: readingDispositions(raw, fields, counts),
    absentReadings: [...READ_WHEN_ABSENT.filter((name) => (counts.get(name) ?? 0) === 0), ...encodedBodyAbsences(raw, fields, counts)],
  };
}

/** READ_WHEN_NOT_BARE_INLINE names with an instance that changes the reading, in either reading of the lines. */
function readingDispositions(raw: Buffer, fields: readonly HeaderField[], counts: ReadonlyMap<string, number>): Set<string> {
  const found = new Set<string>();
  for (const name of READ_WHEN_NOT_BARE_INLINE) {
    if ((counts.get(name) ?? 0) === 0) continue;
    // Only mail carrying the header pays for the second reading (bare CR line ends).
    const values = [...fields, ...readHeaderBlock(raw, true)].filter((f) => f.name === name).map((f) => f.value);
    if (values.some((value) => !bareInline(value))) found.add(name);
  }
  return found;
}

/** The h= list of every DKIM-Signature, keyed by its b=: mailauth reports only the names it found. */
function signedNamesByB(fields: readonly HeaderField[]): Map<string, string[][]> {
  const byB = new Map<string, string[][]>();
  for (const field of fields) {
    if (field.name !== 'dkim-signature') continue;
    const tags = new Map(
      field.value.split(';').map((tag) => {
        const eq = tag.indexOf('=');
        return [tag.slice(0, eq).trim().toLowerCase(), tag.slice(eq + 1).replace(/\s+/g, '')] as const;
      }),
    );
    const b = tags.get('b');
    if (!b) continue;
    const names = (tags.get('h') ?? '').split(':').map((name) => name.toLowerCase());
    byB.set(b, [...(byB.get(b) ?? []), names]);
  }
  return byB;
}

/**
 * Read headers whose absence is itself a reading (no Content-Type is text/plain; no
 * Content-Transfer-Encoding is 7bit, for a body that reads differently decoded) that this message
 * lacks and the signature did not sign as absent: an unsigned one may have been removed. Every
 * DKIM-Signature carrying this b= must list the name.
 */
function absenceNotSigned(r: DKIMResult, content: Content): string[] {
  const copies = content.signedNames.get(String(r.signature ?? '').replace(/\s+/g, '')) ?? [];
  return content.absentReadings.filter((name) => !(copies.length > 0 && copies.every((names) => names.includes(name))));
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
  // A disposition that changes the reading must be signed as read headers are: Eve's `attachment`
  // above the holder's signature made the whole request an attached file, nothing read (stop 25).
  const disposition = uncoveredAmong(content.counts, keys, READ_WHEN_NOT_BARE_INLINE).filter((name) => content.readingDispositions.has(name));
  const notSigned = [...unsignedHeaders(content.counts, keys), ...absenceNotSigned(r, content), ...disposition];
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
