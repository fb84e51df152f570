#!/usr/bin/env node
// The recovery-desk command (SPEC §7.1). Errors go to stderr with a non-zero exit code.
import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { safeErrorMessage, sqlState } from './adapters/db/errors.ts';
import { migrateDatabase } from './adapters/db/migrate.ts';
import { accountsImport, accountsShow } from './cli/accounts.ts';
import { agentsCreate } from './cli/agents.ts';
import { auditVerify } from './cli/audit.ts';
import { config, UsageError } from './cli/common.ts';
import { demoCommand } from './cli/demo.ts';
import { ingestCommand } from './cli/ingest.ts';
import { inspectCommand } from './cli/inspect.ts';
import { quarantineList, quarantineReplay } from './cli/quarantine.ts';
import { serve } from './cli/serve.ts';
import { ticketsApprove, ticketsList, ticketsReject, ticketsShow } from './cli/tickets.ts';

const USAGE = `usage: recovery-desk <command>

  migrate                               apply the migrations to DATABASE_URL (creates the database)
  start | worker | web                  workers and web / queue workers and mailbox reader / web only
  demo                                  set up and run the whole pipeline on the demo mail in fixtures/
  ingest FILE|- [--wait] [--json]       store a raw message and queue it like a fetched one
  inspect FILE                          classification and extraction as JSON, touching no service
  accounts import FILE.json             upsert accounts [{ email, fullName, organisations, totpSecret }]
  accounts show EMAIL [--json]
  agents create --email E --name N [--role agent|admin] [--password-stdin] [--totp-secret S] [--json]
  tickets list [--status S] [--json]
  tickets show REF [--json]
  tickets approve REF --agent E --totp CODE [--reason TEXT]
  tickets reject REF --agent E --reason TEXT
  quarantine list [--json]              messages quarantined, with their reason
  quarantine replay ID [ID…] [--json]   send quarantined messages through the pipeline again
  audit verify [--json]                 check the hash chain of the audit log; names the first broken row

Configuration comes from the environment: see .env.example.`;

const OPTIONS = {
  json: { type: 'boolean' },
  wait: { type: 'boolean' },
  status: { type: 'string' },
  agent: { type: 'string' },
  totp: { type: 'string' },
  reason: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string', default: 'agent' },
  'password-stdin': { type: 'boolean' },
  'totp-secret': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, sub, arg] = positionals;
  const needs = (value: string | undefined, what: string) => {
    if (!value) throw new UsageError(`${what} is required\n\n${USAGE}`);
    return value;
  };
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  switch (command) {
    case 'migrate': {
      const cfg = config();
      await migrateDatabase(cfg.DATABASE_URL);
      process.stderr.write(`migrations applied to ${new URL(cfg.DATABASE_URL).pathname.slice(1)}\n`);
      return;
    }
    case 'start':
    case 'worker':
    case 'web':
      return serve(command);
    case 'demo':
      return demoCommand();
    case 'ingest':
      return ingestCommand(needs(sub, 'FILE (or - for standard input)'), { wait: Boolean(values.wait), json: Boolean(values.json) });
    case 'inspect':
      return inspectCommand(needs(sub, 'FILE'));
    case 'accounts':
      if (sub === 'import') return accountsImport(needs(arg, 'FILE.json'));
      if (sub === 'show') return accountsShow(needs(arg, 'EMAIL'), Boolean(values.json));
      break;
    case 'agents':
      if (sub === 'create') {
        return agentsCreate({
          email: needs(values.email, '--email'),
          name: needs(values.name, '--name'),
          role: values.role,
          passwordStdin: Boolean(values['password-stdin']),
          totpSecret: values['totp-secret'],
          json: Boolean(values.json),
        });
      }
      break;
    case 'audit':
      if (sub === 'verify') return auditVerify(Boolean(values.json));
      break;
    case 'quarantine':
      if (sub === 'list') return quarantineList(Boolean(values.json));
      if (sub === 'replay') return quarantineReplay(positionals.slice(2), Boolean(values.json));
      break;
    case 'tickets':
      if (sub === 'list') return ticketsList(values.status, Boolean(values.json));
      if (sub === 'show') return ticketsShow(needs(arg, 'REF'), Boolean(values.json));
      if (sub === 'approve') return ticketsApprove(needs(arg, 'REF'), values);
      if (sub === 'reject') return ticketsReject(needs(arg, 'REF'), values);
      break;
  }
  throw new UsageError(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error & { code?: string }) => {
    const known = error instanceof UsageError || error instanceof ConfigError || (error.code && /^[a-z_]+\.[a-z_]+$/.test(error.code)) || error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    // Never the stack of a query error: its message holds the query's parameters (mail, tokens).
    process.stderr.write(`recovery-desk: ${known ? error.message : safeErrorMessage(error)}\n`);
    const state = sqlState(error);
    if (state === '42P01' || state === '42703' || state === '3D000') process.stderr.write("the database schema is missing or older than this version: run 'recovery-desk migrate'\n");
    if (error.code === 'ECONNREFUSED' || (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') process.stderr.write('is PostgreSQL/Redis running? check DATABASE_URL and REDIS_URL\n');
    if (process.env.DEBUG_STACK === '1' && !known) process.stderr.write(`${error.stack}\n`);
    process.exit(known ? 2 : 1);
  },
);
