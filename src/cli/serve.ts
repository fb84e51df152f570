import type { Server } from 'node:http';
import { safeErrorMessage } from '../adapters/db/errors.ts';
import { buildHttpApp } from '../web/app.ts';
import { registerQueueDashboard } from '../web/queue-dashboard.ts';
import { registerPublicMetrics } from '../web/metrics-route.ts';
import { createReadiness, startOpsServer } from '../adapters/metrics/health.ts';
import { connectRedis } from '../adapters/queue/connection.ts';
import { splitList, type Config } from '../config.ts';
import { createApp, createLogger, oauth2, startSealer, startWorker } from '../main.ts';
import { productionConfig } from './common.ts';

/** start / worker / web: runs until SIGTERM or SIGINT, then stops gracefully. */
export async function serve(what: 'start' | 'worker' | 'web', cfg: Config = productionConfig()): Promise<void> {
  const log = createLogger(cfg);
  if (cfg.RECOVERY_DESK_ENV === 'development') log.warn('RECOVERY_DESK_ENV=development: development keys are allowed; never run production this way');
  const app = createApp(cfg, log);
  // The inspection threads load before the first job is taken: messages waiting at start-up are
  // not held behind ~1 s of module loading per thread, under their job locks.
  if (what !== 'web') await app.warmUp();
  const running = what === 'web' ? null : startWorker(app);
  const sealer = what === 'web' ? startSealer(app.deps) : null;
  // Fast recovery on start: whatever the database shows as unfinished is queued again.
  void running?.sweep().catch((error: Error) => log.warn({ err: safeErrorMessage(error) }, 'start-up sweep failed'));
  const webTokens = oauth2(cfg);
  const probe = connectRedis(cfg.REDIS_URL, 'recovery-desk:health');
  const ready = createReadiness({
    database: app.database,
    redis: probe,
    imapUrls: splitList(cfg.IMAP_URL ?? ''),
    readers: () => running?.readers ?? [],
    accessToken: webTokens ? () => webTokens.get() : undefined,
  });
  const http = what === 'worker' ? null : await buildHttpApp(app.deps, { ready });
  let ops: Server | null = null;
  if (http) {
    registerPublicMetrics(http, app.metrics, cfg.METRICS_TOKEN);
    await registerQueueDashboard(http, app.deps, [...app.queues.byName.values()]);
    await http.listen({ port: cfg.HTTP_PORT, host: cfg.HTTP_HOST });
    log.info({ url: `http://${cfg.HTTP_HOST}:${cfg.HTTP_PORT}` }, 'web listening');
  }
  // A worker-only container gives METRICS_PORT the value of HTTP_PORT (its health check's port): a console already
  // listens there, with its own /healthz and /readyz.
  if (cfg.METRICS_PORT !== undefined && !(http && cfg.METRICS_PORT === cfg.HTTP_PORT)) {
    ops = await startOpsServer(cfg.METRICS_PORT, cfg.HTTP_HOST, app.metrics, ready, cfg.METRICS_TOKEN);
    log.info({ port: cfg.METRICS_PORT }, 'metrics and health listening');
  } else if (http && !cfg.METRICS_TOKEN) {
    log.info("no /metrics on the public port without METRICS_TOKEN: set METRICS_PORT (an operators' port) or METRICS_TOKEN to scrape");
  }
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  // Graceful: stop reading mail, let running jobs finish (BullMQ hands back the others), close.
  log.info('shutting down');
  await http?.close();
  ops?.close();
  await running?.stop();
  await sealer?.stop();
  probe.disconnect();
  await app.close();
  log.info('stopped');
}
