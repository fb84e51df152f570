// Composition root: the only place that builds adapters and wires them into the steps.
import { readFileSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { redactingChildren, redaction } from './adapters/log-redaction.ts';
import { companyNames, ConfigError, refuseDevelopmentKeys, splitList, type Config } from './config.ts';
import type { DnsResolver } from './adapters/auth/sender-auth.ts';
import { connectDatabase, type Database } from './adapters/db/client.ts';
import { createDirectory } from './adapters/directory/index.ts';
import type { AccountDirectory } from './core/directory.ts';
import { safeErrorMessage } from './adapters/db/errors.ts';
import { sealEvents } from './adapters/db/events.repository.ts';
import { createSecretBox, hmacHex } from './adapters/crypto/secrets.ts';
import { getCursor, setCursor } from './adapters/db/cursors.repository.ts';
import { markServerActionsDone, pendingServerActions, storedUidsOf } from './adapters/db/messages.repository.ts';
import { parseImapUrl, startMailboxReader, type MailboxReader } from './adapters/imap/mailbox-reader.ts';
import type { InspectContext, Inspection } from './adapters/mail/inspect.ts';
import { createInspectPool } from './adapters/mail/inspect-pool.ts';
import { createDnsCache } from './adapters/auth/dns-cache.ts';
import { systemLookup } from './adapters/auth/dns-wire.ts';
import { connectRedis } from './adapters/queue/connection.ts';
import { createLock } from './adapters/queue/lock.ts';
import { createQueues, type Queues } from './adapters/queue/queues.ts';
import { startWorkers, type JobContext, type Workers } from './adapters/queue/workers.ts';
import { jobMetrics } from './adapters/metrics/job-metrics.ts';
import { createMetrics, type Metrics } from './adapters/metrics/metrics.ts';
import { createTokenProvider } from './adapters/imap/oauth2.ts';
import { sweepUnfinished, type SweepResult } from './steps/sweep-unfinished.ts';
import { createMailer, type Mailer } from './adapters/smtp/mailer.ts';
import type { Deps } from './steps/deps.ts';
import { notifyAgents } from './steps/notify-agents.ts';
import { processMessageAttempt } from './steps/process-message-attempt.ts';
import { processBatch } from './steps/process-batch.ts';
import { runDueReset } from './steps/reset-2fa.ts';
import { runDirectoryReset } from './steps/directory-reset.ts';
import { sendReply } from './steps/send-reply.ts';
import { storeMessages } from './steps/store-message.ts';
import { supportDomain } from './steps/queue-reply.ts';

export function createLogger(config: Config, destination?: pino.DestinationStream): Logger {
  return redactingChildren(
    pino(
      {
        level: config.LOG_LEVEL,
        base: { service: 'recovery-desk' },
        // pino's `redact` option, done once per line (its paths and rule in log-redaction.ts)
        ...redaction,
      },
      destination ?? pino.destination(2),
    ),
  );
}

export interface App {
  deps: Deps;
  database: Database;
  queues: Queues;
  mailer: Mailer;
  metrics: Metrics;
  /** Loads the inspection threads now (a no-op without them): a worker does it before taking jobs. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

const noDns: DnsResolver = async (name) => {
  throw Object.assign(new Error(`${name}: DNS is off (SENDER_AUTH_DNS=off)`), { code: 'ENOTFOUND' });
};

export interface AppOptions {
  /** DNS for sender authentication (tests pass an offline one); node:dns when absent. */
  resolver?: DnsResolver;
  now?: () => Date;
  /** The account directory; built from ACCOUNT_DIRECTORY when absent. */
  directory?: AccountDirectory;
  /** Sees the text of every statement sent to PostgreSQL (tests count them per message). */
  onStatement?: (query: string) => void;
}

function readDkimKey(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(
      `DKIM_PRIVATE_KEY_FILE: cannot read ${file} (${code}): point it at a PEM private key readable by this user (in a container, mount it), or unset it to send replies unsigned`,
    );
  }
}

