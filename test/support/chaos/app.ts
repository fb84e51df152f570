// The test's own view of a recovery-desk installation whose workers run as child processes:
// the same environment the children get, and an in-process app (no workers) to seed and inspect.
import pino from 'pino';
import { loadConfig, type Config } from '../../../src/config.ts';
import { createApp, type App } from '../../../src/main.ts';
import { offlineResolver } from '../app.ts';
import { workerEnvironment } from './processes.ts';

export interface ChaosApp {
  app: App;
  config: Config;
  /** What a child worker gets in its environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export function createChaosApp(settings: Record<string, string | undefined>): ChaosApp {
  const env = workerEnvironment(settings);
  const config = loadConfig({ ...env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createApp(config, pino({ level: config.LOG_LEVEL }), { resolver: offlineResolver });
  let closed = false;
  return {
    app,
    config,
    env,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}
