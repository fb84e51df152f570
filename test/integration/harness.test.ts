// Proves the integration-test harness itself: a real Dovecot, the SMTP sink, a database
// copied from the migrated template, and Redis prefixes under the run id.
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/db.ts';
import { startDovecot, type Dovecot } from '../support/dovecot.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

function rawMessage(subject: string, messageId: string): Buffer {
  return Buffer.from(
    [
      'From: Alice Example <alice@example.test>',
      'To: support@bpart.test',
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      'Date: Tue, 24 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'I lost my phone and cannot log in.',
      '',
    ].join('\r\n'),
  );
}

function imapClient(dovecot: Dovecot, user = dovecot.users[0]!): ImapFlow {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: user.user, pass: user.password },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => {});
  return client;
}

describe('Dovecot', () => {
  let dovecot: Dovecot;

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('starts with the default user on 127.0.0.1 at a free port, and gives an imap:// URL', () => {
    expect(dovecot.host).toBe('127.0.0.1');
    expect(dovecot.port).toBeGreaterThan(0);
    expect(dovecot.users).toHaveLength(1);
    const { user, password } = dovecot.users[0]!;
    expect(user).toBe('support@bpart.test');
    expect(password.length).toBeGreaterThanOrEqual(16);
    const url = new URL(dovecot.imapUrl(user));
    expect(url.protocol).toBe('imap:');
    expect(decodeURIComponent(url.username)).toBe(user);
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBe(dovecot.port);
    expect(url.pathname).toBe('/INBOX');
  });

  it('refuses a wrong password', async () => {
    const client = imapClient(dovecot, { user: 'support@bpart.test', password: 'wrong' });
    await expect(client.connect()).rejects.toThrow();
    client.close();
  });

  it('shows an APPENDed message to an imapflow client, announced by IDLE', async () => {
    await dovecot.append('support@bpart.test', rawMessage('first', '<first@example.test>'), ['\\Flagged']);

    const client = imapClient(dovecot);
    await client.connect();
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const mailbox = client.mailbox;
        expect(mailbox && mailbox.exists).toBe(1);
        const first = await client.fetchOne('1', { envelope: true, flags: true, source: true });
        expect(first && first.envelope?.subject).toBe('first');
        expect(first && first.envelope?.messageId).toBe('<first@example.test>');
        expect(first && [...(first.flags ?? [])]).toContain('\\Flagged');
        expect(first && first.source?.toString()).toContain('I lost my phone');

        // IDLE: a second APPEND, from another session, arrives as an `exists` event.
        const seen = new Promise<{ count: number; prevCount: number }>((resolve) => client.once('exists', resolve));
        const idling = client.idle();
        const appendedAt = Date.now();
        await dovecot.append(undefined, rawMessage('second', '<second@example.test>'));
        const event = await Promise.race([
          seen,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no IDLE exists event within 10 s')), 10_000)),
        ]);
        const latencyMs = Date.now() - appendedAt;
        expect(event.count).toBe(2);
        expect(event.prevCount).toBe(1);
        expect(latencyMs).toBeLessThan(10_000);
        const second = await client.fetchOne('2', { envelope: true });
        expect(second && second.envelope?.subject).toBe('second');
        await idling.catch(() => undefined);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  });

  it('keeps the mail and the port across restart()', async () => {
    const port = dovecot.port;
    await dovecot.restart();
    expect(dovecot.port).toBe(port);

    const client = imapClient(dovecot);
    await client.connect();
    try {
      const status = await client.status('INBOX', { messages: true });
      expect(status && status.messages).toBe(2);
      const subjects: string[] = [];
      await client.mailboxOpen('INBOX');
      for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
      expect(subjects).toEqual(['first', 'second']);
    } finally {
      await client.logout().catch(() => client.close());
    }
  });

  it('runs a second server with users of its own next to the first, and stops it for good', async () => {
    const other = await startDovecot({
      users: [
        { user: 'a@bpart.test', password: 'pw-a' },
        { user: 'b@bpart.test', password: 'pw-b' },
      ],
    });
    const { dir, port } = other;
    try {
      expect(port).not.toBe(dovecot.port);
      await other.append('b@bpart.test', rawMessage('for b', '<b@example.test>'));
      const client = imapClient(other, other.users[1]!);
      await client.connect();
      const status = await client.status('INBOX', { messages: true });
      await client.logout();
      expect(status && status.messages).toBe(1);
      // A mailbox other than INBOX is created on the first APPEND, and reused after.
      await other.append('a@bpart.test', rawMessage('filed 1', '<f1@example.test>'), ['\\Seen'], 'Recovery');
      await other.append('a@bpart.test', rawMessage('filed 2', '<f2@example.test>'), [], 'Recovery');
      const filer = imapClient(other, other.users[0]!);
      await filer.connect();
      const filed = await filer.status('Recovery', { messages: true, unseen: true });
      await filer.logout();
      expect(filed && filed.messages).toBe(2);
      expect(filed && filed.unseen).toBe(1);
      expect(other.imapUrl('a@bpart.test', 'Recovery')).toBe(`imap://a%40bpart.test:pw-a@127.0.0.1:${port}/Recovery`);
    } finally {
      await other.stop();
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(dir)).toBe(false);
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, logger: false, auth: { user: 'a@bpart.test', pass: 'pw-a' } });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toThrow();
  });
});

