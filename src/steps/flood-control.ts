// Flood control on the way in (issue: inbound abuse; SPEC §6 rule 16): sliding windows per
// sender address, sender domain and account among authenticated requests, and per sender,
// per account and all together among unauthenticated ones. A forgery never spends the holder's.
//
// The message's transaction takes each scope's lock (with its other locks, in one statement),
// counts every scope in one read, and records the request in its outcome's UPDATE: count and
// record cannot interleave with another job's, and a request is counted whether it goes
// through or is throttled, so a steady flood stays out.
import { floodKeys, INBOUND_LIMITS, overLimit, type FloodKey, type FloodScope } from '../core/rate-limit.ts';

export interface FloodPlan {
  key: FloodKey;
  /** The lock serialising count-then-record for this scope. */
  lockKey: string;
  /** The start of each of the scope's windows. */
  sinces: Date[];
}

/** The scopes a request is counted in, in the fixed order of `floodKeys`. */
export function floodPlan(now: Date, input: { sender: string | null; authenticated: boolean; accountId: number | null }): FloodPlan[] {
  return floodKeys(input).map((key) => ({
    key,
    lockKey: floodLockKey(key),
    sinces: INBOUND_LIMITS[key.scope].map((w) => new Date(now.getTime() - w.minutes * 60_000)),
  }));
}

/** The first scope whose limit the counts (one list per plan entry, one count per window) exceed, or null. */
export function floodVerdict(plan: FloodPlan[], counts: number[][]): FloodScope | null {
  const over = plan.find((entry, index) => overLimit(INBOUND_LIMITS[entry.key.scope], counts[index] ?? []));
  return over?.key.scope ?? null;
}

function floodLockKey(key: FloodKey): string {
  return 'address' in key
    ? `${key.scope}:${key.address}`
    : 'domain' in key
      ? `domain:${key.domain}`
      : 'accountId' in key
        ? `${key.scope}:${key.accountId}`
        : key.scope;
}
