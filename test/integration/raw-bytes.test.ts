// The stored raw message is the bytes that arrived, exactly: written by binary COPY and read
// back by binary COPY in slices (raw-transport.ts; base64 slices until stop 24), whatever the
// bytes, the size or the batch.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectDatabase, type Database } from '../../src/adapters/db/client.ts';
import { findMessage, insertMessages, messagesToProcess, messageToProcess } from '../../src/adapters/db/messages.repository.ts';
import { lockMessage } from '../../src/adapters/db/quarantine.repository.ts';
import { copyRowsIn, copyRowsOut, READ_SLICE_BYTES } from '../../src/adapters/db/raw-transport.ts';
import { inboundMessages } from '../../src/adapters/db/schema/index.ts';
import { toNewMessage } from '../../src/steps/store-message.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { messagesToProcessBase64 } from '../support/raw-read-reference.ts';

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase('rawbytes');
  db = connectDatabase(database.url, { max: 3 });
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const header = (id: string) => Buffer.from(`From: a@example.org\r\nMessage-ID: <${id}@example.org>\r\nSubject: bytes\r\n\r\n`, 'latin1');
/** Every byte value, NUL and 8-bit included, `times` over. */
const everyByte = (times: number) => Buffer.concat(Array.from({ length: times }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i))));

