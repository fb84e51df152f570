// Seals what is pending, then walks the hash-chained audit log in chain order and names the
// first row that does not hold.
import type { Db } from '../adapters/db/client.ts';
import { eventDigest, firstUnsealedEvent, GENESIS, sealEvents, sealedEventsAfter } from '../adapters/db/events.repository.ts';

const BATCH = 1000;

export type AuditVerdict =
  { ok: true; events: number; lastHash: string } | { ok: false; events: number; brokenId: number; problem: 'hash_mismatch' | 'prev_mismatch' | 'unsealed' };

export async function verifyAuditChain(db: Db): Promise<AuditVerdict> {
  await sealEvents(db);
  let prev = GENESIS;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const rows = await sealedEventsAfter(db, lastSeq, BATCH);
    for (const row of rows) {
      // A deleted or reordered row shows as the next row pointing at a hash that is not its predecessor's.
      if (row.prevHash !== prev || row.seq !== lastSeq + 1) return { ok: false, events: count, brokenId: row.id, problem: 'prev_mismatch' };
      if (eventDigest(row) !== row.hash) return { ok: false, events: count, brokenId: row.id, problem: 'hash_mismatch' };
      prev = row.hash;
      lastSeq = row.seq;
      count += 1;
    }
    if (rows.length < BATCH) break;
  }
  // A row left without a seal after sealing ran was inserted around the chain.
  const stray = await firstUnsealedEvent(db);
  if (stray) return { ok: false, events: count, brokenId: stray.id, problem: 'unsealed' };
  return { ok: true, events: count, lastHash: prev };
}
