// XOAUTH2 for Google Workspace / Microsoft 365 mailboxes: the token provider against a token
// endpoint served on the loopback, and a failing refresh seen by operators (metric + log line).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTokenProvider } from '../../src/adapters/imap/oauth2.ts';
import { createApp, startWorker } from '../../src/main.ts';
import { createTestEnv, offlineResolver, type TestEnv } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';

interface TokenRequest {
  form: URLSearchParams;
}

let server: Server;
let base: string;
const requests: TokenRequest[] = [];
let answer: { status: number; body: Record<string, unknown> } = { status: 200, body: {} };
let env: TestEnv | undefined;

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => resolve(text));
  });

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((text) => {
      requests.push({ form: new URLSearchParams(text) });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => server.close(resolve));
});

test('a refresh_token grant gets an access token, which is cached until shortly before it expires', async () => {
  requests.length = 0;
  let n = 0;
  answer = { status: 200, body: { access_token: 'at-1', expires_in: 3600, token_type: 'Bearer' } };
  const provider = createTokenProvider({
    tokenUrl: `${base}/token`,
    clientId: 'client-1',
    clientSecret: 's3cret',
    refreshToken: 'rt-1',
    scope: 'https://outlook.office365.com/IMAP.AccessAsUser.All offline_access',
  });
  expect(await provider.get()).toBe('at-1');
  expect(await provider.get()).toBe('at-1');
  expect(requests).toHaveLength(1); // cached
  expect(Object.fromEntries(requests[0]!.form)).toEqual({
    grant_type: 'refresh_token',
    refresh_token: 'rt-1',
    client_id: 'client-1',
    client_secret: 's3cret',
    scope: 'https://outlook.office365.com/IMAP.AccessAsUser.All offline_access',
  });
  // Invalidated (the server refused it): the next get() refreshes.
  answer = { status: 200, body: { access_token: `at-${++n + 1}`, expires_in: 3600 } };
  provider.invalidate();
  expect(await provider.get()).toBe('at-2');
  expect(requests).toHaveLength(2);
  // A token that expires within the safety margin (60 s) is refreshed at every use.
  answer = { status: 200, body: { access_token: 'short', expires_in: 30 } };
  provider.invalidate();
  await provider.get();
  await provider.get();
  expect(requests).toHaveLength(4);
});

test('a failing refresh throws a clear error', async () => {
  answer = { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
  const provider = createTokenProvider({ tokenUrl: `${base}/token`, clientId: 'client-1', refreshToken: 'revoked' });
  await expect(provider.get()).rejects.toMatchObject({
    code: 'imap.oauth2_refresh_failed',
    message: 'OAuth2 token refresh failed: invalid_grant (Token has been expired or revoked.)',
  });
  answer = { status: 200, body: { error: 'no token here' } };
  await expect(provider.get()).rejects.toMatchObject({ code: 'imap.oauth2_refresh_failed' });
});

test(
  'a worker whose token refresh fails raises recovery_desk_imap_auth_failures_total and logs what to do, without the token',
  { timeout: 60_000 },
  async () => {
    answer = { status: 401, body: { error: 'invalid_client' } };
    requests.length = 0;
    env = await createTestEnv();
    const lines: Record<string, unknown>[] = [];
    const sinkStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = {
      ...env.config,
      IMAP_URL: 'imap://support%40bpart.example@127.0.0.1:1/INBOX', // never reached: the token comes first
      IMAP_OAUTH2_TOKEN_URL: `${base}/token`,
      IMAP_OAUTH2_CLIENT_ID: 'client-1',
      IMAP_OAUTH2_REFRESH_TOKEN: 'refresh-token-value-that-must-not-be-logged',
      LOG_LEVEL: 'info' as const,
    };
    const app = createApp(config, pino({ level: 'info' }, sinkStream), { resolver: offlineResolver });
    const running = startWorker(app);
    try {
      await waitFor(async () => /recovery_desk_imap_auth_failures_total\{[^}]*\} [1-9]/.test(await app.metrics.registry.metrics()), {
        timeoutMs: 20_000,
        intervalMs: 200,
        what: 'the auth failure counter',
      });
      const failure = lines.find((line) => line.msg === 'mailbox authentication failed: check the credentials or the OAuth2 refresh token');
      expect(failure).toMatchObject({ level: 50, mailbox: 'support@bpart.example@127.0.0.1:1/INBOX', err: 'OAuth2 token refresh failed: invalid_client' });
      expect(JSON.stringify(lines)).not.toContain('refresh-token-value-that-must-not-be-logged');
      expect(requests.length).toBeGreaterThan(0);
      expect(running.reader!.state()).toBe('failing');
    } finally {
      await running.stop();
      await app.close();
    }
  },
);