/** Builds the adapters every command needs: database, queues, mailer, steps' dependencies. */
export function createApp(config: Config, log: Logger = createLogger(config), options: AppOptions = {}): App {
  // Read first: a missing key file names its variable before any connection is opened.
  const dkim = config.DKIM_PRIVATE_KEY_FILE
    ? {
        domainName: config.SUPPORT_ADDRESS.split('@')[1] ?? '',
        keySelector: config.DKIM_SELECTOR,
        privateKey: readDkimKey(config.DKIM_PRIVATE_KEY_FILE),
      }
    : undefined;
  const database = connectDatabase(config.DATABASE_URL, options.onStatement ? { onStatement: options.onStatement } : {});
  const redis = connectRedis(config.REDIS_URL, 'recovery-desk:queues');
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, outboxDir: config.MAIL_OUTBOX_DIR, dkim });
  const secrets = createSecretBox({ ...config.SECRETS_PREVIOUS_KEYS, [config.SECRETS_KEY_ID]: config.SECRETS_KEY }, config.SECRETS_KEY_ID);
  const ourDomains = [config.SUPPORT_ADDRESS.split('@')[1] ?? ''];
  // node:dns keeps nothing: one cache per process (TTL-bound, negative answers too) answers
  // this thread and the inspection threads.
  const dnsCache = options.resolver || config.SENDER_AUTH_DNS === 'off' ? null : createDnsCache(systemLookup);
  const resolver = options.resolver ?? (config.SENDER_AUTH_DNS === 'off' ? noDns : dnsCache!.resolve);
  const supportAddresses = [config.SUPPORT_ADDRESS, ...config.SUPPORT_ALIASES];
  // A reply to one of our mails is known by the Message-ID we signed, never by a ticket reference in its text.
  const ourMessageIds = { domain: config.SUPPORT_ADDRESS.split('@')[1]?.toLowerCase() ?? 'localhost', hmacKey: config.MESSAGE_HMAC_KEY };
  // The parsers and mailauth load when first used: with inspection threads the main thread
  // never uses them (they load in each thread), and they would hold tens of MB here for nothing.
  const parse = async (raw: Buffer) => (await import('./adapters/mail/parse.ts')).parseMessage(raw);
  const authenticate = async (raw: Buffer, context: InspectContext = {}) =>
    (await import('./adapters/auth/sender-auth.ts')).authenticateSender(raw, {
      trustedAuthservIds: config.TRUSTED_AUTHSERV_IDS,
      trustedReceivedBy: config.TRUSTED_RECEIVED_BY,
      ourDomains,
      maxAgeMs: config.DKIM_MAX_AGE,
      supportAddresses,
      ...(context.receivedAt ? { receivedAt: context.receivedAt } : {}),
      resolver,
    });
  // A resolver function cannot cross into a thread: with one (tests), inspection stays here.
  const pool =
    config.INSPECT_THREADS > 0 && !options.resolver
      ? createInspectPool({
          size: config.INSPECT_THREADS,
          timeoutMs: config.JOB_TIMEOUT,
          ...(dnsCache ? { resolver: dnsCache.resolve } : {}),
          settings: {
            trustedAuthservIds: config.TRUSTED_AUTHSERV_IDS,
            trustedReceivedBy: config.TRUSTED_RECEIVED_BY,
            ourDomains,
            dnsOff: config.SENDER_AUTH_DNS === 'off',
            maxAgeMs: config.DKIM_MAX_AGE,
            supportAddresses,
            companyNames: companyNames(config),
            ourMessageIds,
          },
        })
      : null;
  let inProcess: Promise<(raw: Buffer, context?: InspectContext) => Promise<Inspection>> | null = null;
  const inspectHere = async (raw: Buffer, context?: InspectContext) => {
    inProcess ??= import('./adapters/mail/inspect.ts').then((m) =>
      m.inspectInProcess(parse, authenticate, config.JOB_TIMEOUT, { companyNames: companyNames(config), onlyActedOn: true, ourMessageIds }),
    );
    return (await inProcess)(raw, context);
  };
  const directory = options.directory ?? createDirectory(config, () => database.db);
  const deps: Deps = {
    db: database.db,
    config,
    log,
    jobs: queues,
    secrets,
    directory,
    parse,
    authenticate,
    inspect: pool ? (raw, context) => pool.inspect(raw, context) : inspectHere,
    sendMail: (mail) => mailer.send(mail),
    sign: (data) => hmacHex(config.MESSAGE_HMAC_KEY, data),
    now: options.now ?? (() => new Date()),
  };
  const metrics = createMetrics({ db: database.db, queues: () => queues.byName });
  return {
    deps,
    database,
    queues,
    mailer,
    metrics,
    async warmUp() {
      await pool?.warmUp();
    },
    async close() {
      await pool?.close();
      await queues.close();
      redis.disconnect();
      mailer.close();
      await directory.close();
      await database.close();
    },
  };
}

