// The trusted MX's verdict without a DNS query (issue 15). When the topmost Authentication-Results
// is ours and says dmarc=pass for the From domain, the SPEC's third way to be authenticated needs
// nothing from DNS: the MX verified the signatures. mailauth still reads the header block here, with a
// resolver that never leaves the process (every lookup is "no such record"), so From, the header
// block and each DKIM-Signature's tags (d=, h=, t=, b=) come from the same library as on the full
// path; then the rules of the full path's trusted pass apply unchanged. A pass resting on SPF alone
// (no aligned dkim=pass in the MX's header) is only as good as the SPF record (stop 26): that record,
// and nothing else, is read here (spf-probe.ts: no DKIM key, no DMARC record, no body hash), the
// query the full path would make first (stop 27). Only a pass is decided here: anything else returns
// null and the full path runs, so every refusal keeps its reason and its evidence.
import type { DKIMResult } from 'mailauth';
import { aligner, isSameOrSub } from './alignment.ts';
import { judgeAuthResults, mxPassBasis, trustedTopSaysDmarcPass } from './auth-results.ts';
import { authorDomain, headerLines, mailauthHeaderReading, signatureBHash } from './mailauth-headers.ts';
import { ageEvidence, messageReason, trustedPassReason, type Content, type ContentContext } from './signed-content.ts';
import { probeAnyIp } from './spf-probe.ts';
import type { DkimEvidence, DnsResolver, SenderAuthOptions, SenderVerdict } from './sender-auth.ts';

const REASON = 'trusted_authserv_dmarc_pass';

const noNetwork = async (name: string): Promise<never> => {
  throw Object.assign(new Error(`${name}: not looked up (the trusted MX's verdict is relied on)`), { code: 'ENOTFOUND' });
};

/**
 * The trusted-A-R pass, decided without DNS, or null when the full path must decide. Alignment
 * is relaxed (the DMARC record is not read): the larger set of aligned signatures, each of which
 * must vouch for what is read, so this is never weaker than the owner's adkim=s.
 */
export async function trustedMxVerdict(
  bytes: Buffer,
  sha256: string,
  opts: SenderAuthOptions,
  ctx: ContentContext,
  content: Content,
  /** The full path's resolver (senderResolver): asked only for an SPF-only pass's record. */
  resolver: DnsResolver,
): Promise<SenderVerdict | null> {
  const ids = opts.trustedAuthservIds;
  // A cheap look first, so mail without our MX's pass is read by mailauth only once.
  if (ids.length === 0 || !trustedTopSaysDmarcPass(content.authenticationResults, ids)) return null;

  // Only the header block, read by mailauth's DKIM verifier: nothing below it is read here (no
  // signature is verified, no body hash compared), and authenticate() would walk the headers byte
  // by byte, canonicalise and hash the whole body for each signature, then look up its key and
  // the DMARC record, all to be refused by noNetwork. The fields, From and each signature's tags
  // are the same (mailauthHeaderReading).
  const result = await mailauthHeaderReading(bytes, { resolver: noNetwork, minBitLength: 1024, rejectRsaSha1: true });
  const from = authorDomain(result);
  const fromDomain = from.domain;
  if (from.reason || fromDomain === null) return null;
  if ((opts.ourDomains ?? []).some((ours) => isSameOrSub(fromDomain, ours))) return null;
  if (content.duplicates.length > 0) return null;
  const headerAuth = judgeAuthResults(headerLines(result, 'authentication-results'), ids, fromDomain);
  if (headerAuth.reason !== REASON) return null;
  const basis = mxPassBasis(headerLines(result, 'authentication-results')[0] ?? '', fromDomain);

  const signatures = result.dkim.results.filter((r) => r.signingDomain);
  const relaxed = aligner(fromDomain, 'relaxed');
  const aligned = signatures.filter((r) => relaxed.aligned(String(r.signingDomain)));
  // Two aligned signatures: which one the MX verified is unknown here, and one could be a copy of
  // another message's b= (every aligned pass is claimed), so DNS decides (the full path).
  if (aligned.length > 1) return null;
  // A pass resting on SPF alone (stop 26) is decided here only for mail that carries no aligned signature
  // (the MX verified none: one here would be claimed unverified, and the full path verifies it), and for an
  // SPF identity aligned with From (the one the MX's DMARC pass rests on).
  if (!basis.dkim && (aligned.length > 0 || !relaxed.aligned(basis.spfDomain))) return null;
  if (trustedPassReason(aligned, content, ctx).reason) return null;
  if (messageReason(content, ctx)) return null;
  // Then only as good as the record: the SPF record alone is read (spf-probe.ts). One that passes any
  // server, or that cannot be read, is the full path's to refuse, with its reason and evidence.
  const spf = basis.dkim ? null : await probeAnyIp({ mailFrom: `postmaster@${basis.spfDomain}` }, resolver);
  if (spf && (spf.permitsAnyIp || spf.temporary)) return null;

  return {
    authenticated: true,
    reason: REASON,
    fromDomain,
    authFrom: result.dkim.headerFrom.map((address) => ({ address })),
    evidence: {
      sha256,
      dkim: signatures.map((r) => notVerified(r, aligned.includes(r))),
      authenticationResults: headerAuth.top,
      reliedOnMx: {
        dkimVerified: false,
        dmarcRecordRead: false,
        alignment: 'relaxed',
        ...(spf ? { spfRecordRead: { domain: basis.spfDomain, result: spf.result, permitsAnyIp: false as const } } : {}),
      },
      headers: { duplicate: [], notSigned: [] },
      age: ageEvidence(content, ctx, aligned[0] ? (aligned[0].signTime ?? null) : undefined),
    },
  };
}

function notVerified(r: DKIMResult, aligned: boolean): DkimEvidence {
  const bHash = signatureBHash(r.signature);
  return {
    domain: String(r.signingDomain),
    selector: String(r.selector ?? ''),
    algo: String(r.algo ?? '').toLowerCase(),
    result: 'not_verified',
    aligned,
    comment: "not verified here: the trusted MX's dmarc=pass was relied on",
    ...(r.canonBodyLengthLimited ? { bodyLength: r.canonBodyLengthLimit ?? 0 } : {}),
    ...(bHash ? { bHash } : {}),
  };
}
