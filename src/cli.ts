#!/usr/bin/env node
// The recovery-desk command (SPEC §7.1). Errors go to stderr with a non-zero exit code.
// First: a command that reads mail replaces its process with its memory settings before loading anything (worker-runtime.ts).
import './cli/mail-runtime.ts';
import { parseArgs } from 'node:util';
import { loadConfig, refuseDevelopmentKeys } from './config.ts';
import { safeErrorMessage, sqlState } from './adapters/db/errors.ts';
import { isKnownError } from './cli/known-error.ts';
import { UsageError } from './cli/usage-error.ts';

// Each command loads its own modules: `--help`, `inspect` or a wrong argument start fast.
const accounts = () => import('./cli/accounts.ts');
const tickets = () => import('./cli/tickets.ts');
const quarantine = () => import('./cli/quarantine.ts');

const USAGE = `usage: recovery-desk <command>

  migrate                               apply the migrations to DATABASE_URL (creates the database)
  start | worker | web                  workers and web / queue workers and mailbox reader / web only
  demo [--serve]                        set up and run the whole pipeline on the demo mail in fixtures/;
                                        --serve: then keep the console running on the demo data
  ingest FILE|- [--wait] [--json]       store a raw message and queue it like a fetched one
  inspect FILE [--explain]              classification and extraction as JSON, touching no service;
                                        --explain: per field, the candidates, the rule that chose, why
                                        the others were refused, and the signature block line by line
  accounts import FILE.json             upsert accounts [{ email, fullName, organisations, totpSecret }]
  accounts show EMAIL [--json]
  agents create --email E --name N [--role agent|admin] [--password-stdin] [--totp-secret S] [--json]
  agents unlock --email E [--json]      after 5 wrong codes locked an agent's approvals or sign-in
  agents code --email E [--json]        the agent's current TOTP code (RECOVERY_DESK_ENV=development only)
  tickets list [--status S] [--json]
  tickets show REF [--json]
  tickets approve REF --agent E --totp CODE [--reason TEXT] [--evidence HASH]
                                        --evidence: the evidenceHash 'tickets show' printed; refused
                                        when the ticket changed since (new mail merged in)
  tickets reject REF --agent E --reason TEXT
  tickets retry-reset REF --agent E --totp CODE
                                        an external reset that needs attention, tried again (same
                                        idempotency key) once its cause is fixed
  tickets review-reset REF --agent E --totp CODE
                                        back to review with the directory's current profile
  quarantine list [--held] [--json]     messages quarantined, with their reason; --held: throttled,
                                        duplicate and replayed requests, read but not acted on
  quarantine replay ID [ID…] [--json]   send quarantined messages through the pipeline again
  secrets rotate [--json]               re-seal every TOTP secret with the current SECRETS_KEY
  audit verify [--json]                 check the hash chain of the audit log; names the first broken row
  directory check EMAIL [--json]        what the account directory (ACCOUNT_DIRECTORY) answers, changing nothing
  doctor [--json]                       check every configured service, with the fix for each failure

Configuration comes from the environment: see .env.example.`;

