// Temporary DNS errors are retried with a short backoff before a lookup counts as failed.
import { promises as dns } from 'node:dns';
import type { DnsResolver, SenderAuthOptions } from './sender-auth.ts';

const TEMPORARY = new Set(['ETIMEOUT', 'ETIMEDOUT', 'ESERVFAIL', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'EREFUSED']);

export function withRetries(resolve: DnsResolver, opts: SenderAuthOptions): DnsResolver {
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

/** The resolver sender authentication asks, on every path: the caller's (the worker's cache) or the system's, with retries. */
export function senderResolver(opts: SenderAuthOptions): DnsResolver {
  return withRetries(opts.resolver ?? ((name, type) => dns.resolve(name, type as 'TXT')), opts);
}
