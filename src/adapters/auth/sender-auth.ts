// Sender authentication on the raw bytes (SPEC §5). mailauth does the cryptography and the DNS;
// this file decides what counts: an aligned DKIM pass (not rsa-sha1, no l=, key >= 1024 bits),
// an aligned SPF pass from a hop the caller vouches for, or the topmost Authentication-Results
// of a trusted authserv-id saying dmarc=pass. ARC and every other Authentication-Results can be
// written by anyone and are ignored. Whatever passes must also vouch for what the product reads
// (signed-content.ts): every read header covered, a fresh signature, a message to support.
// When the trusted MX's pass settles it, no DNS query is made beyond, for a pass resting on SPF alone,
// the SPF record's (trusted-mx.ts).
import { createHash, createPublicKey } from 'node:crypto';
import { authenticate, spf as checkSpf } from 'mailauth';
import { hopFromReceived } from './received.ts';
import type { AuthenticateResult, DKIMResult } from 'mailauth';
import { aligner, alignmentModes, isSameOrSub, type Aligner, type Alignment, type AlignmentMode } from './alignment.ts';
import { judgeAuthResults, mxPassBasis } from './auth-results.ts';
import { authorDomain, headerLines, signatureBHash } from './mailauth-headers.ts';
import { senderResolver } from './dns-retry.ts';
import { probeAnyIp } from './spf-probe.ts';
import { trustedMxVerdict } from './trusted-mx.ts';
import { DEFAULT_MAX_AGE_MS, type AgeEvidence } from './freshness.ts';
import {
  ageEvidence,
  messageReason,
  readContent,
  signatureReason,
  trustedPassReason,
  type Content,
  type ContentContext,
  type HeaderEvidence,
} from './signed-content.ts';

export type DnsResolver = (name: string, type: string) => Promise<any>;

export interface TrustedHop {
  ip: string;
  helo?: string;
  /** Envelope sender given by that hop; without it SPF checks the HELO name. */
  mailFrom?: string;
}

export interface SenderAuthOptions {
  trustedAuthservIds: string[];
  /** SPF is only checked for hops the caller says delivered the message. */
  trustedHops?: TrustedHop[];
  /**
   * Host names of our own MX: when the topmost Received header is one of theirs, the client it
   * names is a trusted hop (SPF is checked for it, with the Return-Path as MAIL FROM).
   */
  trustedReceivedBy?: string[];
  /** Every lookup goes through it; node:dns only when it is missing. */
  resolver?: DnsResolver;
  /** Retries after a temporary DNS error (default 2, so 3 tries). */
  dnsRetries?: number;
  /** Waits before each retry (default [50, 200] ms; the last one repeats). */
  dnsBackoffMs?: number[];
  /** Our own domains: mail claiming to be from them is never taken as an authenticated sender. */
  ourDomains?: string[];
  /** When the message arrived: signature and Date ages are judged then (default: now). */
  receivedAt?: Date;
  /** DKIM_MAX_AGE: an older signature or Date does not authenticate (default 7 days). */
  maxAgeMs?: number;
  /** SUPPORT_ADDRESS and SUPPORT_ALIASES: one must be in To or Cc (no check when absent). */
  supportAddresses?: string[];
}

export interface DkimEvidence {
  domain: string;
  selector: string;
  algo: string;
  result: string;
  aligned: boolean;
  comment?: string;
  bodyLength?: number;
  keyBits?: number;
  /** sha256 hex of the signature's b= value, whitespace removed: the same signature seen twice is a replay. */
  bHash?: string;
}

export interface SpfEvidence {
  ip: string;
  helo: string | null;
  mailFrom: string | null;
  domain: string;
  result: string;
  aligned: boolean;
  /** Set when the record also passes addresses nobody sends from (`+all`, `ip4:0.0.0.0/0`): it vouches for no one. */
  permitsAnyIp?: boolean;
}

