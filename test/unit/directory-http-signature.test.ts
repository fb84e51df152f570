// The http directory's signatures (src/adapters/directory/http-signature.ts): v1 as SPEC §9 fixes it,
// v2's canonical request as docs/directory-api.yaml documents it (stop 27, second pass).
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { canonicalRequestV2, signature, signatureV2, signedHeaders, type SignedRequest } from '../../src/adapters/directory/http-signature.ts';

const SECRET = 'example-secret-0123456789abcdef0123456789';
const EMPTY_BODY_SHA256 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
const RESET: SignedRequest = { method: 'POST', path: '/accounts/org%2F42/reset-2fa', body: '{}', idempotencyKey: 'ticket-RD-17-reset', ifMatch: '7' };

describe('v2: the canonical request', () => {
  test('seven lines: tag, timestamp, method, path as sent, Idempotency-Key, If-Match, SHA-256 of the body', () => {
    expect(canonicalRequestV2(1767225600, RESET)).toBe(
      ['recovery-desk-v2', '1767225600', 'POST', '/accounts/org%2F42/reset-2fa', 'ticket-RD-17-reset', '7', EMPTY_BODY_SHA256].join('\n'),
    );
  });

  test('absent headers are empty lines; the body is hashed as UTF-8 bytes', () => {
    const body = JSON.stringify({ email: 'zoë@example.com' });
    const canonical = canonicalRequestV2(1, { method: 'POST', path: '/lookup', body });
    expect(canonical.split('\n')).toEqual([
      'recovery-desk-v2',
      '1',
      'POST',
      '/lookup',
      '',
      '',
      createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex'),
    ]);
  });

  test('header values as HTTP delivers them: surrounding spaces and tabs dropped', () => {
    expect(canonicalRequestV2(1, { ...RESET, idempotencyKey: ' \tticket-RD-17-reset ', ifMatch: ' 7\t' })).toBe(canonicalRequestV2(1, RESET));
  });

  test('a line break in any field is refused rather than signed', () => {
    expect(() => canonicalRequestV2(1, { ...RESET, ifMatch: '7\nPOST' })).toThrow(/line break/);
    expect(() => canonicalRequestV2(1, { ...RESET, path: '/lookup\r\n' })).toThrow(/line break/);
  });

  test('each bound part changes the signature; v1 changes with none of them', () => {
    const base = signatureV2(SECRET, 1767225600, RESET);
    const variants: SignedRequest[] = [
      { ...RESET, path: '/accounts/bob/reset-2fa' },
      { ...RESET, path: '/lookup' },
      { ...RESET, method: 'PUT' },
      { ...RESET, idempotencyKey: 'ticket-RD-18-reset' },
      { ...RESET, idempotencyKey: undefined },
      { ...RESET, ifMatch: '8' },
      { ...RESET, ifMatch: undefined },
      { ...RESET, body: '{ }' },
    ];
    for (const variant of variants) expect(signatureV2(SECRET, 1767225600, variant), JSON.stringify(variant)).not.toBe(base);
    expect(signatureV2(SECRET, 1767225601, RESET)).not.toBe(base);
    // The hole: v1 is the same for every account's reset.
    for (const variant of variants.filter((v) => v.body === '{}'))
      expect(signature(SECRET, 1767225600, variant.body)).toBe(signature(SECRET, 1767225600, RESET.body));
  });

  test('the worked example of docs/directory-api.yaml', () => {
    const yaml = readFileSync(new URL('../../docs/directory-api.yaml', import.meta.url), 'utf8');
    const documented = /v2=([0-9a-f]{64})`/.exec(yaml)?.[1];
    expect(signatureV2(SECRET, 1767225600, RESET)).toBe(`v2=${documented}`);
    expect(yaml).toContain(EMPTY_BODY_SHA256);
    expect(yaml).toContain(SECRET);
  });
});

describe('signedHeaders', () => {
  test('the timestamp, v1 unchanged (SPEC §9) and v2 in a header of its own', () => {
    const at = new Date(1767225600_500);
    const headers = signedHeaders(SECRET, RESET, at);
    expect(headers).toEqual({
      'X-Recovery-Desk-Timestamp': '1767225600',
      'X-Recovery-Desk-Signature': `v1=${createHmac('sha256', SECRET).update('1767225600.{}').digest('hex')}`,
      'X-Recovery-Desk-Signature-V2': signatureV2(SECRET, 1767225600, RESET),
    });
    expect(headers['X-Recovery-Desk-Signature']).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});
