// The signatures of the http directory contract (SPEC §9, docs/directory-api.yaml):
// - v1 (SPEC §9, unchanged): X-Recovery-Desk-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">,
//   the timestamp in Unix seconds. It binds neither the method, the path (the account id) nor the
//   reset's Idempotency-Key and If-Match: the headers of one signed reset reset any account.
// - v2 (stop 27): X-Recovery-Desk-Signature-V2: v2=<hex HMAC-SHA256 of the canonical request below>,
//   sent beside v1 in a header of its own, so that a receiver that only knows v1 sees nothing new.
import { createHash, createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Recovery-Desk-Timestamp';
export const SIGNATURE_HEADER = 'X-Recovery-Desk-Signature';
export const SIGNATURE_V2_HEADER = 'X-Recovery-Desk-Signature-V2';
/** The first line of v2's canonical request: names the scheme, and never starts with a digit (v1's messages do). */
export const V2_TAG = 'recovery-desk-v2';

/** What v2 binds of one request. */
export interface SignedRequest {
  /** Upper case, as sent: POST. */
  method: string;
  /** The request's path after DIRECTORY_HTTP_URL's own path, exactly as sent (percent-encoding kept), no query: /lookup, /accounts/org%2F42/reset-2fa. */
  path: string;
  /** The raw body, exactly as sent. */
  body: string;
  idempotencyKey?: string;
  ifMatch?: string;
}

/** v1: the body and the timestamp only (SPEC §9). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A header's value as the receiver reads it: HTTP drops leading and trailing spaces and tabs. */
const headerValue = (value: string | undefined): string => (value ?? '').replace(/^[ \t]+|[ \t]+$/g, '');

/**
 * v2's canonical request: seven lines joined by "\n" (no trailing newline) —
 * recovery-desk-v2, the timestamp, the method, the path, the Idempotency-Key (empty when absent),
 * the If-Match (empty when absent), and the lower-case hex SHA-256 of the raw body.
 */
export function canonicalRequestV2(timestamp: number, request: SignedRequest): string {
  const lines = [
    V2_TAG,
    String(timestamp),
    request.method,
    request.path,
    headerValue(request.idempotencyKey),
    headerValue(request.ifMatch),
    createHash('sha256').update(request.body, 'utf8').digest('hex'),
  ];
  // No field may hold a line break: one field's end must never pass for the next one's start.
  if (lines.some((line) => /[\r\n]/.test(line))) throw new Error('a signed request field holds a line break');
  return lines.join('\n');
}

export function signatureV2(secret: string, timestamp: number, request: SignedRequest): string {
  return `v2=${createHmac('sha256', secret).update(canonicalRequestV2(timestamp, request), 'utf8').digest('hex')}`;
}

/** The three headers every request carries: the timestamp, v1 (SPEC §9) and v2. */
export function signedHeaders(secret: string, request: SignedRequest, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signature(secret, timestamp, request.body),
    [SIGNATURE_V2_HEADER]: signatureV2(secret, timestamp, request),
  };
}
