// Runs the reference receiver (examples/directory-receiver/server.mjs) as the separate program it
// is, on 127.0.0.1 and a free port, with its test-only admin endpoints switched on.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../examples/directory-receiver/server.mjs', import.meta.url));

export interface SeedAccount {
  id: string;
  email: string;
  fullName?: string | null;
  organisations?: string[];
  totpEnabled?: boolean;
  version?: string;
}

export interface ReceiverState {
  resets: number;
  refused: number;
  accounts: (SeedAccount & { version: string })[];
}

export interface Receiver {
  /** Where the receiver listens, without its base path. */
  origin: string;
  /** DIRECTORY_HTTP_URL for it: the origin and its base path. */
  url: string;
  output: () => string;
  seed(accounts: SeedAccount[]): Promise<void>;
  fail(mode: null | '500' | 'hang' | 'hang-resets' | 'apply-then-hang' | 'lie' | 'malformed'): Promise<void>;
  /** Changes an account as the application would (a new version). */
  update(id: string, changes: Partial<SeedAccount>): Promise<void>;
  state(): Promise<ReceiverState>;
  stop(): Promise<void>;
}

/** `env` adds to the receiver's environment, e.g. { REQUIRE_V2: '0' }. */
export async function startReceiver(secret: string, basePath: string, env: Record<string, string> = {}): Promise<Receiver> {
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH, DIRECTORY_HTTP_SECRET: secret, HOST: '127.0.0.1', PORT: '0', BASE_PATH: basePath, RECEIVER_TEST_ADMIN: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the receiver did not start: ${output}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code}): ${output}`)));
    child.stdout!.on('data', () => {
      const line = /\{"listening":"([^"]+)"\}/.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve(line[1]!);
      }
    });
  });
  const admin = async (path: string, body?: unknown) => {
    const response = await fetch(`${origin}/__test/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`receiver admin ${path}: ${response.status}`);
    return response.json();
  };
  return {
    origin,
    url: `${origin}${basePath}`,
    output: () => output,
    seed: async (accounts) => void (await admin('seed', { accounts })),
    fail: async (mode) => void (await admin('fail', { mode })),
    state: async () => (await admin('state')) as ReceiverState,
    update: async (id, changes) => void (await admin('update', { id, changes })),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
