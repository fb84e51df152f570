import { readFile } from 'node:fs/promises';
import { loadConfig, refuseDevelopmentKeys, type Config } from '../config.ts';
import { createApp, createLogger, type App } from '../main.ts';

import { terminalJson } from './terminal.ts';
import { UsageError } from './usage-error.ts';

export { UsageError };

export function printJson(value: unknown): void {
  process.stdout.write(`${terminalJson(JSON.stringify(value, null, 2))}\n`);
}

export function config(): Config {
  return loadConfig(process.env);
}

/**
 * The configuration of a command that runs the service or seals secrets: refused on the
 * published development keys unless RECOVERY_DESK_ENV=development (SPEC §6 rule 17).
 */
export function productionConfig(cfg: Config = config()): Config {
  refuseDevelopmentKeys(cfg);
  return cfg;
}

/** Runs a command body with the app built, and always closes it. */
export async function withApp<T>(body: (app: App) => Promise<T>, cfg: Config = config()): Promise<T> {
  const app = createApp(cfg, createLogger(cfg));
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

export async function readInput(file: string): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  return readFile(file).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'a directory: give one message file (.eml)' : error.message;
    throw new UsageError(`cannot read ${file}: ${why}`);
  });
}

export function required(value: string | undefined, flag: string): string {
  if (!value || !value.trim()) throw new UsageError(`${flag} is required`);
  return value.trim();
}