export interface Running {
  workers: Workers;
  readers: MailboxReader[];
  /** The first reader, or null when no mailbox is configured. */
  reader: MailboxReader | null;
  sweep(): Promise<SweepResult>;
  stop(): Promise<void>;
}

export function oauth2(config: Config) {
  if (!config.IMAP_OAUTH2_TOKEN_URL || !config.IMAP_OAUTH2_CLIENT_ID || !config.IMAP_OAUTH2_REFRESH_TOKEN) return undefined;
  const provider = createTokenProvider({
    tokenUrl: config.IMAP_OAUTH2_TOKEN_URL,
    clientId: config.IMAP_OAUTH2_CLIENT_ID,
    clientSecret: config.IMAP_OAUTH2_CLIENT_SECRET,
    refreshToken: config.IMAP_OAUTH2_REFRESH_TOKEN,
    scope: config.IMAP_OAUTH2_SCOPE,
  });
  return provider;
}

/** Starts the queue workers, one mailbox reader per IMAP_URL, and the periodic sweeper. */
export function startWorker(app: App): Running {
  const { deps, metrics } = app;
  const { config, log } = deps;
  // SPEC §6 rule 17 wherever the workers run, not only in `start` and `worker`: `tickets approve`,
  // `tickets reject` and `ingest --wait` run them in their own process when none is running.
  refuseDevelopmentKeys(config);
  const connection = connectRedis(config.REDIS_URL, 'recovery-desk:workers');
  const observe = jobMetrics(metrics);
  const jobDeps = (job: JobContext): Deps => ({ ...deps, log: log.child({ jobId: job.id }) });
  const workers = startWorkers({
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    log,
    onRun: (run) => metrics.jobs.inc(run),
    // One line each: retry and "not due yet" belong to the queue, the rest to the step.
    handlers: {
      'process-message': ({ messageId }, job) => processMessageAttempt(jobDeps(job), messageId, job).then(observe.processed),
      'process-messages': ({ messageIds }, job) =>
        processBatch(jobDeps(job), messageIds).then(async ({ outcomes, handedOff }) => {
          for (const outcome of outcomes.values()) await observe.processed(outcome);
          return { processed: outcomes.size, handedOff };
        }),
      'send-reply': ({ outboxId }, job) => sendReply(jobDeps(job), outboxId).then(observe.replied, observe.replyFailed),
      'reset-2fa': ({ ticketId }, job) => runDueReset(jobDeps(job), ticketId),
      'directory-reset': ({ operationId }, job) => runDirectoryReset(jobDeps(job), operationId),
      'notify-agents': (payload, job) => notifyAgents(jobDeps(job), payload),
    },
  });

  const readerRedis = connectRedis(config.REDIS_URL, 'recovery-desk:locks');
  const tokens = oauth2(config);
  const accessToken = tokens ? () => tokens.get() : undefined;
  const readers = splitList(config.IMAP_URL ?? '').map((imapUrl) => {
    const target = parseImapUrl(imapUrl);
    return startMailboxReader({
      imapUrl,
      processedAction: config.IMAP_PROCESSED_ACTION,
      processedFolder: config.IMAP_PROCESSED_FOLDER,
      pollIntervalMs: config.IMAP_POLL_INTERVAL,
      start: config.IMAP_START,
      reconcileIntervalMs: config.IMAP_RECONCILE_INTERVAL,
      log,
      lock: createLock(readerRedis, `${config.QUEUE_PREFIX}:reader:${target.id}`, 30_000),
      accessToken,
      store: async (mailbox, uidValidity, arrivals) => {
        await storeMessages(
          deps,
          arrivals.map((a) => ({
            raw: a.raw,
            source: 'imap' as const,
            mailbox,
            uidValidity,
            uid: a.uid,
            arrivedAt: a.arrivedAt,
            appearedAfter: a.appearedAfter,
          })),
        );
      },
      getCursor: (mailbox) => getCursor(deps.db, mailbox),
      setCursor: (mailbox, cursor) => setCursor(deps.db, mailbox, cursor),
      pendingActions: (mailbox, uidValidity) => pendingServerActions(deps.db, mailbox, uidValidity),
      actionsDone: (ids) => markServerActionsDone(deps.db, ids, deps.now()),
      storedUids: (mailbox, uidValidity, uids) => storedUidsOf(deps.db, mailbox, uidValidity, uids),
      onReconnect: () => metrics.imapReconnects.inc({ mailbox: target.id }),
      onAuthFailure: (error) => {
        tokens?.invalidate(); // a refused token is not offered again: the next session refreshes
        metrics.imapAuthFailures.inc({ mailbox: target.id });
        log.error({ mailbox: target.id, err: error.message }, 'mailbox authentication failed: check the credentials or the OAuth2 refresh token');
      },
    });
  });

  // One sweeper at a time across all worker processes; every process may take the turn.
  const sweepLock = createLock(readerRedis, `${config.QUEUE_PREFIX}:sweeper`, Math.max(config.SWEEP_INTERVAL, 30_000));
  const sweep = async (): Promise<SweepResult> => {
    const result = await sweepUnfinished(deps, { graceMs: Math.max(config.SWEEP_INTERVAL, 30_000), retentionDays: config.RETENTION_DAYS });
    metrics.sweeps.inc({ what: 'messages' }, result.messages);
    metrics.sweeps.inc({ what: 'replies' }, result.replies);
    metrics.sweeps.inc({ what: 'resets' }, result.resets);
    return result;
  };
  const sweeping = setInterval(() => {
    void sweepLock
      .acquire()
      .then((mine) => (mine ? sweep() : null))
      .catch((error: Error) => log.warn({ err: safeErrorMessage(error) }, 'sweep failed; retrying at the next interval'));
  }, config.SWEEP_INTERVAL);
  sweeping.unref();
  // The audit chain is sealed shortly after events commit (writers never wait for it).
  const sealing = startSealer(deps);

  log.info({ mailboxes: readers.map((r) => r.id), domain: supportDomain(deps) }, 'worker started');
  return {
    workers,
    readers,
    reader: readers[0] ?? null,
    sweep,
    async stop() {
      clearInterval(sweeping);
      await sealing.stop();
      await Promise.all(readers.map((reader) => reader.stop()));
      await workers.close();
      connection.disconnect();
      readerRedis.disconnect();
    },
  };
}

/** Seals the audit chain every second; one process at a time does the work (advisory lock). */
export function startSealer(deps: Pick<Deps, 'db' | 'log'>, intervalMs = 1000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  // After a tick that sealed rows the next one skips the idle probe (one statement fewer per busy second).
  let busy = false;
  const timer = setInterval(() => {
    running = sealEvents(deps.db, { probe: !busy }).then(
      (sealed) => {
        busy = sealed > 0;
      },
      (error: unknown) => {
        busy = false;
        deps.log.warn({ err: safeErrorMessage(error) }, 'sealing the audit log failed; retrying');
      },
    );
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await sealEvents(deps.db).catch(() => undefined);
    },
  };
}
