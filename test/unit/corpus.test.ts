// The shared real-world corpus (303 messages from 16 mail projects, many of
// them broken on purpose) goes through the same parse + analyse path as a
// fetched message. Nothing may escape but a coded parse error, and the
// manifest's bounces and auto-replies must not be read as people writing.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseMessage } from '../../src/adapters/mail/parse.ts';
import { analyse, type Analysis } from '../../src/core/analyse.ts';
import { CORPUS, corpusManifest, type CorpusRow } from '../support/corpus.ts';

type Row = CorpusRow;
const manifest = corpusManifest;

type Outcome = { analysis: Analysis } | { code: string };

async function read(row: Row): Promise<Outcome> {
  const raw = readFileSync(join(CORPUS!, row.path)); // bytes, never decoded here
  try {
    return { analysis: analyse(await parseMessage(raw)) };
  } catch (error) {
    // The only acceptable failure: an Error carrying a stable code.
    expect(error, row.path).toBeInstanceOf(Error);
    const code = (error as { code?: unknown }).code;
    expect(typeof code, row.path).toBe('string');
    return { code: code as string };
  }
}

test('every corpus message is read or refused with a code, the same way twice', { timeout: 60_000 }, async () => {
  expect(CORPUS, 'the shared corpus must sit beside the checkout').toBeDefined();
  const rows = manifest();
  expect(rows.length).toBe(303);
  const outcomes = new Map<string, Outcome>();
  for (const row of rows) outcomes.set(row.path, await read(row));
  for (const row of rows.slice(0, 60)) {
    expect(JSON.stringify(await read(row)), row.path).toBe(JSON.stringify(outcomes.get(row.path)));
  }

  const kinds = (category: string) =>
    rows
      .filter((r) => r.categories.includes(category))
      .map((r) => {
        const outcome = outcomes.get(r.path)!;
        return 'analysis' in outcome ? outcome.analysis.kind : 'refused';
      });

  // Measured: 53 of 53 bounces read as bounce; 15 of 15 auto-replies as auto_reply.
  const bounces = kinds('bounce');
  const bounceAsAutomatic = bounces.filter((k) => k === 'bounce' || k === 'auto_reply').length;
  expect(bounces.length).toBe(53);
  expect(bounceAsAutomatic / bounces.length).toBeGreaterThanOrEqual(0.95);
  expect(bounces.filter((k) => k === 'bounce').length / bounces.length).toBeGreaterThanOrEqual(0.9);

  const autoReplies = kinds('auto-reply');
  expect(autoReplies.filter((k) => k === 'auto_reply' || k === 'bounce').length / autoReplies.length).toBeGreaterThanOrEqual(0.9);

  // None of these messages asks for a 2FA reset: none may open a recovery ticket.
  const recoveries = [...outcomes].filter(([, o]) => 'analysis' in o && o.analysis.kind === 'recovery_request').map(([p]) => p);
  expect(recoveries).toEqual([]);
});
