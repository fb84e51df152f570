// Sender authentication on the raw bytes (SPEC §5). mailauth does the cryptography and the DNS;
// this file decides what counts: an aligned DKIM pass (not rsa-sha1, no l=, key >= 1024 bits),
// an aligned SPF pass from a hop the caller vouches for, or the topmost Authentication-Results
// of a trusted authserv-id saying dmarc=pass. ARC and every other Authentication-Results can be
// written by anyone and are ignored.
import { createHash, createPublicKey } from 'node:crypto';
import { promises as dns } from 'node:dns';
import { authenticate, spf as checkSpf } from 'mailauth';
import { hopFromReceived } from './received.ts';
import type { AuthenticateResult, DKIMResult } from 'mailauth';
import { getDomain } from 'tldts';
import { malformedMailboxHeader, normaliseAddress, stripComments, toAsciiDomain } from '../../core/address-identity.ts';

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
}

export interface SenderEvidence {
  sha256: string;
  dkim: DkimEvidence[];
  spf?: { hops: SpfEvidence[] };
  dmarc?: { result: string; policy: string | null; recordDomain: string | null };
  authenticationResults?: { header: string; authservId: string } | null;
}

export interface SenderVerdict {
  authenticated: boolean;
  reason: string;
  fromDomain: string | null;
  authFrom: { address: string }[] | null;
  evidence: SenderEvidence;
}

const PASSES = ['dkim_aligned_pass', 'spf_aligned_pass_trusted_hop', 'trusted_authserv_dmarc_pass'];
// When nothing passes, the most telling reason wins.
const FAILURES = [
  'dkim_rsa_sha1',
  'dkim_partial_body',
  'dkim_key_too_short',
  'dns_temporary_error',
  'dkim_signature_invalid',
  'dkim_body_hash_mismatch',
  'trusted_authserv_no_dmarc_pass',
  'authentication_results_not_topmost',
  'untrusted_authentication_results',
];
const TEMPORARY = new Set(['ETIMEOUT', 'ETIMEDOUT', 'ESERVFAIL', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'EREFUSED']);
const SPF_REASONS: Record<string, string> = { pass: 'spf_aligned_pass_trusted_hop', temperror: 'dns_temporary_error' };
const PSL = { allowIcannDomains: true, allowPrivateDomains: true };
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

  try {
    const resolver = withRetries(opts.resolver ?? ((name, type) => dns.resolve(name, type as 'TXT')), opts);
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
    const fromOrg = fromDomain === null ? null : orgDomain(fromDomain);
    const aligned = (domain: string) => fromOrg !== null && orgDomain(domain) === fromOrg;

    const dkim = result.dkim.results.filter((r) => r.signingDomain).map((r) => judgeDkim(r, aligned));
    evidence.dkim = dkim.map((d) => d.evidence);
    if (result.dmarc) {
      const { status, policy, policyDomain } = result.dmarc;
      evidence.dmarc = { result: status.result, policy: policy ?? null, recordDomain: policyDomain ?? null };
    }
    const headerAuth = judgeAuthResults(headerLines(result, 'authentication-results'), opts.trustedAuthservIds, fromDomain);
    evidence.authenticationResults = headerAuth.top;
    const received = hopFromReceived(bytes, opts.trustedReceivedBy ?? []);
    const hops = [...(opts.trustedHops ?? []), ...(received ? [received] : [])];
    const spf = hops.length && fromDomain ? await judgeHops(hops, resolver, aligned) : null;
    if (spf) evidence.spf = { hops: spf.map((s) => s.evidence) };

    if (from.reason) return verdict(from.reason);
    if (fromDomain && (opts.ourDomains ?? []).some((ours) => isSameOrSub(fromDomain as string, ours))) {
      return verdict('from_our_domain');
    }
    const reasons = [...dkim.map((d) => d.reason), ...(spf ?? []).map((s) => s.reason), headerAuth.reason];
    return verdict([...PASSES, ...FAILURES].find((r) => reasons.includes(r)) ?? 'no_aligned_pass');
  } catch {
    return verdict('malformed_message');
  }
}

