// Flood control on the way in (issue: inbound abuse; SPEC §6 rule 16): sliding windows per
// sender address, sender domain and account among authenticated requests, and per sender,
// per account and all together among unauthenticated ones. A forgery never spends the holder's.
import { floodKeys, INBOUND_LIMITS, overLimit, type FloodKey, type FloodScope } from '../core/rate-limit.ts';
import type { Db, DbOrTx } from '../adapters/db/client.ts';
import { countRecoveryRequests, lockFloodKey, markCounted } from '../adapters/db/messages.repository.ts';

/**
 * The scope whose limit this request exceeds, or null when it may go through. Runs in a
 * transaction of its own that counts and records the request under per-scope locks, then
 * commits at once: the pipeline's longer transaction never waits on another's flood lock.
 * A request is counted whether it goes through or is throttled, so a steady flood stays out.
 */
export async function checkFlood(
  db: Db,
  now: Date,
  messageId: number,
  input: { sender: string | null; authenticated: boolean; accountId: number | null },
): Promise<FloodScope | null> {
  return db.transaction(async (tx) => {
    const scope = await floodScope(tx, now, messageId, input);
    await markCounted(tx, messageId, { fromAddress: input.sender, authenticated: input.authenticated, accountId: input.accountId }, now);
    return scope;
  });
}

async function floodScope(
  db: DbOrTx,
  now: Date,
  messageId: number,
  input: { sender: string | null; authenticated: boolean; accountId: number | null },
): Promise<FloodScope | null> {
  for (const key of floodKeys(input)) {
    const windows = INBOUND_LIMITS[key.scope];
    // Count-then-record must not interleave: without this lock, concurrent jobs all see room
    // under the limit and all pass. Held until the caller's transaction ends; taken in the
    // fixed order of `keys`, so two jobs cannot deadlock on it.
    await lockFloodKey(db, floodLockKey(key));
    const counts = await countRecoveryRequests(
      db,
      key,
      windows.map((w) => new Date(now.getTime() - w.minutes * 60_000)),
      messageId,
    );
    if (overLimit(windows, counts)) return key.scope;
  }
  return null;
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