describe('raw bytes stored and read back', () => {
  test('a message with all 256 byte values round-trips exactly, and PostgreSQL holds those bytes', async () => {
    const raw = Buffer.concat([header('all-bytes'), everyByte(3), Buffer.from('Caf\xe9 \xff\x00\r\n', 'latin1')]);
    const [stored] = await insertMessages(db.db, [toNewMessage({ raw, source: 'ingest', arrivedAt: new Date('2026-03-02T10:11:12.345Z') })]);
    expect(stored!.created).toBe(true);
    const row = await messageToProcess(db.db, stored!.id);
    expect(row!.raw!.equals(raw)).toBe(true);
    expect(row!.arrivedAt!.toISOString()).toBe('2026-03-02T10:11:12.345Z');
    expect(row!.messageIdHeader).toBe('<all-bytes@example.org>');
    expect(row!.status).toBe('stored');
    // The database's own view of the column: the same bytes, size and digest (not a text form of them).
    const [check] = await db.db
      .select({
        same: sql<boolean>`${inboundMessages.raw} = ${raw}`,
        size: inboundMessages.size,
        sha: sql<string>`encode(sha256(${inboundMessages.raw}), 'hex')`,
      })
      .from(inboundMessages)
      .where(eq(inboundMessages.id, stored!.id));
    expect(check).toEqual({ same: true, size: raw.length, sha: toNewMessage({ raw, source: 'ingest' }).rawSha256 });
  });

  test('the stored bytes are compressed with lz4, not pglz (migration 0017), and read back the same', async () => {
    const text = Buffer.from(`${'Bonjour, je ne peux plus me connecter à mon compte.\r\n'.repeat(200)}`, 'utf8');
    const raw = Buffer.concat([header('lz4'), text]);
    const [stored] = await insertMessages(db.db, [toNewMessage({ raw, source: 'ingest' })]);
    const [check] = await db.db
      .select({ method: sql<string | null>`pg_column_compression(${inboundMessages.raw})` })
      .from(inboundMessages)
      .where(eq(inboundMessages.id, stored!.id));
    expect(check!.method).toBe('lz4');
    expect((await messageToProcess(db.db, stored!.id))!.raw!.equals(raw)).toBe(true);
  });

  test('a message larger than many read slices, and one of an exact number of slices, come back whole', async () => {
    const sizes = [READ_SLICE_BYTES * 3, READ_SLICE_BYTES * 40 + 7, 3 * 1024 * 1024 + 1];
    const raws = sizes.map((size, i) => {
      const head = header(`big-${i}`);
      const body = everyByte(Math.ceil(size / 256)).subarray(0, size - head.length);
      for (let at = 0; at < body.length; at += 997) body[at] = (at * 31 + i) & 0xff;
      return Buffer.concat([head, body]);
    });
    const stored = await insertMessages(
      db.db,
      raws.map((raw) => toNewMessage({ raw, source: 'imap', mailbox: 'support@x:143/INBOX', uidValidity: 7, uid: raw.length })),
    );
    for (const [i, { id }] of stored.entries()) {
      const row = await messageToProcess(db.db, id);
      expect(row!.raw!.length).toBe(sizes[i]);
      expect(row!.raw!.equals(raws[i]!)).toBe(true);
      // It owns its memory, so the inspection pool can transfer it to a thread without a copy.
      expect(row!.raw!.byteOffset).toBe(0);
      expect(row!.raw!.buffer.byteLength).toBe(sizes[i]);
    }
  });

  test('the same bytes twice, in one batch or later, are one row; a UID already stored is found by its bytes', async () => {
    const a = Buffer.concat([header('dup-a'), Buffer.from('one\r\n')]);
    const b = Buffer.concat([header('dup-b'), Buffer.from('two\r\n')]);
    const first = await insertMessages(
      db.db,
      [a, b, a].map((raw) => toNewMessage({ raw, source: 'ingest' })),
    );
    expect(first.map((r) => r.created)).toEqual([true, true, true]);
    expect(first[2]!.id).toBe(first[0]!.id);
    const c = Buffer.concat([header('dup-c'), Buffer.from('three\r\n')]);
    const again = await insertMessages(
      db.db,
      [b, c].map((raw) => toNewMessage({ raw, source: 'ingest' })),
    );
    expect(again[0]).toEqual({ id: first[1]!.id, created: false });
    expect(again[1]!.created).toBe(true);
    const [{ n }] = (await db.db.execute(sql`select count(*)::int as n from inbound_messages where message_id_header like '<dup-%'`)) as unknown as [
      { n: number },
    ];
    expect(n).toBe(3);
  });

  test('a row stored by someone else between the check and the COPY: the batch falls back to insert-unless-present', async () => {
    const raw = Buffer.concat([header('race'), Buffer.from('raced\r\n')]);
    const other = Buffer.concat([header('race-2'), Buffer.from('second\r\n')]);
    const message = toNewMessage({ raw, source: 'ingest' });
    // The other writer's row lands once ids are reserved (the check found nothing): the COPY
    // hits the unique key and fails whole.
    const counting = db.db.execute.bind(db.db);
    let injected = false;
    (db.db as { execute: typeof db.db.execute }).execute = (async (query: Parameters<typeof counting>[0]) => {
      const result = await counting(query);
      if (!injected) {
        injected = true;
        await db.sql`insert into inbound_messages (source, raw, raw_sha256, size) values ('ingest', ${raw}, ${message.rawSha256}, ${raw.length})`;
      }
      return result;
    }) as typeof db.db.execute;
    try {
      const stored = await insertMessages(db.db, [message, toNewMessage({ raw: other, source: 'ingest' })]);
      expect(injected).toBe(true);
      expect(stored.map((r) => r.created)).toEqual([false, true]);
      expect((await messageToProcess(db.db, stored[0]!.id))!.raw!.equals(raw)).toBe(true);
      expect((await messageToProcess(db.db, stored[1]!.id))!.raw!.equals(other)).toBe(true);
    } finally {
      delete (db.db as { execute?: unknown }).execute;
    }
  });

  test('inside a transaction the COPY is part of it: committed with it, rolled back with it', async () => {
    const kept = Buffer.concat([header('tx-kept'), everyByte(1)]);
    const dropped = Buffer.concat([header('tx-dropped'), everyByte(2)]);
    const [committed] = await db.db.transaction((tx) => insertMessages(tx, [toNewMessage({ raw: kept, source: 'ingest' })]));
    expect((await messageToProcess(db.db, committed!.id))!.raw!.equals(kept)).toBe(true);
    const abandon = new Error('abandoned');
    await expect(
      db.db.transaction(async (tx) => {
        await insertMessages(tx, [toNewMessage({ raw: dropped, source: 'ingest' })]);
        throw abandon;
      }),
    ).rejects.toBe(abandon);
    const [{ n }] = (await db.db.execute(
      sql`select count(*)::int as n from inbound_messages where message_id_header = '<tx-dropped@example.org>'`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  test('inside a transaction, a failed COPY fails the transaction (no hang, nothing stored)', async () => {
    const raw = Buffer.concat([header('in-tx'), Buffer.from('tx\r\n')]);
    // A NUL is not valid in a text column: PostgreSQL rejects the COPY after every byte was sent.
    const bad = { ...toNewMessage({ raw, source: 'ingest' }), messageIdHeader: '<bad\u0000id@example.org>' };
    await expect(db.db.transaction((tx) => insertMessages(tx, [bad]))).rejects.toThrow(/0x00|null|invalid/i);
    await expect(insertMessages(db.db, [bad])).rejects.toThrow(/0x00|null|invalid/i);
    const [{ n }] = (await db.db.execute(sql`select count(*)::int as n from inbound_messages where raw_sha256 = ${bad.rawSha256}`)) as unknown as [
      { n: number },
    ];
    expect(n).toBe(0);
    // The connections are usable afterwards.
    const [ok] = await insertMessages(db.db, [toNewMessage({ raw, source: 'ingest' })]);
    expect((await messageToProcess(db.db, ok!.id))!.raw!.equals(raw)).toBe(true);
  });

  test('a message already processed sends no bytes back; a purged one reads as none', async () => {
    const raw = Buffer.concat([header('done'), Buffer.from('done\r\n')]);
    const [stored] = await insertMessages(db.db, [toNewMessage({ raw, source: 'ingest' })]);
    await db.db.update(inboundMessages).set({ status: 'processed', outcome: 'ignored' }).where(eq(inboundMessages.id, stored!.id));
    const processed = await messageToProcess(db.db, stored!.id);
    expect(processed).toMatchObject({ id: stored!.id, status: 'processed', outcome: 'ignored', raw: null });
    await db.db.update(inboundMessages).set({ status: 'stored', raw: null }).where(eq(inboundMessages.id, stored!.id));
    expect((await messageToProcess(db.db, stored!.id))!.raw).toBeNull();
    expect(await messageToProcess(db.db, 987_654_321)).toBeNull();
  });

  test('the replay lock and the CLI read say whether the bytes are there without reading them', async () => {
    const raw = Buffer.concat([header('kept-or-purged'), everyByte(1)]);
    const [stored] = await insertMessages(db.db, [toNewMessage({ raw, source: 'ingest' })]);
    const locked = await db.db.transaction((tx) => lockMessage(tx, stored!.id));
    expect(locked).toEqual({ id: stored!.id, status: 'stored', reason: null, attempts: 0, hasRaw: true });
    const found = await findMessage(db.db, stored!.id);
    expect(found).toMatchObject({ id: stored!.id, status: 'stored', size: raw.length });
    expect(found).not.toHaveProperty('raw');
    await db.db.update(inboundMessages).set({ raw: null }).where(eq(inboundMessages.id, stored!.id));
    expect((await db.db.transaction((tx) => lockMessage(tx, stored!.id)))!.hasRaw).toBe(false);
  });

  test('a message over the size asked for is not read back: its size says why', async () => {
    const raw = Buffer.concat([header('over'), everyByte(40)]);
    const [stored] = await insertMessages(db.db, [toNewMessage({ raw, source: 'ingest' })]);
    expect(await messageToProcess(db.db, stored!.id, { maxBytes: raw.length - 1 })).toMatchObject({ rawBytes: raw.length, raw: null });
    const fits = await messageToProcess(db.db, stored!.id, { maxBytes: raw.length });
    expect(fits!.rawBytes).toBe(raw.length);
    expect(fits!.raw!.equals(raw)).toBe(true);
  });

  test('several messages read by one statement: each whole, by id; one processed sends no bytes, an unknown id is absent', async () => {
    const large = Buffer.concat([header('many-large'), everyByte(Math.ceil((READ_SLICE_BYTES * 2.5) / 256))]);
    const small = Buffer.concat([header('many-small'), everyByte(1)]);
    const done = Buffer.concat([header('many-done'), everyByte(2)]);
    const stored = await insertMessages(
      db.db,
      [large, small, done].map((raw) => toNewMessage({ raw, source: 'ingest' })),
    );
    const [l, s, d] = stored.map((row) => row.id) as [number, number, number];
    await db.db.update(inboundMessages).set({ status: 'processed', outcome: 'ignored' }).where(eq(inboundMessages.id, d));
    const rows = await messagesToProcess(db.db, [l, s, d, 2_000_000_000]);
    expect([...rows.keys()].sort((a, b) => a - b)).toEqual([l, s, d].sort((a, b) => a - b));
    expect(rows.get(l)!.raw!.equals(large)).toBe(true);
    expect(rows.get(s)!.raw!.equals(small)).toBe(true);
    expect(rows.get(d)).toMatchObject({ status: 'processed', outcome: 'ignored', raw: null, rawBytes: null });
  });

  test('a COPY started while every connection of the pool is busy keeps its connection; statements queued meanwhile are answered', async () => {
    await db.db.execute(sql`create table copy_probe (id int8, body bytea)`);
    // db has 3 connections: all three busy, then a COPY, then statements postgres.js pipelines onto
    // busy connections (sent behind a COPY, they broke its data and the connection).
    const busy = Array.from({ length: 3 }, () => db.db.execute(sql`select pg_sleep(0.3)`));
    const bodies = Array.from({ length: 6 }, (_, i) => Buffer.concat([header(`busy-${i}`), everyByte(400)]));
    const copying = copyRowsIn(
      db.db,
      'copy_probe',
      ['id', 'body'],
      bodies.map((body, i) => [
        { type: 'int8', value: i },
        { type: 'bytea', value: body },
      ]),
    );
    const queued = Array.from({ length: 12 }, (_, i) => db.db.execute<{ n: number }>(sql`select ${i}::int as n`));
    await Promise.all(busy);
    await copying;
    expect((await Promise.all(queued)).map(([row]) => row!.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const rows = await db.db.execute<{ id: string; md5: string }>(sql`select id, md5(body) as md5 from copy_probe order by id`);
    expect(rows.map((row) => [Number(row.id), row.md5])).toEqual(bodies.map((body, i) => [i, createHash('md5').update(body).digest('hex')]));
  });

  test('the binary read gives what the base64 read gave: every column of every kind of row, bytes included', async () => {
    const bodies = [0, 1, 2, 3, READ_SLICE_BYTES - 1, READ_SLICE_BYTES, READ_SLICE_BYTES + 1, READ_SLICE_BYTES * 5 + 2].map((size, i) => {
      const head = header(`same-${i}`);
      return Buffer.concat([head, everyByte(Math.ceil(size / 256) + 1).subarray(0, size)]);
    });
    const noId = Buffer.from('From: b@example.org\r\nSubject: no id \u00e9\r\n\r\nbody\r\n', 'utf8');
    const stored = await insertMessages(db.db, [
      ...bodies.map((raw, i) =>
        toNewMessage({ raw, source: 'imap', mailbox: 'INBOX', uidValidity: 7, uid: 900 + i, arrivedAt: new Date(Date.UTC(2026, 2, 2, 10, 0, i, 123)) }),
      ),
      toNewMessage({ raw: noId, source: 'ingest' }),
    ]);
    const ids = stored.map((row) => row.id);
    // A processed one with every verdict column, a quarantined one, a purged one (still stored).
    await db.db
      .update(inboundMessages)
      .set({ status: 'processed', outcome: 'ticket_opened', kind: 'recovery_request', reason: 'r\u00e9son', ticketId: 4242 })
      .where(eq(inboundMessages.id, ids[1]!));
    await db.db.update(inboundMessages).set({ status: 'quarantined', outcome: 'quarantined', reason: 'too_large' }).where(eq(inboundMessages.id, ids[2]!));
    await db.db.update(inboundMessages).set({ raw: null, rawPurgedAt: new Date() }).where(eq(inboundMessages.id, ids[3]!));
    const asked = [...ids, 2_000_000_001];
    for (const maxBytes of [undefined, READ_SLICE_BYTES]) {
      const before = await messagesToProcessBase64(db.db, asked, { maxBytes });
      const after = await messagesToProcess(db.db, asked, { maxBytes });
      expect([...after.keys()].sort((a, b) => a - b)).toEqual([...before.keys()].sort((a, b) => a - b));
      for (const [id, row] of before) expect(after.get(id)).toEqual(row);
      for (const id of ids) {
        const one = await messageToProcess(db.db, id, { maxBytes });
        expect(one).toEqual(before.get(id));
      }
    }
    expect((await messagesToProcess(db.db, [ids[0]!])).get(ids[0]!)!.raw!.equals(bodies[0]!)).toBe(true);
    expect((await messagesToProcess(db.db, [ids[1]!])).get(ids[1]!)).toMatchObject({ status: 'processed', ticketId: 4242, reason: 'r\u00e9son', raw: null });
  });

  test('the read hands the thread a buffer of its own: offset 0, exact length, not a view of a socket chunk', async () => {
    const raw = Buffer.concat([header('owned'), everyByte(700)]);
    const [stored] = await insertMessages(db.db, [toNewMessage({ raw, source: 'ingest' })]);
    const row = await messageToProcess(db.db, stored!.id);
    expect(row!.raw!.byteOffset).toBe(0);
    expect(row!.raw!.buffer.byteLength).toBe(raw.length);
  });

  test('postgres.js#1016: after binary reads of every size the connection answers (one connection, reads back to back)', async () => {
    // One connection: a read that left its socket paused (the last CopyData and the CopyDone in
    // one socket read while the stream's buffer is full) would hang every statement after it.
    const one = connectDatabase(database.url, { max: 1 });
    try {
      const raws = [READ_SLICE_BYTES * 60 + 11, 5, READ_SLICE_BYTES * 2, 300_000, READ_SLICE_BYTES * 120].map((size, i) => {
        const head = header(`hang-${i}`);
        const body = everyByte(Math.ceil(size / 256)).subarray(0, size);
        for (let at = 0; at < body.length; at += 1013) body[at] = (at * 7 + i) & 0xff;
        return Buffer.concat([head, body]);
      });
      const stored = await insertMessages(
        one.db,
        raws.map((raw) => toNewMessage({ raw, source: 'ingest' })),
      );
      const ids = stored.map((row) => row.id);
      const answered = async () => {
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the connection hangs after a COPY TO')), 5_000).unref());
        return Promise.race([one.db.execute<{ n: number }>(sql`select 1::int as n`), timeout]);
      };
      for (let round = 0; round < 3; round++) {
        for (const [i, id] of ids.entries()) {
          expect((await messageToProcess(one.db, id))!.raw!.equals(raws[i]!)).toBe(true);
          expect(await answered()).toEqual([{ n: 1 }]);
        }
        const all = await messagesToProcess(one.db, ids);
        for (const [i, id] of ids.entries()) expect(all.get(id)!.raw!.equals(raws[i]!)).toBe(true);
        expect(await answered()).toEqual([{ n: 1 }]);
      }
      // Reads and statements asked at once on the one connection: each waits its turn, none fails.
      const mixed = await Promise.all(ids.flatMap((id) => [messageToProcess(one.db, id).then((row) => row!.raw!.length), answered().then(() => -1)]));
      expect(mixed).toEqual(raws.flatMap((raw) => [raw.length, -1]));
    } finally {
      await one.close();
    }
  });

  test('postgres.js#1016: the reads that hang a connection through its own stream answer through copyRowsOut', async () => {
    // The same reads, consumed through postgres.js's Readable on one connection, left its socket
    // paused at the second or third (bench/results/stop24-naive-copy-to-hang.txt).
    const one = connectDatabase(database.url, { max: 1 });
    try {
      for (let round = 0; round < 20; round++) {
        const size = READ_SLICE_BYTES * (1 + (round % 7) * 13) + round;
        let bytes = 0;
        await copyRowsOut(
          one.db,
          `copy (select substring(decode(repeat('ab', ${size}), 'hex') from s for ${READ_SLICE_BYTES}) from generate_series(1, ${size}, ${READ_SLICE_BYTES}) s) to stdout (format binary)`,
          (chunk) => (bytes += chunk.length),
        );
        expect(bytes).toBe(19 + Math.ceil(size / READ_SLICE_BYTES) * 6 + size + 2);
        expect(await one.db.execute<{ n: number }>(sql`select ${round}::int as n`)).toEqual([{ n: round }]);
      }
    } finally {
      await one.close();
    }
  });

  test('a COPY TO that fails midway, or whose reader throws, rejects and leaves its connection usable', async () => {
    const one = connectDatabase(database.url, { max: 1 });
    try {
      const failing = copyRowsOut(
        one.db,
        `copy (select case when g = 30000 then 1 / (g - g) else g end as n, repeat('x', 40) from generate_series(1, 40000) g) to stdout (format binary)`,
        () => {},
      );
      await expect(failing).rejects.toMatchObject({ code: '22012' });
      expect(await one.db.execute<{ n: number }>(sql`select 2::int as n`)).toEqual([{ n: 2 }]);
      let chunks = 0;
      const throwing = copyRowsOut(one.db, `copy (select g, repeat('y', 100) from generate_series(1, 5000) g) to stdout (format binary)`, () => {
        chunks += 1;
        if (chunks === 3) throw new Error('reader failed');
      });
      await expect(throwing).rejects.toThrow('reader failed');
      expect(await one.db.execute<{ n: number }>(sql`select 3::int as n`)).toEqual([{ n: 3 }]);
    } finally {
      await one.close();
    }
  });

  test('inside a transaction the read uses the transaction connection and sees its own writes', async () => {
    const raw = Buffer.concat([header('in-tx'), everyByte(300)]);
    await db.db
      .transaction(async (tx) => {
        const [stored] = await insertMessages(tx, [toNewMessage({ raw, source: 'ingest' })]);
        expect((await messageToProcess(tx, stored!.id))!.raw!.equals(raw)).toBe(true);
        tx.rollback();
      })
      .catch((error: Error) => {
        if (!/rollback/i.test(error.message)) throw error;
      });
  });
});
