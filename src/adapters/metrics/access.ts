// Who may read /metrics. Its counters are not secret one by one, but together they tell an outsider when an approval
// notice went out, when a reset ran and how long a window is left (security log, stop 25): on a quiet desk, that
// Eve's request was approved. So the console's public port serves them only to a scraper holding METRICS_TOKEN, and
// METRICS_PORT (an operators' port, kept off the public network) serves them to whoever reaches it, or also only
// with the token when one is set.
import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = 'allowed' | 'token-required';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether a request's Authorization header carries the token: `Bearer <token>`, compared in constant time. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

/** No token configured: the port is open to whoever reaches it. A token: only its holder. */
export function metricsAccess(authorization: string | undefined, token: string | undefined): MetricsAccess {
  return token === undefined || bearerMatches(authorization, token) ? 'allowed' : 'token-required';
}

/** The answer to a scraper without the token: 401 with the scheme it must use (RFC 6750). */
export const TOKEN_REQUIRED = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: 'metrics need Authorization: Bearer <METRICS_TOKEN>\n',
} as const;