describe('SMTP sink', () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });

  it('receives a nodemailer message with its envelope and parsed headers', async () => {
    expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
    const transport = nodemailer.createTransport(sink.url);
    try {
      const info = await transport.sendMail({
        envelope: { from: 'bounces@bpart.test', to: ['alice@example.test', 'audit@bpart.test'] },
        from: 'Support <support@bpart.test>',
        to: 'Alice <alice@example.test>',
        subject: 'Re: lost phone',
        messageId: '<reply-1@bpart.test>',
        inReplyTo: '<first@example.test>',
        references: ['<first@example.test>'],
        headers: { 'X-Recovery-Ticket': 'T-1' },
        text: 'We received your request.',
      });
      expect(info.accepted).toEqual(['alice@example.test', 'audit@bpart.test']);
    } finally {
      transport.close();
    }

    const [message] = await sink.waitForMessages(1, 5000);
    expect(message!.envelope).toEqual({ from: 'bounces@bpart.test', to: ['alice@example.test', 'audit@bpart.test'] });
    expect(message!.subject).toBe('Re: lost phone');
    expect(message!.messageId).toBe('<reply-1@bpart.test>');
    expect(message!.inReplyTo).toBe('<first@example.test>');
    expect(message!.references).toEqual(['<first@example.test>']);
    expect(message!.to).toEqual(['alice@example.test']);
    expect(message!.headers.subject).toBe('Re: lost phone');
    expect(message!.headers.get('x-recovery-ticket')).toBe('T-1');
    expect(message!.headers.headers.get('x-recovery-ticket')).toBe('T-1');
    expect(message!.raw.toString()).toContain('We received your request.');
    expect(message!.parsed.text?.trim()).toBe('We received your request.');

    sink.clear();
    expect(sink.messages).toHaveLength(0);
    await expect(sink.waitForMessages(1, 200)).rejects.toThrow(/timed out/);
  });
});

describe('PostgreSQL test databases', () => {
  it('creates a migrated database from the template, unique per call, and drops it', async () => {
    const runId = inject('runId');
    const a = await createTestDatabase('harness');
    const b = await createTestDatabase();
    try {
      expect(a.name.startsWith(`${runId}_harness_`)).toBe(true);
      expect(b.name.startsWith(`${runId}_db_`)).toBe(true);
      expect(a.name).not.toBe(b.name);
      expect(a.url).toBe(`postgres://root@127.0.0.1:5432/${a.name}`);

      const sql = postgres(a.url, { max: 1, onnotice: () => {} });
      try {
        const [current] = await sql<{ db: string }[]>`select current_database() as db`;
        expect(current?.db).toBe(a.name);
        // The template's migrations came along: drizzle's journal and the app's tables.
        const migrations = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
        expect(migrations[0]!.n).toBeGreaterThan(0);
        const tables = await sql<{ n: number }[]>`
          select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
        expect(tables[0]!.n).toBeGreaterThan(0);
      } finally {
        await sql.end({ timeout: 5 });
      }

      // drop() works while a connection is still open.
      const held = postgres(b.url, { max: 1, onnotice: () => {} });
      await held`select 1`;
      await b.drop();
      await held.end({ timeout: 1 }).catch(() => {});
      await a.drop();
      await a.drop(); // twice is fine

      const admin = postgres('postgres://root@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
      try {
        const left = await admin`select datname from pg_database where datname in (${a.name}, ${b.name})`;
        expect(left).toHaveLength(0);
        const template = await admin`select 1 from pg_database where datname = ${inject('templateDatabase')}`;
        expect(template).toHaveLength(1);
      } finally {
        await admin.end({ timeout: 5 });
      }
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

describe('Redis prefixes', () => {
  it('gives unique prefixes under the run id, and cleans up exactly one prefix', async () => {
    const runId = inject('runId');
    const p1 = testQueuePrefix();
    const p2 = testQueuePrefix();
    expect(p1.startsWith(`${runId}:`)).toBe(true);
    expect(p1).not.toBe(p2);
    expect(p1).toMatch(/^[A-Za-z0-9_.:-]+$/);

    const redis = new Redis(inject('redisUrl'), { lazyConnect: true });
    await redis.connect();
    try {
      await redis.set(`${p1}:q:a`, '1');
      await redis.hset(`${p1}:q:meta`, 'k', 'v');
      await redis.set(`${p2}:q:a`, '1');
      expect(await cleanupPrefix(p1)).toBe(2);
      expect(await redis.exists(`${p1}:q:a`, `${p1}:q:meta`)).toBe(0);
      expect(await redis.exists(`${p2}:q:a`)).toBe(1);
      await cleanupPrefix(p2);
      expect(await waitFor(async () => (await redis.exists(`${p2}:q:a`)) === 0, { what: 'p2 gone' })).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
