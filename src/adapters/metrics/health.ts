// Readiness for /readyz: PostgreSQL, Redis and the mailbox reachable. Metrics and health on
// METRICS_PORT, the operators' port (every process kind may have one).
import { createServer, type Server } from 'node:http';
import { imapClient } from '../imap/client.ts';
import type { Redis } from 'ioredis';
import { pingDatabase, type Database } from '../db/client.ts';
import type { MailboxReader } from '../imap/mailbox-reader.ts';
import { parseImapUrl } from '../imap/mailbox-reader.ts';
import type { Metrics } from './metrics.ts';
import { metricsAccess, TOKEN_REQUIRED } from './access.ts';

export type Checks = Record<string, boolean>;

const PROBE_CACHE_MS = 30_000;

async function probeMailbox(imapUrl: string, accessToken?: () => Promise<string>): Promise<boolean> {
  const target = parseImapUrl(imapUrl);
  const auth = accessToken ? { user: target.user, accessToken: await accessToken().catch(() => '') } : { user: target.user, pass: target.pass };
  if ('accessToken' in auth && !auth.accessToken) return false;
  const imap = imapClient(target, auth, {
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
  });
  try {
    await imap.connect();
    await imap.logout();
    return true;
  } catch {
    imap.close();
    return false;
  }
}

export function createReadiness(sources: {
  database: Database;
  redis: Redis;
  imapUrls: string[];
  readers: () => MailboxReader[];
  accessToken?: (() => Promise<string>) | undefined;
}): () => Promise<Checks> {
  let probed: { at: number; ok: boolean } | null = null;
  return async () => {
    const checks: Checks = {
      postgres: await pingDatabase(sources.database),
      redis: await Promise.race([
        sources.redis.ping().then(
          (pong) => pong === 'PONG',
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000)),
      ]),
    };
    if (sources.imapUrls.length > 0) {
      const readers = sources.readers();
      if (readers.length > 0) {
        // A reader in this process knows; standby means another process holds the mailbox.
        checks.mailbox = readers.every((reader) => reader.state() === 'reading' || reader.state() === 'standby');
      } else {
        if (!probed || Date.now() - probed.at > PROBE_CACHE_MS)
          probed = { at: Date.now(), ok: (await Promise.all(sources.imapUrls.map((url) => probeMailbox(url, sources.accessToken)))).every(Boolean) };
        checks.mailbox = probed.ok;
      }
    }
    return checks;
  };
}

/**
 * /metrics, /healthz and /readyz on METRICS_PORT. /metrics needs the bearer token when `token` is set (METRICS_TOKEN);
 * the health answers say nothing about tickets and stay open, for probes.
 */
export function startOpsServer(port: number, host: string, metrics: Metrics, ready: () => Promise<Checks>, token?: string): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (code: number, type: string, body: string) => response.writeHead(code, { 'content-type': type }).end(body);
    if (request.url === '/metrics' && metricsAccess(request.headers.authorization, token) === 'token-required') {
      response.writeHead(TOKEN_REQUIRED.status, TOKEN_REQUIRED.headers).end(TOKEN_REQUIRED.body);
    } else if (request.url === '/metrics') {
      metrics.registry.metrics().then(
        (text) => send(200, metrics.registry.contentType, text),
        () => send(500, 'text/plain', 'metrics unavailable'),
      );
    } else if (request.url === '/healthz') {
      send(200, 'application/json', '{"status":"ok"}');
    } else if (request.url === '/readyz') {
      ready().then((checks) => {
        const ok = Object.values(checks).every(Boolean);
        send(ok ? 200 : 503, 'application/json', JSON.stringify({ status: ok ? 'ok' : 'unavailable', checks }));
      });
    } else {
      send(404, 'text/plain', 'not found');
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