function authorDomain(result: AuthenticateResult): { domain: string | null; reason: string | null } {
  const { fromFields, headerFrom } = result.dkim;
  if (fromFields > 1) return { domain: null, reason: 'multiple_from_headers' };
  if (fromFields === 0 || headerFrom.length === 0) return { domain: null, reason: 'no_from' };
  if (headerFrom.length > 1) return { domain: null, reason: 'multiple_from_mailboxes' };
  const address = normaliseAddress(headerFrom[0] ?? '');
  if (!address.ok) return { domain: null, reason: address.reason };
  const line = headerLines(result, 'from')[0] ?? '';
  return { domain: address.domain, reason: malformedMailboxHeader(line) ? 'invalid_address' : null };
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
    ...(r.signature ? { bHash: createHash('sha256').update(String(r.signature).replace(/\s+/g, '')).digest('hex') } : {}),
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

async function judgeHops(hops: TrustedHop[], resolver: DnsResolver, aligned: (domain: string) => boolean) {
  const judged = [];
  for (const hop of hops) {
    const result = hop.mailFrom || hop.helo
      ? await checkSpf({ sender: hop.mailFrom || undefined, ip: hop.ip, helo: hop.helo, mta: MTA, resolver })
      : null;
    const domain = result?.domain ?? '';
    const evidence: SpfEvidence = {
      ip: hop.ip,
      helo: hop.helo ?? null,
      mailFrom: hop.mailFrom ?? null,
      domain,
      result: result?.status.result ?? 'none',
      aligned: domain !== '' && aligned(domain),
    };
    const reason = !evidence.aligned ? null : (SPF_REASONS[evidence.result] ?? null);
    judged.push({ reason, evidence });
  }
  return judged;
}

interface AuthResultsHeader {
  header: string;
  authservId: string;
  results: { method: string; result: string; props: Map<string, string> }[];
}

function judgeAuthResults(values: string[], trustedIds: string[], fromDomain: string | null) {
  const headers = values.map(parseAuthResults);
  const trusted = new Set(trustedIds.map((id) => id.trim().toLowerCase()));
  const top = headers[0];
  if (!top) return { top: null, reason: null };
  const evidence = { header: top.header, authservId: top.authservId };
  if (!trusted.has(top.authservId)) {
    const lower = headers.some((h) => trusted.has(h.authservId));
    return { top: evidence, reason: lower ? 'authentication_results_not_topmost' : 'untrusted_authentication_results' };
  }
  const dmarc = top.results.filter((r) => r.method === 'dmarc');
  const pass =
    fromDomain !== null &&
    dmarc.length > 0 &&
    dmarc.every((r) => r.result === 'pass' && asciiDomain(r.props.get('header.from') ?? '') === fromDomain);
  return { top: evidence, reason: pass ? 'trusted_authserv_dmarc_pass' : 'trusted_authserv_no_dmarc_pass' };
}

/** RFC 8601: authserv-id [version] *(";" method[/version]=result *(ptype.property=value)). */
function parseAuthResults(header: string): AuthResultsHeader {
  // split at semicolons outside quoted strings
  const [idPart = '', ...resinfos] = stripComments(header).match(/(?:"(?:[^"\\]|\\.)*"|[^;"])+/g) ?? [];
  const authservId = unquote(idPart.trim().split(/\s+/)[0] ?? '').toLowerCase();
  const results = resinfos.flatMap((resinfo) => {
    const pairs = [...resinfo.matchAll(/([^\s=]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/g)];
    const [first, ...props] = pairs;
    if (!first) return [];
    const method = (first[1] ?? '').split('/')[0]?.toLowerCase() ?? '';
    const result = unquote(first[2] ?? '').toLowerCase();
    return [{ method, result, props: new Map(props.map((p) => [(p[1] ?? '').toLowerCase(), unquote(p[2] ?? '')])) }];
  });
  return { header, authservId, results };
}

function unquote(value: string): string {
  return /^".*"$/s.test(value) ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/** Unfolded values of a header, top to bottom, as mailauth split them. */
function headerLines(result: AuthenticateResult, key: string): string[] {
  return (result.dkim.headers?.parsed ?? [])
    .filter((h) => h.key === key)
    .map((h) => {
      const line = h.line.toString('utf8').replace(/\r?\n(?=[ \t])/g, '');
      return line.slice(line.indexOf(':') + 1).trim();
    });
}

function withRetries(resolve: DnsResolver, opts: SenderAuthOptions): DnsResolver {
  const retries = Math.max(0, opts.dnsRetries ?? 2);
  const delays = opts.dnsBackoffMs?.length ? opts.dnsBackoffMs : [50, 200];
  return async (name, type) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await resolve(name, type);
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        if (attempt >= retries || typeof code !== 'string' || !TEMPORARY.has(code)) throw err;
        const wait = delays[Math.min(attempt, delays.length - 1)] ?? 0;
        await new Promise((resolveWait) => setTimeout(resolveWait, wait));
      }
    }
  };
}

/**
 * Lower-case ASCII form of a domain from a signature, SPF or header, or null. U-labels are
 * refused rather than mapped: UTS-46 folds ｇｏｏｄ.example into good.example, while mailauth
 * looked the key up under a different (xn--) name that someone else may own.
 */
function asciiDomain(domain: string): string | null {
  return /[^\x00-\x7f]/.test(domain) ? null : toAsciiDomain(domain.replace(/\.$/, ''));
}

function orgDomain(domain: string): string | null {
  const ascii = asciiDomain(domain);
  return ascii === null ? null : (getDomain(ascii, PSL) ?? ascii);
}

function isSameOrSub(domain: string, parent: string): boolean {
  const p = parent.trim().toLowerCase();
  return domain === p || domain.endsWith(`.${p}`);
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