export interface SenderEvidence {
  sha256: string;
  dkim: DkimEvidence[];
  spf?: { hops: SpfEvidence[] };
  dmarc?: { result: string; policy: string | null; recordDomain: string | null };
  authenticationResults?: { header: string; authservId: string } | null;
  /** The DMARC record's adkim/aspf as applied. */
  alignment?: Alignment;
  headers?: HeaderEvidence;
  age?: AgeEvidence;
  /** To and Cc addresses, when none of them is the support address. */
  recipients?: string[];
  /**
   * Set when the trusted MX's dmarc=pass was relied on (trusted-mx.ts): no signature was verified
   * here, no DMARC record read; signatures counted as aligned if relaxed. No DNS query was made,
   * except the SPF record's for a pass resting on SPF alone (`spfRecordRead`).
   */
  reliedOnMx?: {
    dkimVerified: false;
    dmarcRecordRead: false;
    alignment: 'relaxed';
    /** A pass resting on SPF alone: the SPF record the MX's pass rests on was read (and only it), and passes no address nobody sends from. */
    spfRecordRead?: { domain: string; result: string; permitsAnyIp: false };
  };
}

export interface SenderVerdict {
  authenticated: boolean;
  reason: string;
  fromDomain: string | null;
  authFrom: { address: string }[] | null;
  evidence: SenderEvidence;
}

const PASSES = ['dkim_aligned_pass', 'spf_aligned_pass_trusted_hop', 'trusted_authserv_dmarc_pass'];
// When nothing passes, the most telling reason wins: a genuine signature that does not vouch
// for this message first.
const FAILURES = [
  'dkim_header_not_signed',
  'signature_too_old',
  'signature_in_future',
  'signature_age_unknown',
  'dkim_not_strictly_aligned',
  'spf_not_strictly_aligned',
  'spf_permits_any_ip',
  'dkim_rsa_sha1',
  'dkim_partial_body',
  'dkim_key_too_short',
  'dns_temporary_error',
  'dkim_signature_invalid',
  'dkim_body_hash_mismatch',
  'trusted_authserv_no_dmarc_pass',
  'trusted_authserv_ambiguous',
  'authentication_results_not_topmost',
  'untrusted_authentication_results',
];
const SPF_REASONS: Record<string, string> = { pass: 'spf_aligned_pass_trusted_hop', temperror: 'dns_temporary_error' };
const MTA = 'recovery-desk';

