// Issue 3, size and shape limits (SPEC §6 rule 11): checked on the raw bytes, so a message
// too big or too complex is quarantined with its reason before any parser sees it. Real
// pipeline: stored as ingest stores it, processed by the BullMQ worker.
import { like } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { inboundMessages } from '../../src/adapters/db/schema/index.ts';
import { seedAccount, type TestEnv } from '../support/app.ts';
import {
  deliver,
  deliverOne,
  expectTwoFactorUntouched,
  rawMessage,
  recipients,
  request,
  sign,
  ticketCount,
  signingZone,
  useFreshEnvsWithSink,
} from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { zone, key } = signingZone();

const pipeline = useFreshEnvsWithSink(zone);
const freshEnv = pipeline.freshEnv;
let sink: SmtpSink;
beforeAll(() => {
  sink = pipeline.sink();
});

/** Records every message that reaches the parser (inspection: parse, analyse, authenticate; or parse alone). */
function spyOnParsing(e: TestEnv): number[] {
  const seen: number[] = [];
  const { parse, inspect } = e.app.deps;
  e.app.deps.parse = (raw) => {
    seen.push(raw.length);
    return parse(raw);
  };
  e.app.deps.inspect = (raw) => {
    seen.push(raw.length);
    return inspect(raw);
  };
  return seen;
}

describe('size and shape limits, before parsing', () => {
  test('a 50 MB message is quarantined too_large without being parsed', async () => {
    const e = await freshEnv();
    await seedAccount(e, { email: 'alice@genuine.example', fullName: 'Alice Martin', organisations: ['Genuine BV'] });
    const parsed = spyOnParsing(e);
    e.startWorker();
    const head = rawMessage({ from: 'alice@genuine.example', body: request('Alice Martin', 'Genuine BV') });
    const line = `${'A'.repeat(76)}\r\n`;
    const raw = Buffer.concat([Buffer.from(head), Buffer.from(line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)))]);
    expect(raw.length).toBeGreaterThan(50 * 1024 * 1024);
    const row = await deliverOne(e, raw);
    expect(row).toMatchObject({ status: 'quarantined', outcome: 'quarantined', reason: 'too_large', ticketId: null });
    expect(parsed).toEqual([]);
    expect(await ticketCount(e)).toBe(0);
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(e, ['alice@genuine.example']);
  }, 60_000);

  test('10,000 MIME parts are quarantined too_many_parts without being parsed; an oversized header block too', async () => {
    const e = await freshEnv();
    await seedAccount(e, { email: 'alice@genuine.example', fullName: 'Alice Martin', organisations: ['Genuine BV'] });
    const parsed = spyOnParsing(e);
    e.startWorker();
    const parts = Array.from({ length: 10_000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const many = await sign(rawMessage({ from: 'alice@genuine.example', contentType: 'multipart/mixed; boundary="b"', body: `${parts}--b--` }), {
      domain: 'genuine.example',
      key,
    });
    const headers = rawMessage({ from: 'alice@genuine.example', headers: Array.from({ length: 4000 }, (_, i) => `X-Filler-${i}: ${'x'.repeat(80)}`) });
    const [tooMany, tooLong] = await deliver(e, [many, headers]);
    expect(tooMany).toMatchObject({ status: 'quarantined', reason: 'too_many_parts', ticketId: null });
    expect(tooLong).toMatchObject({ status: 'quarantined', reason: 'headers_too_large', ticketId: null });
    expect(parsed).toEqual([]);
    expect(await ticketCount(e)).toBe(0);
    expect(recipients(sink)).toEqual([]);
    const quarantined = await e.app.deps.db.select({ reason: inboundMessages.reason }).from(inboundMessages).where(like(inboundMessages.status, 'quarantined'));
    expect(quarantined.map((q) => q.reason).sort()).toEqual(['headers_too_large', 'too_many_parts']);
    await expectTwoFactorUntouched(e, ['alice@genuine.example']);
    // the spy does see what is parsed: a normal message goes through it
    const normal = await deliverOne(e, rawMessage({ from: 'bob@genuine.example', body: request('Bob Peeters', 'Genuine BV') }));
    expect(normal.status).toBe('processed');
    expect(parsed).toHaveLength(1);
  });
});
