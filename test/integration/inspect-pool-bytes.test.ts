// A large message crosses to its inspection thread once (transferred, not copied) and the
// thread frees it when done; small ones (from Node's shared pool) are copied and left alone.
import { afterAll, describe, expect, test } from 'vitest';
import { createInspectPool } from '../../src/adapters/mail/inspect-pool.ts';
import { offlineInspectSettings } from '../support/inspect.ts';
import { OWNED_MIN_BYTES, ownsItsMemory, releaseNow } from '../../src/adapters/mail/owned-bytes.ts';

const pool = createInspectPool({
  size: 1,
  timeoutMs: 30_000,
  settings: offlineInspectSettings,
});
afterAll(() => pool.close());

function message(subject: string, attachmentBytes: number): Buffer {
  const attachment = Buffer.alloc(attachmentBytes, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  const text = [
    'From: Alice Martin <alice@genuine.example>',
    'To: support@bpart.test',
    `Subject: ${subject}`,
    'Message-ID: <m-' + subject.replace(/\W/g, '') + '@genuine.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, I lost my phone. Alice Martin',
    '--b',
    'Content-Type: application/pdf; name="scan.pdf"',
    'Content-Disposition: attachment; filename="scan.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--b--',
    '',
  ].join('\r\n');
  // A buffer of its own, as the database read gives it.
  const raw = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  raw.write(text, 'latin1');
  return raw;
}

describe('message bytes and the inspection threads', () => {
  test('large messages are handed over (the caller keeps none) and inspected one after the other by the same thread', async () => {
    for (const subject of ['first large', 'second large']) {
      const raw = message(subject, 3 * 1024 * 1024);
      expect(ownsItsMemory(raw)).toBe(true);
      const inspection = await pool.inspect(raw);
      expect(raw.length).toBe(0); // transferred
      expect(inspection.ok).toBe(true);
      if (!inspection.ok) continue;
      expect(inspection.message.subject).toBe(subject);
      expect(inspection.message.attachments).toEqual([{ filename: 'scan.pdf', contentType: 'application/pdf', size: 3 * 1024 * 1024 }]);
    }
    expect(pool.threads).toBe(1);
  });

  test('a small message is copied: the caller still has it', async () => {
    const raw = Buffer.from(message('small one', 100).toString('latin1'), 'latin1');
    const inspection = await pool.inspect(raw);
    expect(inspection.ok && inspection.message.subject).toBe('small one');
    expect(raw.toString('latin1')).toContain('Subject: small one');
  });

  test('only a buffer that is the whole of its memory is freed', () => {
    const own = Buffer.allocUnsafeSlow(OWNED_MIN_BYTES + 1).fill(1);
    releaseNow(own);
    expect(own.length).toBe(0);
    const slab = Buffer.allocUnsafeSlow(4 * OWNED_MIN_BYTES).fill(2);
    const part = slab.subarray(10, 10 + 2 * OWNED_MIN_BYTES);
    releaseNow(part);
    expect(part.length).toBe(2 * OWNED_MIN_BYTES);
    const pooled = Buffer.from('small');
    releaseNow(pooled);
    expect(pooled.toString()).toBe('small');
  });
});
