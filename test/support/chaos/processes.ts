// Child processes of a chaos test: recovery-desk workers (`node src/cli.ts worker`) and
// helpers, each tracked so that a failing or crashed test still leaves none behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url));

const children = new Set<ChildProcess>();
let hooked = false;

/** Kills (SIGKILL) every tracked child still alive when this process exits. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of children) {
        try {
          c.kill('SIGKILL');
        } catch {
          // gone
        }
      }
    });
  }
  return child;
}

export interface WorkerProcess {
  pid: number;
  child: ChildProcess;
  /** Everything written to stderr so far (pino JSON lines). */
  stderr(): string;
  /** Parsed JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
  alive(): boolean;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM, wait up to `ms`, then SIGKILL. Resolves with how it ended. */
  stop(ms?: number): Promise<string>;
}

/** `node src/cli.ts <args>` as a long-running child with exactly this environment (plus PATH). */
export function spawnCli(args: string[], env: Record<string, string>): WorkerProcess {
  const child = track(
    spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', NODE_NO_WARNINGS: '1', RECOVERY_DESK_ENV: 'development', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    err += chunk;
    if (err.length > 20_000_000) err = err.slice(-10_000_000);
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid ?? -1,
    child,
    stderr: () => err,
    logs: () =>
      err
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    exited,
    alive,
    async kill9() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop(ms = 15_000) {
      if (!alive()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => alive() && child.kill('SIGKILL'), ms);
      const how = await exited;
      clearTimeout(timer);
      return how;
    },
  };
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  return spawnCli(['worker'], env);
}

/** Runs `node src/cli.ts <args>` to completion (bounded) and returns its output. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', NODE_NO_WARNINGS: '1', RECOVERY_DESK_ENV: 'development', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`recovery-desk ${args.join(' ')}: no exit after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment a worker child needs, from the test's own service addresses. */
export function workerEnvironment(settings: Record<string, string | undefined>): Record<string, string> {
  const base: Record<string, string> = {
    SUPPORT_ADDRESS: 'support@bpart.test',
    TRUSTED_AUTHSERV_IDS: 'mx.bpart.test',
    SENDER_AUTH_DNS: 'off',
    SECRETS_KEY: '11'.repeat(32),
    MESSAGE_HMAC_KEY: 'test-hmac-key-0123456789',
    RECOVERY_DESK_ENV: 'development',
    RECOVERY_CHALLENGE: 'off',
    RECOVERY_CANCEL_WINDOW: '0',
    SWEEP_INTERVAL: '5s',
    IMAP_POLL_INTERVAL: '30s',
    IMAP_START: 'all', // the backlog is appended before the worker starts
    NOTIFY_AGENTS: 'off', // the sink must hold only the holders' replies
    LOG_LEVEL: 'info',
  };
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) base[key] = value;
  return base;
}

export interface Supervised {
  /** The worker running now. */
  current(): WorkerProcess;
  /** Exits nobody asked for, with the tail of what the process wrote before dying. */
  crashes: { at: number; how: string; tail: string }[];
  /** SIGTERM the current worker and stop restarting; resolves with how it ended. */
  stop(): Promise<string>;
  kill9(): Promise<void>;
}

/** Like systemd's Restart=always: a worker that dies unasked is started again after `delayMs`. */
export function superviseWorker(env: Record<string, string>, delayMs = 500): Supervised {
  let stopping = false;
  let worker = spawnWorker(env);
  const crashes: Supervised['crashes'] = [];
  const watch = (w: WorkerProcess) => {
    void w.exited.then((how) => {
      if (stopping || w !== worker) return;
      crashes.push({ at: Date.now(), how, tail: w.stderr().split('\n').slice(-12).join('\n') });
      setTimeout(() => {
        if (stopping) return;
        worker = spawnWorker(env);
        watch(worker);
      }, delayMs);
    });
  };
  watch(worker);
  return {
    current: () => worker,
    crashes,
    async stop() {
      stopping = true;
      return worker.stop();
    },
    async kill9() {
      stopping = true;
      await worker.kill9();
    },
  };
}
