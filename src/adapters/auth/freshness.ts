// A signature is not a fresh request forever (SPEC §5): a genuine message the holder wrote long
// ago, or to someone else, replayed to support, must not authenticate a recovery request now.
// Everything is judged at the time the message arrived, so a replay from quarantine days later
// gets the verdict it got on arrival.
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { toAsciiDomain } from '../../core/address-identity.ts';
import { firstValue, type HeaderField } from './header-block.ts';

export const DEFAULT_MAX_AGE_MS = 7 * 86_400_000;
/** Clock skew tolerated for a t= ahead of our arrival time. */
export const FUTURE_SKEW_MS = 15 * 60_000;

export interface AgeEvidence {
  receivedAt: string;
  maxAgeMs: number;
  date: string | null;
  signedAt?: string | null;
}

export type AgeReason = 'signature_too_old' | 'signature_in_future';

/** Judges a signature's t= (ISO string from mailauth, or null) against the arrival time. */
export function signatureAge(signTime: string | null | undefined, receivedAt: Date, maxAgeMs: number): AgeReason | null {
  if (!signTime) return null;
  const at = Date.parse(signTime);
  if (Number.isNaN(at)) return null;
  if (at < receivedAt.getTime() - maxAgeMs) return 'signature_too_old';
  if (at > receivedAt.getTime() + FUTURE_SKEW_MS) return 'signature_in_future';
  return null;
}

/** The Date header as an instant, or null when there is none or it cannot be read. */
export function dateOf(fields: readonly HeaderField[]): Date | null {
  const value = firstValue(fields, 'date');
  if (!value) return null;
  const date = new Date(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function dateTooOld(date: Date | null, receivedAt: Date, maxAgeMs: number): boolean {
  return date !== null && date.getTime() < receivedAt.getTime() - maxAgeMs;
}

/**
 * An address as SPEC §5 compares it: ASCII letters of the local part lower-cased and nothing
 * else folded, the domain in ASCII (UTS-46). Null when it is not an address.
 */
export function comparableAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const domain = toAsciiDomain(address.slice(at + 1));
  if (domain === null) return null;
  return `${address.slice(0, at).replace(/[A-Z]/g, (c) => c.toLowerCase())}@${domain}`;
}

/** Every address in To and Cc (groups flattened), as written. */
export function recipientsOf(fields: readonly HeaderField[]): string[] {
  const values = ['to', 'cc'].map((name) => firstValue(fields, name)).filter((v): v is string => v !== null);
  // Header bytes were read as latin1: give UTF-8 addresses back their characters.
  return values.flatMap((value) =>
    addressparser(Buffer.from(value, 'latin1').toString('utf8'), { flatten: true })
      .map((entry) => (entry.address ?? '').trim())
      .filter(Boolean),
  );
}

/** Whether the support address or one of its aliases is among the recipients. */
export function addressedToSupport(recipients: readonly string[], supportAddresses: readonly string[]): boolean {
  const ours = new Set(supportAddresses.map(comparableAddress).filter((a): a is string => a !== null));
  return recipients.some((address) => {
    const key = comparableAddress(address);
    return key !== null && ours.has(key);
  });
}
