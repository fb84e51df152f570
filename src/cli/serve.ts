import { buildHttpApp } from '../adapters/http/app.ts';
import { connectRedis } from '../adapters/queue/connection.ts';
import { createApp, createLogger, startWorker } from '../main.ts';
import { config } from './common.ts';

/** start / worker / web: runs until SIGTERM or SIGINT, then stops gracefully. */
export async function serve(what: 'start' | 'worker' | 'web'): Promise<void> {
  const cfg = config();
  const log = createLogger(cfg);
  const app = createApp(cfg, log);
  const running = what === 'web' ? null : startWorker(app);
  const probe = connectRedis(cfg.REDIS_URL, 'recovery-desk:health');
  const http =
    what === 'worker'
      ? null
      : await buildHttpApp(app.deps, {
          ready: async () => ({
            postgres: await app.database.sql`select 1`.then(() => true, () => false),
            redis: await probe.ping().then((pong) => pong === 'PONG', () => false),
          }),
        });
  if (http) {
    await http.listen({ port: cfg.HTTP_PORT, host: cfg.HTTP_HOST });
    log.info({ url: `http://${cfg.HTTP_HOST}:${cfg.HTTP_PORT}` }, 'web listening');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info('shutting down');
  await http?.close();
  await running?.stop();
  probe.disconnect();
  await app.close();
}
