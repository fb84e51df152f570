// Identifier alignment with the From domain (SPEC §5): the domain owner's DMARC record decides.
// adkim=s / aspf=s require the exact From domain; relaxed (the default, and with no record)
// means the same organisational domain. mailauth found the record (the From domain's own, or
// the organisational domain's as a fallback) and reports its modes in result.dmarc.alignment;
// when it could not look the record up, the mode is unknown and only the exact domain aligns.
import type { AuthenticateResult } from 'mailauth';
import { getDomain } from 'tldts';
import { toAsciiDomain } from '../../core/address-identity.ts';

const PSL = { allowIcannDomains: true, allowPrivateDomains: true };

export type AlignmentMode = 'strict' | 'relaxed' | 'unknown';

export interface Alignment {
  dkim: AlignmentMode;
  spf: AlignmentMode;
}

/**
 * Lower-case ASCII form of a domain from a signature, SPF or header, or null. U-labels are
 * refused rather than mapped: UTS-46 folds ｇｏｏｄ.example into good.example, while mailauth
 * looked the key up under a different (xn--) name that someone else may own.
 */
export function asciiDomain(domain: string): string | null {
  return /[^\x00-\x7f]/.test(domain) ? null : toAsciiDomain(domain.replace(/\.$/, ''));
}

export function orgDomain(domain: string): string | null {
  const ascii = asciiDomain(domain);
  return ascii === null ? null : (getDomain(ascii, PSL) ?? ascii);
}

export function isSameOrSub(domain: string, parent: string): boolean {
  const p = parent.trim().toLowerCase();
  return domain === p || domain.endsWith(`.${p}`);
}

/** The modes of the record that applies to the From domain. */
export function alignmentModes(dmarc: AuthenticateResult['dmarc']): Alignment {
  if (!dmarc) return { dkim: 'relaxed', spf: 'relaxed' };
  const result = dmarc.status?.result;
  const modes = (dmarc as { alignment?: { dkim?: { strict?: boolean }; spf?: { strict?: boolean } } }).alignment;
  if (modes) return { dkim: modes.dkim?.strict ? 'strict' : 'relaxed', spf: modes.spf?.strict ? 'strict' : 'relaxed' };
  // No record (none) is relaxed; a lookup that failed leaves the owner's wish unknown.
  return result === 'temperror' ? { dkim: 'unknown', spf: 'unknown' } : { dkim: 'relaxed', spf: 'relaxed' };
}

export interface Aligner {
  /** Aligned under the owner's mode. */
  aligned(domain: string): boolean;
  /** Would align under relaxed alignment (to tell "not strictly aligned" apart). */
  relaxed(domain: string): boolean;
}

export function aligner(fromDomain: string | null, mode: AlignmentMode): Aligner {
  const fromOrg = fromDomain === null ? null : orgDomain(fromDomain);
  const relaxed = (domain: string) => fromOrg !== null && orgDomain(domain) === fromOrg;
  const exact = (domain: string) => fromDomain !== null && asciiDomain(domain) === fromDomain;
  return { aligned: mode === 'relaxed' ? relaxed : exact, relaxed };
}
