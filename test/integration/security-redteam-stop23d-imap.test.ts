// Stop 23, fourth pass, through the real mailbox (docs/security-log.md "Attacks tried in stop 23, fourth pass"):
// a NUL byte in one message's Message-ID must not stop the mailbox reader. IMAP cannot carry a NUL
// (RFC 3501 literals; Dovecot sends it as 0x80), so here it arrives as 0x80 and is stored as U+0080;
// the ingest path (an MTA pipe) carries it as it is (security-redteam-stop23d). Real Dovecot,
// PostgreSQL, Redis, workers and an SMTP sink.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundMessages } from '../../src/adapters/db/schema/index.ts';
import { createTestEnv, seedAccount, type TestEnv } from '../support/app.ts';
import { DEFAULT_DOVECOT_USER, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { rawMessage, request } from '../support/security.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

let dovecot: Dovecot;
let sink: SmtpSink;
let env: TestEnv | undefined;

beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  await env?.close();
  await Promise.all([dovecot?.stop(), sink?.close()]);
});

async function append(mailbox: string, raws: string[]): Promise<void> {
  const client = dovecot.client();
  await client.connect();
  try {
    await client.mailboxCreate(mailbox).catch(() => undefined);
    for (const raw of raws) if (!(await client.append(mailbox, Buffer.from(raw, 'utf8'), []))) throw new Error('APPEND failed');
  } finally {
    await client.logout().catch(() => client.close());
  }
}

test('a NUL byte in Eve’s Message-ID, through IMAP: the mailbox reader stores her mail and every message after it', { timeout: 60_000 }, async () => {
  const mailbox = 'Nul';
  env = await createTestEnv({ IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, mailbox), SMTP_URL: sink.url, IMAP_POLL_INTERVAL: '1s' });
  await seedAccount(env, { email: 'alice@nul-holder.example', fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
  // Had the NUL reached the reader, the batch's COPY would have failed ("invalid byte sequence for
  // encoding UTF8: 0x00"), the cursor never moved, and nothing after Eve's UID was ever stored.
  await append(mailbox, [
    rawMessage({ from: 'Alice Martin <alice@nul-holder.example>', subject: 'Lost my phone', messageId: `<eve\u0000-${Date.now()}@evil.example>` }),
    rawMessage({ from: 'Alice Martin <alice@nul-holder.example>', subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL') }),
  ]);
  await env.startWorker().reader!.ready;
  // A message appended after them, the next sync's.
  await append(mailbox, [rawMessage({ from: 'Bob <bob@elsewhere.example>', subject: 'Invoice question', body: 'Where is my invoice for November?' })]);
  const rows = await waitFor(
    async () => {
      const found = await env!.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.source, 'imap'));
      return found.length === 3 && found.every((row) => row.status === 'processed') && found;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: 'the three messages stored and processed' },
  );
  expect(rows.map((row) => row.uid).sort()).toEqual([1, 2, 3]);
  expect(rows.find((row) => row.uid === 1)!.messageIdHeader).toMatch(/eve[\u0080\uFFFD]-/);
  await env.stopWorker();
});
