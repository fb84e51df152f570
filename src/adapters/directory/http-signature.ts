// The signature of the http directory contract (SPEC §9, docs/directory-api.yaml):
// v1=<hex HMAC-SHA256 of "<timestamp>.<body>">, the timestamp in Unix seconds.
import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Recovery-Desk-Timestamp';
export const SIGNATURE_HEADER = 'X-Recovery-Desk-Signature';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The two headers every request carries. */
export function signedHeaders(secret: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signature(secret, timestamp, body) };
}
