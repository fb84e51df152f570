// What mailauth read of the header block: the From mailbox, the unfolded values of a header, a
// signature's b= as a replay key.
// The DNS-backed path (sender-auth.ts) and the trusted-MX path (trusted-mx.ts) both read From
// here, so they refuse the same From lines for the same reasons.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AuthenticateResult, DKIMResult, DKIMVerifyResult } from 'mailauth';
import { malformedMailboxHeader, normaliseAddress } from '../../core/address-identity.ts';
import { headerBlockWithEnd } from './header-block.ts';

/** mailauth's DKIM verifier, as its message stream drives it (mailauth/lib/dkim/message-parser.js). */
interface DkimVerifier {
  emitHeaders(chunk: Buffer): Promise<void>;
  finalChunk(): Promise<void>;
  headerFrom: string[];
  fromFields: number;
  envelopeFrom: string | false;
  results: DKIMResult[];
  headers: DKIMVerifyResult['headers'];
}
// Not in mailauth's typed API: pinned by test/unit/header-block-cut.test.ts against authenticate().
const { DkimVerifier } = createRequire(import.meta.url)('mailauth/lib/dkim/dkim-verifier.js') as {
  DkimVerifier: new (options: { resolver: (name: string, type: string) => Promise<unknown>; minBitLength: number; rejectRsaSha1: boolean }) => DkimVerifier;
};

/**
 * What mailauth's DKIM verifier reads of the header block — the fields, From and each
 * signature's tags — as authenticate() reads them, without the body and without its message
 * stream, which walks every byte of the headers in JavaScript (an array allocated per byte) to
 * find where they end. The block is cut where that stream cuts it (headerBlockWithEnd) and its
 * bare LFs made CRLF as the stream makes them; the verifier then runs as the stream's end runs
 * it. No signature can verify (the body is not read): for the trusted MX's path, which relies
 * on the MX for that.
 */
export async function mailauthHeaderReading(
  raw: Buffer,
  options: { resolver: (name: string, type: string) => Promise<unknown>; minBitLength: number; rejectRsaSha1: boolean },
): Promise<Pick<AuthenticateResult, 'dkim'>> {
  const verifier = new DkimVerifier(options);
  await verifier.emitHeaders(
    Buffer.from(
      headerBlockWithEnd(raw)
        .toString('latin1')
        .replace(/(?<!\r)\n/g, '\r\n'),
      'latin1',
    ),
  );
  await verifier.finalChunk();
  const dkim = { headerFrom: verifier.headerFrom, fromFields: verifier.fromFields, envelopeFrom: verifier.envelopeFrom, results: verifier.results };
  // As mailauth's dkimVerify() returns them: the parsed headers beside the results, not enumerable.
  Object.defineProperty(dkim, 'headers', { enumerable: false, value: verifier.headers });
  return { dkim: dkim as DKIMVerifyResult };
}

/** The From domain (ASCII), or why there is no single, valid From mailbox. */
export function authorDomain(result: Pick<AuthenticateResult, 'dkim'>): { domain: string | null; reason: string | null } {
  const { fromFields, headerFrom } = result.dkim;
  if (fromFields > 1) return { domain: null, reason: 'multiple_from_headers' };
  if (fromFields === 0 || headerFrom.length === 0) return { domain: null, reason: 'no_from' };
  if (headerFrom.length > 1) return { domain: null, reason: 'multiple_from_mailboxes' };
  const address = normaliseAddress(headerFrom[0] ?? '');
  if (!address.ok) return { domain: null, reason: address.reason };
  const line = headerLines(result, 'from')[0] ?? '';
  return { domain: address.domain, reason: malformedMailboxHeader(line) ? 'invalid_address' : null };
}

/** Unfolded values of a header, top to bottom, as mailauth split them. */
export function headerLines(result: Pick<AuthenticateResult, 'dkim'>, key: string): string[] {
  return (result.dkim.headers?.parsed ?? [])
    .filter((h) => h.key === key)
    .map((h) => {
      const line = h.line.toString('utf8').replace(/\r?\n(?=[ \t])/g, '');
      return line.slice(line.indexOf(':') + 1).trim();
    });
}

/** sha256 hex of a signature's b= value, whitespace removed: the same signature seen twice is a replay. */
export function signatureBHash(signature: unknown): string | undefined {
  return signature ? createHash('sha256').update(String(signature).replace(/\s+/g, '')).digest('hex') : undefined;
}