export async function authenticateSender(raw: Buffer, opts: SenderAuthOptions): Promise<SenderVerdict> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  const evidence: SenderEvidence = { sha256: createHash('sha256').update(bytes).digest('hex'), dkim: [] };
  let fromDomain: string | null = null;
  let authFrom: { address: string }[] | null = null;
  const verdict = (reason: string): SenderVerdict => ({
    authenticated: PASSES.includes(reason),
    reason,
    fromDomain,
    authFrom,
    evidence,
  });
  if (bytes.length === 0) return verdict('malformed_message');
  const ctx: ContentContext = {
    receivedAt: opts.receivedAt ?? new Date(),
    maxAgeMs: opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
    ...(opts.supportAddresses ? { supportAddresses: opts.supportAddresses } : {}),
  };
  let content: Content;
  try {
    content = readContent(bytes);
  } catch {
    return verdict('malformed_message');
  }
  // Behind our MX, its verdict needs no DNS query; whatever it does not settle, the full path does.
  const resolver = senderResolver(opts);
  const relied = await trustedMxVerdict(bytes, evidence.sha256, opts, ctx, content, resolver).catch(() => null);
  if (relied) return relied;

  try {
    // No ip/sender/trustReceived: SPF here is skipped (no client IP), and no Received header is believed.
    const result = await authenticate(bytes, {
      resolver,
      mta: MTA,
      minBitLength: 1024,
      rejectRsaSha1: true,
      disableArc: true,
      disableBimi: true,
    });
    authFrom = result.dkim.headerFrom.map((address) => ({ address }));
    const from = authorDomain(result);
    fromDomain = from.domain;
    const modes = alignmentModes(result.dmarc);
    evidence.alignment = modes;
    const dkimAlign = aligner(fromDomain, modes.dkim);
    const spfAlign = aligner(fromDomain, modes.spf);
    evidence.headers = { duplicate: content.duplicates, notSigned: [] };

    const signatures = result.dkim.results.filter((r) => r.signingDomain);
    const dkim = signatures.map((r) => judgeDkim(r, dkimAlign.aligned));
    evidence.dkim = dkim.map((d) => d.evidence);
    // A genuine pass vouches only for what it covered, when it was made.
    const dkimReasons = dkim.map((d, i) => {
      const r = signatures[i] as DKIMResult;
      if (d.reason === null) return notStrictlyAligned(r.status.result, String(r.signingDomain), dkimAlign, modes.dkim, 'dkim');
      if (d.reason !== 'dkim_aligned_pass') return d.reason;
      const judged = signatureReason(r, content, ctx);
      if (judged.notSigned.length && !evidence.headers?.notSigned.length) evidence.headers = { duplicate: content.duplicates, notSigned: judged.notSigned };
      return judged.reason ?? d.reason;
    });
    if (result.dmarc) {
      const { status, policy, policyDomain } = result.dmarc;
      evidence.dmarc = { result: status.result, policy: policy ?? null, recordDomain: policyDomain ?? null };
    }
    const headerAuth = judgeAuthResults(headerLines(result, 'authentication-results'), opts.trustedAuthservIds, fromDomain);
    evidence.authenticationResults = headerAuth.top;
    const received = hopFromReceived(bytes, opts.trustedReceivedBy ?? []);
    const hops = [...(opts.trustedHops ?? []), ...(received ? [received] : [])];
    const spf = hops.length && fromDomain ? await judgeHops(hops, resolver, spfAlign.aligned) : null;
    if (spf) evidence.spf = { hops: spf.map((s) => s.evidence) };
    const spfReasons = (spf ?? []).map((s) => s.reason ?? notStrictlyAligned(s.evidence.result, s.evidence.domain, spfAlign, modes.spf, 'spf'));

    if (from.reason) return verdict(from.reason);
    if (fromDomain && (opts.ourDomains ?? []).some((ours) => isSameOrSub(fromDomain as string, ours))) {
      return verdict('from_our_domain');
    }
    if (content.duplicates.length > 0) return verdict('duplicate_header');
    let authReason = headerAuth.reason;
    if (authReason === 'trusted_authserv_dmarc_pass') {
      const judged = trustedPassReason(
        signatures.filter((r) => dkimAlign.aligned(String(r.signingDomain))),
        content,
        ctx,
      );
      if (judged.notSigned.length) evidence.headers = { duplicate: content.duplicates, notSigned: judged.notSigned };
      authReason = judged.reason ?? authReason;
      const basis = authReason === 'trusted_authserv_dmarc_pass' && fromDomain ? mxPassBasis(headerAuth.top?.header ?? '', fromDomain) : null;
      if (basis && !basis.dkim) {
        // Resting on SPF alone: only as good as the record (spf-probe.ts), and not when it cannot be read.
        const probe = await probeAnyIp({ mailFrom: `postmaster@${basis.spfDomain}` }, resolver);
        if (probe.permitsAnyIp) authReason = 'spf_permits_any_ip';
        else if (probe.temporary) authReason = 'dns_temporary_error';
      }
    }
    const reasons = [...dkimReasons, ...spfReasons, authReason];
    const reason = [...PASSES, ...FAILURES].find((r) => reasons.includes(r)) ?? 'no_aligned_pass';
    const best = signatures.find((_, i) => dkimReasons[i] === reason);
    evidence.age = ageEvidence(content, ctx, best ? (best.signTime ?? null) : undefined);
    if (!PASSES.includes(reason)) return verdict(reason);
    const late = messageReason(content, ctx);
    if (late === 'not_addressed_to_support') evidence.recipients = content.recipients.slice(0, 20);
    return verdict(late ?? reason);
  } catch {
    return verdict('malformed_message');
  }
}

