// The shared real-world corpus (303 messages from 16 mail projects' test suites,
// many broken on purpose) through the real pipeline: stored with storeMessages,
// processed by the BullMQ worker on PostgreSQL and Redis, exactly as `ingest`
// and the mailbox reader feed it. Nothing may crash a worker or be lost.
//
// Counting: the pipeline stores identical bytes once (unique SHA-256), so the
// number of stored rows is the number of distinct byte strings. The corpus has
// no two identical files (asserted below), so every one of the 303 files has
// its own row and processed + quarantined = 303 exactly.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundMessages } from '../../src/adapters/db/schema/index.ts';
import { parseMessage } from '../../src/adapters/mail/parse.ts';
import { analyse } from '../../src/core/analyse.ts';
import { processMessage } from '../../src/steps/process-message.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';
import { CORPUS, corpusManifest, type CorpusRow } from '../support/corpus.ts';

type Row = CorpusRow;
const manifest = corpusManifest;

type Outcome = { status: string; outcome: string | null; kind: string | null; reason: string | null };

let rows: Row[];
let first: TestEnv | undefined;
let second: TestEnv | undefined;

beforeAll(async () => {
  expect(CORPUS, 'the shared corpus must sit beside the checkout (../shared/corpus)').toBeDefined();
  rows = manifest();
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

async function outcomes(env: TestEnv): Promise<Map<string, Outcome>> {
  const stored = await env.app.deps.db
    .select({
      sha: inboundMessages.rawSha256,
      status: inboundMessages.status,
      outcome: inboundMessages.outcome,
      kind: inboundMessages.kind,
      reason: inboundMessages.reason,
    })
    .from(inboundMessages);
  return new Map(stored.map((r) => [r.sha, { status: r.status, outcome: r.outcome, kind: r.kind, reason: r.reason }]));
}

test("the corpus files are 303 distinct byte strings with the manifest's hashes", () => {
  expect(rows).toHaveLength(303);
  for (const row of rows) expect(createHash('sha256').update(row.raw).digest('hex'), row.path).toBe(row.sha256);
  expect(new Set(rows.map((r) => r.sha256)).size).toBe(303);
});

test('inspect reads every message or refuses it with a coded error', async () => {
  for (const row of rows) {
    try {
      analyse(await parseMessage(row.raw));
    } catch (error) {
      expect((error as { code?: unknown }).code, row.path).toMatch(/^parse\./);
    }
  }
});

test('every message ingested through the worker ends processed or quarantined with a reason', { timeout: 120_000 }, async () => {
  first = await createTestEnv();
  const stored = await storeMessages(
    first.app.deps,
    rows.map((r) => ({ raw: r.raw, source: 'ingest' as const })),
  );
  expect(new Set(stored.map((s) => s.id)).size).toBe(303);
  first.startWorker();
  const done = await waitFor(
    async () => {
      const all = await outcomes(first!);
      return [...all.values()].every((o) => o.status !== 'stored') ? all : undefined;
    },
    { timeoutMs: 100_000, intervalMs: 500, what: 'all 303 messages processed or quarantined' },
  );
  const processed = [...done.values()].filter((o) => o.status === 'processed');
  const quarantined = [...done.values()].filter((o) => o.status === 'quarantined');
  expect(processed.length + quarantined.length).toBe(303);
  for (const q of quarantined) expect(q.reason).toBeTruthy();
  for (const p of processed) expect(p.kind).toMatch(/^(recovery_request|other|auto_reply|bounce)$/);
  // A worker that crashed would leave jobs failed instead of finishing them: the
  // worker is still alive and takes a new message.
  const [late] = await storeMessages(first.app.deps, [
    { raw: Buffer.from('From: late@example.com\r\nSubject: still alive\r\n\r\nhello\r\n'), source: 'ingest' },
  ]);
  await waitFor(async () => (await outcomes(first!)).size === 304 && [...(await outcomes(first!)).values()].every((o) => o.status !== 'stored'), {
    timeoutMs: 20_000,
    what: 'a message after the corpus',
  });
  expect(late).toBeDefined();

  // The manifest's bounces and auto-replies are recognised as machine mail and answer nobody.
  const byPath = new Map(rows.map((r) => [r.path, done.get(r.sha256)!]));
  const kindsOf = (category: string) => rows.filter((r) => r.categories.includes(category)).map((r) => byPath.get(r.path)!);
  const bounces = kindsOf('bounce');
  expect(bounces).toHaveLength(53);
  expect(bounces.filter((o) => o.kind === 'bounce').length / bounces.length).toBeGreaterThanOrEqual(0.9);
  expect(bounces.filter((o) => o.kind === 'bounce' || o.kind === 'auto_reply' || o.status === 'quarantined').length).toBe(bounces.length);
  const autoReplies = kindsOf('auto-reply');
  expect(autoReplies.filter((o) => o.kind === 'auto_reply' || o.kind === 'bounce').length / autoReplies.length).toBeGreaterThanOrEqual(0.9);
  // None of these messages asks for a 2FA reset.
  expect([...done.values()].filter((o) => o.kind === 'recovery_request')).toEqual([]);
});

test(
  'the same message twice gives the same outcome: stored again it is the same row, processed again on a fresh database it reads the same',
  { timeout: 120_000 },
  async () => {
    expect(first, 'runs after the ingest test').toBeDefined();
    const before = await outcomes(first!);
    const again = await storeMessages(
      first!.app.deps,
      rows.map((r) => ({ raw: r.raw, source: 'ingest' as const })),
    );
    expect(again.every((s) => !s.created)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await outcomes(first!)).toEqual(before);
    await first!.close();
    first = undefined;

    // A second, independent run: a retry or a re-fetch after the database was restored.
    second = await createTestEnv();
    const stored = await storeMessages(
      second.app.deps,
      rows.map((r) => ({ raw: r.raw, source: 'ingest' as const })),
    );
    for (const { id } of stored) await processMessage(second.app.deps, id);
    const replay = await outcomes(second);
    for (const row of rows) {
      const a = before.get(row.sha256)!;
      const b = replay.get(row.sha256)!;
      expect({ status: b.status, outcome: b.outcome, kind: b.kind, reason: b.reason }, row.path).toEqual({
        status: a.status,
        outcome: a.outcome,
        kind: a.kind,
        reason: a.reason,
      });
    }
  },
);