const OPTIONS = {
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  held: { type: 'boolean' },
  wait: { type: 'boolean' },
  serve: { type: 'boolean' },
  status: { type: 'string' },
  agent: { type: 'string' },
  totp: { type: 'string' },
  reason: { type: 'string' },
  evidence: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string', default: 'agent' },
  'password-stdin': { type: 'boolean' },
  'totp-secret': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** parseArgs' own message says nothing of the options there are: point to them. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw error;
    const option = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    throw new UsageError(
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `unknown option ${option ?? ''}: see 'recovery-desk --help' for each command's options`
        : `${(error as Error).message}: see 'recovery-desk --help'`,
    );
  }
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, sub, arg] = positionals;
  const needs = (value: string | undefined, what: string) => {
    if (!value) throw new UsageError(`${what} is required\n\n${USAGE}`);
    return value;
  };
  if (values.help || !command || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  switch (command) {
    case 'migrate': {
      const cfg = loadConfig(process.env);
      await (await import('./adapters/db/migrate.ts')).migrateDatabase(cfg.DATABASE_URL);
      process.stderr.write(`migrations applied to ${new URL(cfg.DATABASE_URL).pathname.slice(1)}\n`);
      return;
    }
    case 'start':
    case 'worker':
    case 'web':
      refuseDevelopmentKeys(loadConfig(process.env)); // before loading the service (SPEC §6 rule 17)
      return (await import('./cli/serve.ts')).serve(command);
    case 'doctor':
      return (await import('./cli/doctor.ts')).doctorCommand(process.env, Boolean(values.json));
    case 'demo':
      return (await import('./cli/demo.ts')).demoCommand(process.env, { serve: Boolean(values.serve) });
    case 'ingest':
      return (await import('./cli/ingest.ts')).ingestCommand(needs(sub, 'FILE (or - for standard input)'), {
        wait: Boolean(values.wait),
        json: Boolean(values.json),
      });
    case 'inspect':
      return (await import('./cli/inspect.ts')).inspectCommand(needs(sub, 'FILE'), { explain: Boolean(values.explain) });
    case 'accounts':
      if (sub === 'import') return (await accounts()).accountsImport(needs(arg, 'FILE.json'));
      if (sub === 'show') return (await accounts()).accountsShow(needs(arg, 'EMAIL'), Boolean(values.json));
      break;
    case 'agents':
      if (sub === 'code') return (await import('./cli/agents-code.ts')).agentsCode(needs(values.email, '--email'), Boolean(values.json));
      if (sub === 'unlock') return (await import('./cli/agents.ts')).agentsUnlock(needs(values.email, '--email'), Boolean(values.json));
      if (sub === 'create') {
        return (await import('./cli/agents.ts')).agentsCreate({
          email: needs(values.email, '--email'),
          name: needs(values.name, '--name'),
          role: values.role,
          passwordStdin: Boolean(values['password-stdin']),
          totpSecret: values['totp-secret'],
          json: Boolean(values.json),
        });
      }
      break;
    case 'secrets':
      if (sub === 'rotate') return (await import('./cli/secrets.ts')).secretsRotate(Boolean(values.json));
      break;
    case 'audit':
      if (sub === 'verify') return (await import('./cli/audit.ts')).auditVerify(Boolean(values.json));
      break;
    case 'directory':
      if (sub === 'check') return (await import('./cli/directory.ts')).directoryCheck(needs(arg, 'EMAIL'), Boolean(values.json));
      break;
    case 'quarantine':
      if (sub === 'list') return (await quarantine()).quarantineList(Boolean(values.json), Boolean(values.held));
      if (sub === 'replay') return (await quarantine()).quarantineReplay(positionals.slice(2), Boolean(values.json));
      break;
    case 'tickets':
      if (sub === 'list') return (await tickets()).ticketsList(values.status, Boolean(values.json));
      if (sub === 'show') return (await tickets()).ticketsShow(needs(arg, 'REF'), Boolean(values.json));
      if (sub === 'approve') return (await tickets()).ticketsApprove(needs(arg, 'REF'), values);
      if (sub === 'reject') return (await tickets()).ticketsReject(needs(arg, 'REF'), values);
      if (sub === 'retry-reset') return (await tickets()).ticketsResolveReset(needs(arg, 'REF'), 'retry', values);
      if (sub === 'review-reset') return (await tickets()).ticketsResolveReset(needs(arg, 'REF'), 'review', values);
      break;
  }
  throw new UsageError(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error & { code?: string }) => {
    const known = isKnownError(error);
    // Never the stack of a query error: its message holds the query's parameters (mail, tokens).
    process.stderr.write(`recovery-desk: ${known ? error.message : safeErrorMessage(error)}\n`);
    const state = sqlState(error);
    if (state === '42P01' || state === '42703' || state === '3D000')
      process.stderr.write("the database schema is missing or older than this version: run 'recovery-desk migrate'\n");
    if (error.code === 'EADDRINUSE')
      process.stderr.write('another process listens on that port: stop it, or set HTTP_PORT (METRICS_PORT for a worker) to a free port, e.g. HTTP_PORT=8081\n');
    if (error.code === 'ECONNREFUSED' || (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED')
      process.stderr.write('is PostgreSQL/Redis running? check DATABASE_URL and REDIS_URL\n');
    if (process.env.DEBUG_STACK === '1' && !known) process.stderr.write(`${error.stack}\n`);
    process.exit(known ? 2 : 1);
  },
);
