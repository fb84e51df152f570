// `recovery-desk demo`: a whole run on the demo mail in fixtures/, on the real services.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.ts';
import { migrateDatabase } from '../adapters/db/migrate.ts';
import { totpCode, totpUri } from '../adapters/totp/totp.ts';
import { createApp, createLogger, startWorker } from '../main.ts';
import { approveTicket } from '../steps/approve-ticket.ts';
import { confirmByToken } from '../steps/confirm-ticket.ts';
import { storeMessages } from '../steps/store-message.ts';
import { ticketDetail, ticketList } from '../steps/ticket-view.ts';
import { accountsImport, accountsShow } from './accounts.ts';
import { agentsCreate } from './agents.ts';
import { demoNextSteps } from './demo-next-steps.ts';
import { drainOutbound, waitForOutcome, type IngestResult } from './ingest.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const offlineResolver = async (name: string): Promise<never> => {
  throw Object.assign(new Error(`${name}: no DNS in the demo`), { code: 'ENOTFOUND' });
};
// Published development credentials: the demo database runs on the development keys only.
const DEMO_AGENT = { email: 'agent@bpart.be', password: 'demo-agent-password', totpSecret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' };

/** Where the demo's console answers on this machine (HTTP_HOST 0.0.0.0 is reached on 127.0.0.1). */
export function demoConsoleUrl(env: Record<string, string | undefined>): string {
  const host = env.HTTP_HOST && env.HTTP_HOST !== '0.0.0.0' ? env.HTTP_HOST : '127.0.0.1';
  return `http://${host}:${env.HTTP_PORT || '8080'}`;
}

/** The demo's configuration: the caller's environment with the demo's own services and settings. */
export function demoEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    ...env,
    // The links in the demo's replies open the demo's own console, on whatever HTTP_PORT it runs.
    PUBLIC_URL: demoConsoleUrl(env),
    DATABASE_URL: env.DEMO_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/recovery_desk_demo',
    QUEUE_PREFIX: 'rd-demo',
    IMAP_URL: undefined,
    SMTP_URL: undefined,
    MAIL_OUTBOX_DIR: path.join(ROOT, 'var/demo-outbox'),
    TRUSTED_AUTHSERV_IDS: 'mx.bpart.be',
    SUPPORT_ADDRESS: 'support@bpart.be',
    RECOVERY_CHALLENGE: 'link',
    RECOVERY_CANCEL_WINDOW: '0',
    // The demo mail was written in March 2026 and is replayed on purpose: judged by the
    // default DKIM_MAX_AGE (7d) it would all be signature_too_old.
    DKIM_MAX_AGE: '3650d',
    LOG_LEVEL: 'warn',
    // the demo's own database on the documented development keys (SPEC §6 rule 17)
    RECOVERY_DESK_ENV: 'development',
  };
}

async function resetDemoState(databaseUrl: string, redisUrl: string, prefix: string, outboxDir: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  await rm(outboxDir, { recursive: true, force: true });
}

