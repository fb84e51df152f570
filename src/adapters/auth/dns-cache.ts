// One DNS cache for sender authentication in a worker process (the inspection threads ask it
// through inspect-pool.ts): an answer is kept for its TTL, a "no such name" or "no such record"
// for the SOA's negative TTL (or a bounded default), and the least recently used entry goes
// when the cache is full. Temporary failures (SERVFAIL, timeouts…) are never kept: the next
// lookup asks again, and dns-retry.ts's retries still happen. Lookups of the same name and
// type at the same moment share one query.
import type { DnsResolver } from './sender-auth.ts';
import type { WireAnswer, WireError } from './dns-wire.ts';

export interface DnsCacheOptions {
  /** Most entries kept (default 10,000). */
  maxEntries?: number;
  /** Longest an answer is kept, whatever its TTL (default 3,600 s). */
  maxTtlSeconds?: number;
  /** Longest a negative answer is kept (default 900 s). */
  maxNegativeSeconds?: number;
  /** A negative answer without an SOA (default 300 s). */
  defaultNegativeSeconds?: number;
  now?: () => number;
}

export type TtlLookup = (name: string, type: string) => Promise<WireAnswer>;

/** Answers that say the name or record does not exist: cacheable. */
const NEGATIVE = new Set(['ENOTFOUND', 'ENODATA']);

type Entry = { expires: number; value: unknown } | { expires: number; error: WireError };

export interface DnsCache {
  resolve: DnsResolver;
  readonly size: number;
  /** Lookups answered from the cache, and sent on. */
  readonly stats: { hits: number; misses: number };
}

export function createDnsCache(lookup: TtlLookup, options: DnsCacheOptions = {}): DnsCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  const maxTtl = options.maxTtlSeconds ?? 3_600;
  const maxNegative = options.maxNegativeSeconds ?? 900;
  const defaultNegative = Math.min(options.defaultNegativeSeconds ?? 300, maxNegative);
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recent.
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<unknown>>();
  const stats = { hits: 0, misses: 0 };

  const store = (key: string, entry: Entry) => {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  const ask = async (key: string, name: string, type: string): Promise<unknown> => {
    try {
      const answer = await lookup(name, type);
      const ttl = Math.min(Math.max(0, answer.ttl), maxTtl);
      if (ttl > 0) store(key, { expires: now() + ttl * 1000, value: answer.value });
      return answer.value;
    } catch (error) {
      const failure = error as WireError;
      if (NEGATIVE.has(failure?.code)) {
        const ttl = Math.min(Math.max(0, failure.ttl ?? defaultNegative), maxNegative);
        if (ttl > 0) store(key, { expires: now() + ttl * 1000, error: failure });
      }
      throw error;
    }
  };

  const resolve: DnsResolver = async (name, type) => {
    const key = `${type} ${name.toLowerCase().replace(/\.$/, '')}`;
    const entry = entries.get(key);
    if (entry && entry.expires > now()) {
      stats.hits += 1;
      entries.delete(key);
      entries.set(key, entry);
      if ('error' in entry) throw entry.error;
      return structuredClone(entry.value); // a caller may sort or change what it gets
    }
    if (entry) entries.delete(key);
    const inFlight = pending.get(key);
    if (inFlight) {
      stats.hits += 1;
      return structuredClone(await inFlight);
    }
    stats.misses += 1;
    const asked = ask(key, name, type).finally(() => pending.delete(key));
    pending.set(key, asked);
    return structuredClone(await asked);
  };

  return {
    resolve,
    get size() {
      return entries.size;
    },
    stats,
  };
}
