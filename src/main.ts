// Composition root: the only place that builds adapters and wires them into the steps.
import { readFileSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { authenticateSender, type DnsResolver } from './adapters/auth/sender-auth.ts';
import { connectDatabase, type Database } from './adapters/db/client.ts';
import { createSecretBox, hmacHex } from './adapters/crypto/secrets.ts';
import { getCursor, setCursor } from './adapters/db/cursors.repository.ts';
import { finishMessage, markServerActionsDone, pendingServerActions } from './adapters/db/messages.repository.ts';
import { startMailboxReader, type MailboxReader } from './adapters/imap/mailbox-reader.ts';
import { parseMessage } from './adapters/mail/parse.ts';
import { connectRedis } from './adapters/queue/connection.ts';
import { JOBS } from './adapters/queue/jobs.ts';
import { createLock } from './adapters/queue/lock.ts';
import { createQueues, type Queues } from './adapters/queue/queues.ts';
import { startWorkers, type Workers } from './adapters/queue/workers.ts';
import { createMailer, type Mailer } from './adapters/smtp/mailer.ts';
import type { Deps } from './steps/deps.ts';
import { processMessage } from './steps/process-message.ts';
import { runDueReset } from './steps/reset-2fa.ts';
import { sendReply } from './steps/send-reply.ts';
import { storeMessages } from './steps/store-message.ts';
import { supportDomain } from './steps/queue-reply.ts';

export function createLogger(config: Config, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: 'recovery-desk' },
      redact: { paths: ['*.totpSecret', '*.password', '*.token', '*.code', '*.raw', '*.body', '*.text', 'totpSecret', 'password', 'token', 'code'], censor: '[redacted]' },
    },
    destination ?? pino.destination(2),
  );
}

export interface App {
  deps: Deps;
  database: Database;
  queues: Queues;
  mailer: Mailer;
  close(): Promise<void>;
}

export interface AppOptions {
  /** DNS for sender authentication (tests pass an offline one); node:dns when absent. */
  resolver?: DnsResolver;
  now?: () => Date;
}

/** Builds the adapters every command needs: database, queues, mailer, steps' dependencies. */
export function createApp(config: Config, log: Logger = createLogger(config), options: AppOptions = {}): App {
  const database = connectDatabase(config.DATABASE_URL);
  const redis = connectRedis(config.REDIS_URL, 'recovery-desk:queues');
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  const dkim = config.DKIM_PRIVATE_KEY_FILE
    ? { domainName: config.SUPPORT_ADDRESS.split('@')[1] ?? '', keySelector: config.DKIM_SELECTOR, privateKey: readFileSync(config.DKIM_PRIVATE_KEY_FILE, 'utf8') }
    : undefined;
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, outboxDir: config.MAIL_OUTBOX_DIR, dkim });
  const secrets = createSecretBox({ [config.SECRETS_KEY_ID]: config.SECRETS_KEY }, config.SECRETS_KEY_ID);
  const ourDomains = [config.SUPPORT_ADDRESS.split('@')[1] ?? ''];
  const deps: Deps = {
    db: database.db,
    config,
    log,
    jobs: queues,
    secrets,
    parse: parseMessage,
    authenticate: (raw) =>
      authenticateSender(raw, { trustedAuthservIds: config.TRUSTED_AUTHSERV_IDS, ourDomains, ...(options.resolver ? { resolver: options.resolver } : {}) }),
    sendMail: (mail) => mailer.send(mail),
    sign: (data) => hmacHex(config.MESSAGE_HMAC_KEY, data),
    now: options.now ?? (() => new Date()),
  };
  return {
    deps,
    database,
    queues,
    mailer,
    async close() {
      await queues.close();
      redis.disconnect();
      mailer.close();
      await database.close();
    },
  };
}

export interface Running {
  workers: Workers;
  reader: MailboxReader | null;
  stop(): Promise<void>;
}

/** Starts the queue workers and, when IMAP_URL is set, the mailbox reader. */
export function startWorker(app: App): Running {
  const { deps } = app;
  const { config, log } = deps;
  const connection = connectRedis(config.REDIS_URL, 'recovery-desk:workers');
  const workers = startWorkers({
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    log,
    handlers: {
      'process-message': async ({ messageId }, job) => {
        try {
          return await processMessage(deps, messageId);
        } catch (error) {
          // The last attempt failed: the message is quarantined, never lost.
          if (job.attemptsMade + 1 >= JOBS['process-message'].attempts) {
            const code = (error as { code?: string }).code ?? 'processing_failed';
            await finishMessage(deps.db, messageId, { outcome: 'quarantined', kind: null, reason: code === 'message.already_processed' ? code : 'processing_failed', ticketId: null, fromAddress: null, analysis: null, auth: null, serverAction: false }, deps.now());
            log.error({ messageId, err: (error as Error).message }, 'message quarantined after repeated failures');
            return { outcome: 'quarantined' };
          }
          throw error;
        }
      },
      'send-reply': ({ outboxId }) => sendReply(deps, outboxId),
      'reset-2fa': async ({ ticketId }) => {
        const result = await runDueReset(deps, ticketId);
        if (result.result === 'not_due' && result.delayMs) await app.queues.byName.get('resets')?.add('reset-2fa', { ticketId }, { delay: result.delayMs, jobId: `reset-${ticketId}-${Date.now()}` });
        return result;
      },
    },
  });
  let reader: MailboxReader | null = null;
  let readerRedis: ReturnType<typeof connectRedis> | null = null;
  if (config.IMAP_URL) {
    readerRedis = connectRedis(config.REDIS_URL, 'recovery-desk:reader');
    const id = new URL(config.IMAP_URL);
    reader = startMailboxReader({
      imapUrl: config.IMAP_URL,
      processedAction: config.IMAP_PROCESSED_ACTION,
      processedFolder: config.IMAP_PROCESSED_FOLDER,
      pollIntervalMs: config.IMAP_POLL_INTERVAL,
      log,
      lock: createLock(readerRedis, `${config.QUEUE_PREFIX}:reader:${decodeURIComponent(id.username)}@${id.host}${id.pathname}`, 30_000),
      store: async (mailbox, uidValidity, arrivals) => {
        await storeMessages(deps, arrivals.map((a) => ({ raw: a.raw, source: 'imap' as const, mailbox, uidValidity, uid: a.uid })));
      },
      getCursor: (mailbox) => getCursor(deps.db, mailbox),
      setCursor: (mailbox, uidValidity, lastUid) => setCursor(deps.db, mailbox, uidValidity, lastUid),
      pendingActions: (mailbox, uidValidity) => pendingServerActions(deps.db, mailbox, uidValidity),
      actionsDone: (ids) => markServerActionsDone(deps.db, ids, deps.now()),
    });
  }
  log.info({ mailbox: reader?.id ?? null, domain: supportDomain(deps) }, 'worker started');
  return {
    workers,
    reader,
    async stop() {
      await reader?.stop();
      await workers.close();
      connection.disconnect();
      readerRedis?.disconnect();
    },
  };
}
