// Large messages through the mailbox reader: stored in batches bounded by bytes as well as by
// count (several 3 MiB messages do not wait for one another in memory), each byte-identical to
// what was appended, although the reader frees each one's memory once it is stored.
import { createHash } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundMessages } from '../../src/adapters/db/schema/index.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';
import { DEFAULT_DOVECOT_USER, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { waitFor } from '../support/wait.ts';

let dovecot: Dovecot;
let env: TestEnv;
beforeAll(async () => {
  dovecot = await startDovecot();
  env = await createTestEnv({ IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, 'INBOX'), IMAP_POLL_INTERVAL: '2s' });
});
afterAll(async () => {
  await env?.close();
  await dovecot?.stop();
});

/** A message with a base64 attachment of `bytes` bytes of every byte value, distinct per `n`. */
function large(n: number, bytes: number): Buffer {
  const content = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) content[i] = (i * 131 + n * 7) & 0xff;
  const attachment = content.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: Someone <someone@elsewhere.example>',
      'To: support@bpart.test',
      `Subject: large ${n}`,
      `Message-ID: <large-${n}@elsewhere.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: 8bit',
      '',
      `Caf\xe9 ${n}`,
      '--b',
      'Content-Type: application/octet-stream; name="data.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      '--b--',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

const sha = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

test('several large messages in one FETCH are stored byte for byte', async () => {
  const raws = [1, 2, 3, 4].map((n) => large(n, 3 * 1024 * 1024));
  const client = dovecot.client();
  await client.connect();
  for (const raw of raws) await client.append('INBOX', raw);
  await client.logout();
  await env.startWorker().reader!.ready;
  const rows = await waitFor(
    async () => {
      const found = await env.app.deps.db
        .select({ sha: inboundMessages.rawSha256, size: inboundMessages.size, status: inboundMessages.status })
        .from(inboundMessages)
        .where(inArray(inboundMessages.rawSha256, raws.map(sha)));
      return found.length === raws.length && found.every((row) => row.status !== 'stored') && found;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: 'the large messages stored and processed' },
  );
  expect(rows.map((row) => row.size).sort()).toEqual(raws.map((raw) => raw.length).sort());
  // The bytes PostgreSQL holds are the appended ones (the digest computed by the database).
  const digests = await env.app.deps.db.execute<{ sha: string }>(
    sql`select encode(sha256(raw), 'hex') as sha from inbound_messages where message_id_header like '<large-%'`,
  );
  expect(digests.map((row) => row.sha).sort()).toEqual(raws.map(sha).sort());
}, 120_000);
