// CPU of building the gate's read of a request (readGate: signature, Message-ID, two flood
// scopes, the account's tickets, a ticket reserved) with no database: a handle that builds what
// it is given (drizzle's SQL, or the fixed text) and answers nothing. `--base DIR` measures
// another checkout's readGate the same way.
//   RECOVERY_DESK_ENV=development node bench/micro/gate-build.ts [--base DIR]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { floodPlan } from '../../src/steps/flood-control.ts';

const { values: args } = parseArgs({ options: { base: { type: 'string' } } });
const roots: [string, string][] = [['this tree', resolve(import.meta.dirname, '..', '..')]];
if (args.base) roots.push(['base', resolve(args.base)]);
const dialect = new PgDialect();
const handle = {
  execute: async (query: SQL) => {
    dialect.sqlToQuery(query);
    return [{ gate: null }];
  },
  session: { client: { unsafe: async () => [{ gate: null }] } },
};
const flood = floodPlan(new Date(), { sender: 'anna@example.nl', authenticated: true, accountId: 77 });
const input = {
  id: 1,
  bHashes: ['a'.repeat(44)],
  messageId: { header: '<x@y>', sender: 'anna@example.nl' },
  flood: flood.map(({ key, sinces }) => ({ key, sinces })),
  accountId: null,
  ticketsOfAccount: 77,
  reserveTicket: true,
};
const locks = [{ ns: 'dkim_b', key: 'a'.repeat(44) }, ...flood.map((f) => ({ ns: 'flood', key: f.lockKey })), { ns: 'account', id: 77 }];
for (let round = 0; round < 3; round++) {
  for (const [name, root] of roots) {
    const { readGate } = await import(pathToFileURL(`${root}/src/adapters/db/messages.repository.ts`).href);
    for (let i = 0; i < 1000; i++) await readGate(handle, input, locks);
    const n = 5000;
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await readGate(handle, input, locks);
    const used = process.cpuUsage(start);
    console.log(`${name}: readGate of a request, building only: ${((used.user + used.system) / n).toFixed(1)} µs`);
  }
}
process.exit(0);
