// The BullMQ dashboard (Bull Board) for operators, under the console's login, admins only.
// Its pages are a client-side application, so this prefix alone allows same-origin scripts.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../steps/deps.ts';
import { agentOf, auditRefusal, crossOriginReason, loadSession } from './guard.ts';

export const DASHBOARD_PATH = '/admin/queues';

export async function registerQueueDashboard(app: FastifyInstance, deps: Deps, queues: Queue[]): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: serverAdapter as never,
    options: { uiConfig: { boardTitle: 'recovery-desk queues' } },
  });
  serverAdapter.setBasePath(DASHBOARD_PATH);
  const under = (url: string) => url === DASHBOARD_PATH || url.startsWith(`${DASHBOARD_PATH}/`) || url.startsWith(`${DASHBOARD_PATH}?`);
  // Decided on the route the router chose as well as on the URL as sent: the router decodes
  // percent-escapes, so '/admin/queue%73/api/queues' reaches the dashboard's routes while the raw
  // URL does not start with its path (a non-admin agent paused and emptied queues that way).
  const ours = (request: FastifyRequest) => under(request.url) || under(request.routeOptions.url ?? '');
  app.addHook('onRequest', async (request, reply) => {
    if (!ours(request)) return;
    const agent = agentOf(request) ?? (await loadSession(deps, request));
    if (!agent) return request.method === 'GET' ? reply.redirect('/login', 303) : reply.code(401).send({ error: 'sign in first' });
    if (agent.role !== 'admin') {
      await auditRefusal(deps, request, 'not_admin');
      return reply.code(403).type('text/plain').send('The queue dashboard is for admins.');
    }
    // Retry/clean/pause are PUTs from the dashboard's own pages: never from another site.
    if (request.method !== 'GET' && request.method !== 'HEAD' && crossOriginReason(request, deps.config.PUBLIC_URL)) {
      await auditRefusal(deps, request, 'cross_site');
      return reply.code(403).send({ error: 'cross-site request refused' });
    }
  });
  app.addHook('onSend', async (request, reply) => {
    if (!ours(request)) return;
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
}
