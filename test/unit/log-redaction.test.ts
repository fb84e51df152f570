// The logger's redaction (log-redaction.ts) replaces pino's `redact` option with the same paths:
// every line of a mix is logged through both and must come out the same, byte for byte but the time.
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { CENSOR, redactingChildren, redaction, REDACTED_PATHS } from '../../src/adapters/log-redaction.ts';

function sink() {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(line.replace(/"time":\d+,/, '')) } };
}

class WithToJson {
  text = 'secret text';
  other = 1;
  toJSON() {
    return { shown: this.text, other: this.other };
  }
}

function mix(): [Record<string, unknown>, string?][] {
  const inherited = Object.create({ token: 'inherited token' }) as Record<string, unknown>;
  inherited.visible = 'v';
  const hidden = { a: 1 };
  Object.defineProperty(hidden, 'code', { value: 'non-enumerable', enumerable: false });
  const coded = Object.assign(new Error('boom'), { code: 'E_CODE', text: 'the text', detail: { code: 'deep' } });
  const original = { body: 'b', keep: 'k' };
  return [
    [{ messageId: '<a@b>', outcome: 'ticket_opened', n: 3, ok: true }, 'processed'],
    [{ password: 'p', token: 't', code: 42, secret: null, totpSecret: { nested: 1 } }, 'top-level secrets'],
    [{ account: { email: 'a@b', totpSecret: 'S', password: 'P', other: [1, 2] }, reply: { body: 'hi', text: 'x', raw: Buffer.from('r') } }],
    [{ config: { DIRECTORY_HTTP_SECRET: 'x', DIRECTORY_HTTP_URL: 'https://a' }, directory: { secret: 's', url: 'u' } }],
    [{ list: [{ text: 'in an array' }, 'x'], when: new Date('2026-12-07T10:00:00Z'), nan: Number.NaN, inf: Infinity, none: null, undef: undefined }],
    [{ inherited, hidden, fn: () => 1, withToJson: new WithToJson(), map: new Map([['text', 1]]) }],
    [{ err: coded }, 'failed'],
    [{ err: { code: 'plain', message: 'not an Error', text: 't' } }],
    [{ err: 'a string error', error: coded }],
    [{ deep: { a: { text: 'two levels down is kept' } }, original }],
    [{}, 'no fields'],
    [{ text: 'top-level text is kept', raw: 'top-level raw is kept', body: 'kept' }],
    [{ msg: 'a msg field', code: undefined, token: () => 1 }],
  ];
}

describe('the logger redaction', () => {
  test("writes what pino's redact option wrote, for every line and child binding of a mix", () => {
    const before = sink();
    const after = sink();
    const old = pino({ level: 'debug', base: { service: 'recovery-desk' }, redact: { paths: REDACTED_PATHS, censor: CENSOR } }, before.stream);
    const now = redactingChildren(pino({ level: 'debug', base: { service: 'recovery-desk' }, ...redaction }, after.stream));
    const originals = mix();
    for (const log of [old, now]) {
      for (const [object, message] of mix()) log.info(object, message);
      log.error(Object.assign(new Error('thrown'), { code: 'E1', body: 'b' }));
      const child = log.child({ jobId: '7', token: 'child token', account: { password: 'pw', id: 3 }, err: { code: 'c' } });
      child.warn({ raw: { raw: 'x' } }, 'from a child');
      child.child({ mailbox: 'INBOX', secret: 's' }).info('grandchild');
    }
    expect(after.lines).toHaveLength(before.lines.length);
    for (let i = 0; i < before.lines.length; i++) expect(after.lines[i]).toBe(before.lines[i]);
    expect(after.lines.join('')).toContain(CENSOR);
    // nothing logged was changed in place
    expect(mix().map(([object]) => Object.keys(object))).toEqual(originals.map(([object]) => Object.keys(object)));
  });

  test('a logged object is not changed in place', () => {
    const after = sink();
    const object = { account: { password: 'pw' }, token: 't' };
    pino({ base: null, ...redaction }, after.stream).info(object);
    expect(object).toEqual({ account: { password: 'pw' }, token: 't' });
    expect(JSON.parse(after.lines[0]!)).toMatchObject({ account: { password: CENSOR }, token: CENSOR });
  });
});