function judgeDkim(r: DKIMResult, aligned: (domain: string) => boolean): { reason: string | null; evidence: DkimEvidence } {
  const algo = String(r.algo ?? '').toLowerCase();
  const keyBits = algo.startsWith('rsa') ? (r.modulusLength ?? keyBitsOf(r.rr)) : undefined;
  const evidence: DkimEvidence = {
    domain: String(r.signingDomain),
    selector: String(r.selector ?? ''),
    algo,
    result: r.status.result,
    aligned: aligned(String(r.signingDomain)),
    ...(r.status.comment ? { comment: String(r.status.comment) } : {}),
    ...(r.canonBodyLengthLimited ? { bodyLength: r.canonBodyLengthLimit ?? 0 } : {}),
    ...(keyBits !== undefined ? { keyBits } : {}),
    ...(r.signature ? { bHash: signatureBHash(r.signature) } : {}),
  };
  return { reason: evidence.aligned ? dkimReason(r, algo, keyBits) : null, evidence };
}

function dkimReason(r: DKIMResult, algo: string, keyBits: number | undefined): string | null {
  const { result, comment, policy } = r.status;
  if (algo.endsWith('sha1') || policy?.['dkim-rules'] === 'weak-algorithm') return 'dkim_rsa_sha1';
  if (policy?.['dkim-rules'] === 'weak-key' || (result === 'pass' && algo.startsWith('rsa') && !((keyBits ?? 0) >= 1024))) {
    return 'dkim_key_too_short';
  }
  if (result === 'temperror') return 'dns_temporary_error';
  if (result === 'fail') return 'dkim_signature_invalid';
  if (comment === 'body hash did not verify') return 'dkim_body_hash_mismatch';
  if (result !== 'pass') return null;
  return r.canonBodyLengthLimited ? 'dkim_partial_body' : 'dkim_aligned_pass';
}

/** A pass that aligns only at the organisational domain, where the owner asks for the exact one. */
function notStrictlyAligned(result: string, domain: string, align: Aligner, mode: AlignmentMode, method: 'dkim' | 'spf'): string | null {
  if (result !== 'pass' || mode === 'relaxed' || !align.relaxed(domain)) return null;
  return mode === 'unknown' ? 'dns_temporary_error' : `${method}_not_strictly_aligned`;
}

async function judgeHops(hops: TrustedHop[], resolver: DnsResolver, aligned: (domain: string) => boolean) {
  const judged = [];
  for (const hop of hops) {
    const result = hop.mailFrom || hop.helo ? await checkSpf({ sender: hop.mailFrom || undefined, ip: hop.ip, helo: hop.helo, mta: MTA, resolver }) : null;
    const domain = result?.domain ?? '';
    const evidence: SpfEvidence = {
      ip: hop.ip,
      helo: hop.helo ?? null,
      mailFrom: hop.mailFrom ?? null,
      domain,
      result: result?.status.result ?? 'none',
      aligned: domain !== '' && aligned(domain),
    };
    let reason = !evidence.aligned ? null : (SPF_REASONS[evidence.result] ?? null);
    if (reason === 'spf_aligned_pass_trusted_hop') {
      // A record that passes any server vouches for no one; one that could not be read again, neither.
      const probe = await probeAnyIp(hop, resolver);
      if (probe.permitsAnyIp) evidence.permitsAnyIp = true;
      reason = probe.permitsAnyIp ? 'spf_permits_any_ip' : probe.temporary ? 'dns_temporary_error' : reason;
    }
    judged.push({ reason, evidence });
  }
  return judged;
}

/** Key size from the key record, for keys mailauth refused as too short (it then omits it). */
function keyBitsOf(record: string | undefined): number | undefined {
  const p = /(?:^|;)\s*p=([^;]*)/.exec(record ?? '')?.[1]?.replace(/\s+/g, '');
  if (!p) return undefined;
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: Buffer.from(p, 'base64'), format: 'der', type }).asymmetricKeyDetails?.modulusLength;
    } catch {
      // try the other encoding
    }
  }
  return undefined;
}
