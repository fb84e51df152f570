// Operators' surfaces on the web process: the BullMQ dashboard behind the console login
// (admins only) and Prometheus metrics.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { registerQueueDashboard } from '../../src/web/queue-dashboard.ts';
import { createTestEnv, seedAgent, type TestEnv } from '../support/app.ts';
import { client, loggedIn, webApp } from '../e2e/console-support.ts';
import { eq } from 'drizzle-orm';
import { inboundMessages } from '../../src/adapters/db/schema/index.ts';
import { processMessage } from '../../src/steps/process-message.ts';
import { storeMessages } from '../../src/steps/store-message.ts';

let env: TestEnv;
let app: FastifyInstance;

beforeAll(async () => {
  env = await createTestEnv();
  app = await webApp(env, { rateLimits: { login: 100 } });
  await registerQueueDashboard(app, env.app.deps, [...env.app.queues.byName.values()]);
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

describe('the queue dashboard', () => {
  test('without a session it sends the operator to the login page', async () => {
    const response = await client(app).get('/admin/queues');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login');
    expect((await client(app).get('/admin/queues/api/queues')).statusCode).toBe(303);
  });

  test('an agent who is not an admin is refused', async () => {
    const agent = await seedAgent(env, 'agent@bpart.test', 'agent');
    const c = await loggedIn(app, agent);
    expect((await c.get('/admin/queues')).statusCode).toBe(403);
    expect((await c.get('/tickets')).body).not.toContain('href="/admin/queues"');
  });

  test('an admin sees every queue of the installation', async () => {
    const admin = await seedAgent(env, 'admin@bpart.test', 'admin');
    const c = await loggedIn(app, admin);
    // the console's own navigation leads an admin there
    expect((await c.get('/tickets')).body).toContain('<a href="/admin/queues">Job queues</a>');
    const page = await c.get('/admin/queues');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('recovery-desk queues');
    const api = await c.get('/admin/queues/api/queues');
    expect(api.statusCode).toBe(200);
    const names = (JSON.parse(api.body) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['inbound', 'outbound', 'resets']);
  });
});

describe('quarantined mail in the console', () => {
  test('an admin replays a quarantined message from the list; an agent may not', async () => {
    const raw = Buffer.from('Subject: over the limit\r\nFrom: a@b.example\r\n\r\n' + 'x'.repeat(4096));
    const [stored] = await storeMessages(env.app.deps, [{ raw, source: 'ingest' }]);
    const tight = { ...env.app.deps, config: { ...env.app.deps.config, MAX_MESSAGE_BYTES: 1024 } };
    expect((await processMessage(tight, stored!.id)).outcome).toBe('quarantined');

    const agent = await loggedIn(app, await seedAgent(env, 'replay-agent@bpart.test', 'agent'));
    const list = await agent.get('/tickets?status=quarantined');
    expect(list.body).toContain(`#${stored!.id}`);
    expect(list.body).toContain('too_large');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(list.body)![1]!;
    expect((await agent.post(`/quarantine/${stored!.id}/replay`, { _csrf: csrf })).statusCode).toBe(403);

    const admin = await loggedIn(app, await seedAgent(env, 'replay-admin@bpart.test', 'admin'));
    const page = await admin.get('/tickets?status=quarantined');
    const adminCsrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const replayed = await admin.post(`/quarantine/${stored!.id}/replay`, { _csrf: adminCsrf });
    expect(replayed.statusCode).toBe(200);
    expect(replayed.body).toContain('queued again');
    const [row] = await env.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.id, stored!.id));
    expect(row!.status).not.toBe('quarantined');
  });
});
