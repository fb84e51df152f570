// Issue 13 "An image to deploy": no Docker engine runs here, so the Dockerfile is read and its
// commands run as the image would run them — ENTRYPOINT + CMD from WORKDIR, with the image's
// ENV, then the HEALTHCHECK command exactly as written.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { envValues, execForm, healthcheckCommand, last, parseDockerfile } from '../support/dockerfile.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { REDIS_URL } from '../support/run.ts';

const run = promisify(execFile);
const ROOT = path.resolve('.');
const stages = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1)!;
let database: TestDatabase;
let prefix: string;

beforeAll(async () => {
  database = await createTestDatabase('image');
  prefix = testQueuePrefix();
});
afterAll(async () => {
  await database?.drop();
  await cleanupPrefix(prefix);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** .dockerignore as Docker reads it here: the last matching line wins, `!` lets a path in. */
function inBuildContext(file: string): boolean {
  const rules = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  let included = true;
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    const pattern = (negated ? rule.slice(1) : rule).replace(/\/$/, '');
    if (pattern === '*' || file === pattern || file.startsWith(`${pattern}/`)) included = negated;
  }
  return included;
}

/** The HEALTHCHECK command as Docker runs it inside the container: its exit code. */
async function healthcheck(env: NodeJS.ProcessEnv): Promise<number> {
  const [command = '', ...args] = healthcheckCommand(last(runtime, 'HEALTHCHECK')?.args ?? '');
  return run(command, args, { cwd: ROOT, env, timeout: 5_000 }).then(
    () => 0,
    (error: { code?: number }) => (typeof error.code === 'number' ? error.code : 1),
  );
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the Dockerfile', () => {
  test('installs production packages in a node:24-slim stage, and runs from a second node:24-slim stage as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:24(\.\d+)*-slim$/);
    const deps = stages.find((stage) => stage.instructions.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args)));
    expect(deps?.name, 'a named stage runs npm ci --omit=dev').toBeTruthy();
    expect(deps).not.toBe(runtime);
    expect(runtime.instructions.some((i) => i.keyword === 'COPY' && i.args.includes(`--from=${deps?.name}`) && i.args.includes('node_modules'))).toBe(true);
    expect(
      runtime.instructions.some((i) => i.keyword === 'RUN' && /npm (ci|install)\b/.test(i.args)),
      'no dev packages installed at run time',
    ).toBe(false);
    const user = last(runtime, 'USER')?.args.split(':')[0];
    expect(user).toBeTruthy();
    expect(['root', '0']).not.toContain(user);
  });

  test('the build context lets in what the image copies, and never .env, node_modules, .git or the tests', () => {
    const sources = stages
      .flatMap((stage) => stage.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from'))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((word) => !word.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources).toEqual(expect.arrayContaining(['src', 'drizzle', 'package-lock.json']));
    for (const source of sources) {
      expect(existsSync(path.join(ROOT, source)), `${source} exists`).toBe(true);
      expect(inBuildContext(source), `${source} in the build context`).toBe(true);
    }
    for (const secretOrNoise of ['.env', 'node_modules/bullmq/package.json', '.git/HEAD', 'test/integration/image.test.ts', 'var/outbox/x.eml']) {
      expect(inBuildContext(secretOrNoise), secretOrNoise).toBe(false);
    }
  });

  test('runs recovery-desk start by default, with a HEALTHCHECK on /healthz, all in exec form', () => {
    expect(execForm(last(runtime, 'ENTRYPOINT')?.args ?? '')).toEqual(['node', expect.stringMatching(/^(bin\/recovery-desk\.js|src\/cli\.ts)$/)]);
    expect(execForm(last(runtime, 'CMD')?.args ?? '')).toEqual(['start']);
    expect(healthcheckCommand(last(runtime, 'HEALTHCHECK')?.args ?? '').join(' ')).toContain('/healthz');
  });
});

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  const withoutComments = compose
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');

  test('runs the image built from this Dockerfile, migrates once before the app starts, and reads secrets from .env', () => {
    expect(withoutComments).toMatch(/build: \.\n/);
    expect(withoutComments).toMatch(/command: \["migrate"\]/);
    expect(withoutComments).toMatch(/condition: service_completed_successfully/);
    expect(withoutComments).toMatch(/env_file:\n\s+- path: \.env\n\s+required: true/);
    expect(withoutComments).not.toMatch(/SECRETS_KEY|MESSAGE_HMAC_KEY/); // never a key in the file itself
    expect(withoutComments).toMatch(/--maxmemory-policy", "noeviction"/);
    expect(withoutComments).toMatch(/--appendonly", "yes"/);
    // the console's plain HTTP is published on the host's loopback only, for the TLS proxy
    expect(withoutComments).toMatch(/ports:\n\s+- "127\.0\.0\.1:8080:8080"/);
  });

  test('development mode appears only in the local override, which compose never picks up on its own', () => {
    expect(withoutComments).not.toContain('RECOVERY_DESK_ENV');
    expect(existsSync(path.join(ROOT, 'docker-compose.override.yml'))).toBe(false);
    expect(existsSync(path.join(ROOT, 'compose.override.yml'))).toBe(false);
    const dev = readFileSync(path.join(ROOT, 'compose.dev.yml'), 'utf8');
    expect(dev).toMatch(/RECOVERY_DESK_ENV: development/);
    expect(dev.split('\n')[0]).toMatch(/LOCAL TRY-OUT ONLY/);
  });
});

describe("the image's commands, run as the image runs them", () => {
  async function imageEnv(settings: Record<string, string>): Promise<NodeJS.ProcessEnv> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      ...envValues(runtime),
      HTTP_PORT: String(await freePort()),
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SENDER_AUTH_DNS: 'off',
      INSPECT_THREADS: '0',
      LOG_LEVEL: 'warn',
      ...settings,
    };
  }
  const command = () => [...execForm(last(runtime, 'ENTRYPOINT')?.args ?? ''), ...execForm(last(runtime, 'CMD')?.args ?? '')];

  test('with real keys the default command serves and the HEALTHCHECK passes; once it stopped, the HEALTHCHECK fails', async () => {
    const env = await imageEnv({ SECRETS_KEY: '3c'.repeat(32), MESSAGE_HMAC_KEY: 'd4'.repeat(32) });
    expect(env.RECOVERY_DESK_ENV, 'the image runs in production mode').toBeUndefined();
    const [node = '', ...args] = command();
    const child = spawn(node, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = exited(child);
    try {
      let healthy = false;
      for (let attempt = 0; attempt < 60 && !healthy && child.exitCode === null; attempt += 1) {
        healthy = (await healthcheck(env)) === 0;
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(healthy, stderr).toBe(true);
    } finally {
      child.kill('SIGTERM'); // what `docker stop` sends
    }
    expect(await exit, stderr).toBe(0);
    expect(await healthcheck(env)).not.toBe(0);
  }, 60_000);

  test('on the development keys the default command refuses to start, naming the variables', async () => {
    const env = await imageEnv({});
    const [node = '', ...args] = command();
    const result = await run(node, args, { cwd: ROOT, env, timeout: 30_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('SECRETS_KEY');
    expect(await healthcheck(env)).not.toBe(0);
  }, 40_000);
});
