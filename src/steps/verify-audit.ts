// Walks the hash-chained audit log in id order and names the first row that does not hold.
import { asc, gt } from 'drizzle-orm';
import type { DbOrTx } from '../adapters/db/client.ts';
import { eventDigest } from '../adapters/db/events.repository.ts';
import { ticketEvents } from '../adapters/db/schema/index.ts';

const GENESIS = '0'.repeat(64);
const BATCH = 1000;

export type AuditVerdict =
  | { ok: true; events: number; lastHash: string }
  | { ok: false; events: number; brokenId: number; problem: 'hash_mismatch' | 'prev_mismatch' };

export async function verifyAuditChain(db: DbOrTx): Promise<AuditVerdict> {
  let prev = GENESIS;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await db.select().from(ticketEvents).where(gt(ticketEvents.id, lastId)).orderBy(asc(ticketEvents.id)).limit(BATCH);
    for (const row of rows) {
      // A deleted or reordered row shows as the next row pointing at a hash that is not its predecessor's.
      if (row.prevHash !== prev) return { ok: false, events: count, brokenId: row.id, problem: 'prev_mismatch' };
      if (eventDigest(row) !== row.hash) return { ok: false, events: count, brokenId: row.id, problem: 'hash_mismatch' };
      prev = row.hash;
      lastId = row.id;
      count += 1;
    }
    if (rows.length < BATCH) return { ok: true, events: count, lastHash: prev };
  }
}