function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Prints the console's address once it answers, while `serve` keeps the process running. */
async function announceWhenUp(url: string, lines: string[]): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      for (const text of lines) line(text);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `env`: the environment the demo starts from; its configuration is passed on as a value. */
export async function demoCommand(env: Record<string, string | undefined>, options: { serve: boolean } = { serve: false }): Promise<void> {
  const cfg = loadConfig(demoEnv(env));
  await resetDemoState(cfg.DATABASE_URL, cfg.REDIS_URL, cfg.QUEUE_PREFIX, cfg.MAIL_OUTBOX_DIR);
  await migrateDatabase(cfg.DATABASE_URL);
  await accountsImport(path.join(ROOT, 'fixtures/accounts.json'), cfg);
  const quiet = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write; // agent creation prints secrets; the demo shows its own summary
  await agentsCreate(
    {
      email: DEMO_AGENT.email,
      name: 'Demo Agent',
      role: 'admin',
      passwordStdin: false,
      password: DEMO_AGENT.password,
      totpSecret: DEMO_AGENT.totpSecret,
      json: true,
    },
    cfg,
  ).finally(() => {
    process.stdout.write = quiet;
  });

  // The demo mail was verified by mx.bpart.be (its Authentication-Results header is trusted);
  // the demo does no DNS of its own, so it runs on a machine without network.
  const app = createApp(cfg, createLogger(cfg), { resolver: offlineResolver });
  const worker = startWorker(app);
  let readyRef: string | undefined;
  try {
    const dir = path.join(ROOT, 'fixtures/emails');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
    line(`recovery-desk demo: ${files.length} messages from fixtures/emails through PostgreSQL, Redis and the BullMQ workers\n`);
    const results: { file: string; result: IngestResult }[] = [];
    const stored = await storeMessages(
      app.deps,
      await Promise.all(files.map(async (f) => ({ raw: await readFile(path.join(dir, f)), source: 'ingest' as const }))),
    );
    for (const [index, row] of stored.entries()) results.push({ file: files[index] ?? '', result: await waitForOutcome(app, row.id, 60_000) });
    await drainOutbound(app, 30_000);
    const width = Math.max(...files.map((f) => f.length));
    for (const { file, result } of results)
      line(`  ${file.padEnd(width)}  ${result.status.padEnd(14)} ${(result.kind ?? '').padEnd(17)} ${result.ticketRef ?? ''} ${result.reason ?? ''}`);

    // The holder of a complete, authenticated request clicks the confirmation link in its acknowledgement.
    const confirm = async (ref: string): Promise<void> => {
      for (const name of await readdir(cfg.MAIL_OUTBOX_DIR)) {
        const text = await readFile(path.join(cfg.MAIL_OUTBOX_DIR, name), 'utf8');
        const token = text.includes(ref) ? /\/r\/confirm\/([A-Za-z0-9_-]+)/.exec(text.replace(/=\r?\n/g, ''))?.[1] : undefined;
        if (token) await confirmByToken(app.deps, token);
      }
    };
    // One is approved by the demo agent; a second is left ready for review, to approve in the console.
    const [chosen, second] = await ticketList(app.deps, 'waiting_confirmation');
    if (chosen) {
      await confirm(chosen.ref);
      line(`\n${chosen.ref}: the account holder clicked the confirmation link in the acknowledgement`);
      const approval = await approveTicket(app.deps, { ref: chosen.ref, agentEmail: DEMO_AGENT.email, totpCode: await totpCode(DEMO_AGENT.totpSecret) });
      line(`${chosen.ref}: approved by ${DEMO_AGENT.email} with a fresh TOTP code → ${approval.status} (RECOVERY_CANCEL_WINDOW=0 in the demo; 24h by default)`);
      await drainOutbound(app, 30_000);
    }
    if (second) {
      await confirm(second.ref);
      readyRef = second.ref;
      line(`${second.ref}: the account holder clicked the confirmation link too → ready for review, left for you to approve in the console`);
    }

    line('\nTickets:');
    const tickets = await ticketList(app.deps);
    const emailWidth = Math.max(...tickets.map((t) => (t.accountEmail ?? t.senderAddress).length));
    for (const t of tickets) {
      line(
        `  ${t.ref}  ${t.status.padEnd(20)} ${(t.accountEmail ?? t.senderAddress).padEnd(emailWidth)}  ${t.language ?? '--'}  auth=${t.senderAuthenticated ? 'yes' : 'no '}  missing: ${t.missing.join(', ') || '-'}`,
      );
    }
    line(`\nReplies written to ${path.relative(process.cwd(), cfg.MAIL_OUTBOX_DIR) || cfg.MAIL_OUTBOX_DIR}/:`);
    for (const t of tickets) {
      const detail = await ticketDetail(app.deps, t.ref);
      for (const reply of detail?.replies ?? [])
        line(`  ${reply.status.padEnd(5)} ${reply.kind.padEnd(16)} → ${reply.to.padEnd(emailWidth)}  ${reply.subject}`);
    }
    if (chosen) {
      line(`\n2FA cleared for ${chosen.accountEmail}:`);
      await accountsShow(chosen.accountEmail ?? '', true, cfg);
    }
  } finally {
    await worker.stop();
    await app.close();
  }
  const consoleUrl = cfg.PUBLIC_URL.replace(/\/$/, '');
  const login = {
    consoleUrl,
    readyRef,
    databaseUrl: cfg.DATABASE_URL,
    agentEmail: DEMO_AGENT.email,
    agentPassword: DEMO_AGENT.password,
    totpSecret: DEMO_AGENT.totpSecret,
    otpauthUri: totpUri(DEMO_AGENT.totpSecret, DEMO_AGENT.email),
  };
  line();
  if (!options.serve) {
    for (const text of demoNextSteps(login, false)) line(text);
    return;
  }
  // The whole service (workers too, no mailbox) on the demo data, so an approval in the console runs.
  void announceWhenUp(consoleUrl, demoNextSteps(login, true));
  await (await import('./serve.ts')).serve('start', cfg);
}
