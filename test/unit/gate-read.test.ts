// The gate's read is built from fixed strings (no drizzle per message); it must be the very
// statement drizzle built before, text and parameters (the reference below, as it was).
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import { countsAuthenticated, floodKeys, type FloodKey } from '../../src/core/rate-limit.ts';
import { gateRead, type GateInput } from '../../src/adapters/db/messages.repository.ts';
import { accounts, inboundMessages, tickets } from '../../src/adapters/db/schema/index.ts';

const dialect = new PgDialect();

function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function floodScopeOf(key: FloodKey): SQL | undefined {
  const m = inboundMessages;
  return 'address' in key
    ? sql`${m.fromAddress} = ${key.address}::text`
    : 'domain' in key
      ? sql`${m.fromDomain} = ${key.domain}::text and ${m.accountId} is null`
      : 'accountId' in key
        ? sql`${m.accountId} = ${key.accountId}::int`
        : undefined;
}

function floodCountSql(key: FloodKey, sinces: Date[], exceptId: number): SQL {
  const m = inboundMessages;
  const oldest = sinces.reduce((a, b) => (a < b ? a : b));
  const counts = sql.join(
    sinces.map((since) => sql`(count(*) filter (where ${m.countedAt} >= ${since.toISOString()}::timestamptz))::int`),
    sql`, `,
  );
  const scope = floodScopeOf(key);
  return sql`(select array[${counts}] from ${m} where ${scope ? sql`${scope} and ` : sql``}${m.authenticated} = ${countsAuthenticated(key.scope)}::boolean
    and ${m.countedAt} >= ${oldest.toISOString()}::timestamptz and ${m.id} <> ${exceptId}::bigint)`;
}

function reference(input: GateInput): { sql: string; params: (string | null)[] } | null {
  const m = inboundMessages;
  const columns: SQL[] = [];
  if (input.bHashes.length > 0)
    columns.push(sql`(select json_build_object('id', ${m.id}, 'ticketId', ${m.ticketId}, 'messageIdHeader', ${m.messageIdHeader})
      from ${m} where ${m.dkimBHashes} && ${textArray(input.bHashes)}::text[] and ${m.id} <> ${input.id}::bigint order by ${m.id} limit 1) as signature`);
  if (input.messageId)
    columns.push(sql`(select coalesce(json_agg(json_build_object('id', e.id, 'ticketId', e.ticket_id, 'authenticated', e.authenticated, 'dkimBHashes', coalesce(e.dkim_b_hashes, '{}')) order by e.id), '[]'::json)
      from (select ${m.id} as id, ${m.ticketId} as ticket_id, ${m.authenticated} as authenticated, ${m.dkimBHashes} as dkim_b_hashes from ${m}
            where ${m.messageIdHeader} = ${input.messageId.header}::text and ${m.fromAddress} = ${input.messageId.sender}::text and ${m.status} = 'processed'
              and ${m.kind} = 'recovery_request' and ${m.id} <> ${input.id}::bigint order by ${m.id} limit 20) e) as earlier`);
  input.flood.forEach(({ key, sinces }, index) => columns.push(sql`${floodCountSql(key, sinces, input.id)} as ${sql.raw(`flood${index}`)}`));
  if (input.accountId !== null)
    columns.push(sql`(select json_build_object('id', ${accounts.id}, 'email', ${accounts.email}, 'emailChangedAt', ${accounts.emailChangedAt},
      'recoveryLockedUntil', ${accounts.recoveryLockedUntil}) from ${accounts} where ${accounts.id} = ${input.accountId}::int) as account`);
  if (input.ticketsOfAccount !== null)
    columns.push(
      sql`${sql`(select coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb) from (select * from ${tickets} where ${tickets.accountId} = ${input.ticketsOfAccount}::int order by ${tickets.id} for update) t)`} as tickets`,
    );
  if (input.reserveTicket)
    columns.push(sql`${sql`json_build_object('id', nextval(pg_get_serial_sequence('tickets', 'id')), 'refNumber', nextval('ticket_ref_seq'))`} as new_ticket`);
  if (columns.length === 0) return null;
  const read = dialect.sqlToQuery(sql`select row_to_json(g) from (select ${sql.join(columns, sql`, `)}) g`);
  return { sql: read.sql.replace(/\$(\d+)/g, '$$1[$1]'), params: read.params.map((param) => (param === null || param === undefined ? null : String(param))) };
}

const senders = [
  { sender: 'anna@example.nl', authenticated: true, accountId: 77 },
  { sender: 'anna@example.nl', authenticated: true, accountId: null },
  { sender: 'bob"o\\@ex.be', authenticated: false, accountId: 12 },
  { sender: null, authenticated: false, accountId: null },
];

describe('the gate read', () => {
  test('is the statement drizzle built, text and parameters, for every mix of what is asked', () => {
    const now = new Date('2026-12-07T10:00:00.123Z');
    const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    let compared = 0;
    for (const who of senders) {
      const flood = floodKeys(who).map((key, i) => ({ key, sinces: i % 2 ? [since(60), since(1440)] : [since(10), since(1440), since(5)] }));
      for (const bHashes of [[], ['abc+/='], ['a"b', 'c\\d']])
        for (const messageId of [null, { header: '<x$1@y>', sender: 'anna@example.nl' }])
          for (const floodPart of [[], flood])
            for (const accountId of [null, 5])
              for (const ticketsOfAccount of [null, 77])
                for (const reserveTicket of [false, true]) {
                  const input: GateInput = { id: 4242, bHashes, messageId, flood: floodPart, accountId, ticketsOfAccount, reserveTicket };
                  expect(gateRead(input)).toEqual(reference(input));
                  compared += 1;
                }
    }
    expect(compared).toBe(4 * 3 * 2 * 2 * 2 * 2 * 2);
  });

  test('the senders above reach every flood scope', () => {
    const scopes = new Set(senders.flatMap((who) => floodKeys(who).map((key) => key.scope)));
    expect([...scopes].sort()).toEqual(['account', 'domain', 'sender', 'unauthenticated', 'unauthenticated_account', 'unauthenticated_sender']);
  });
});
