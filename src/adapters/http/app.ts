// The web server: health for operators, the user-facing confirmation link, and (until the
// console lands) a placeholder page for agents.
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from '../../steps/deps.ts';
import { confirmByToken } from '../../steps/confirm-ticket.ts';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">${body}</body></html>`;
}

export async function buildHttpApp(deps: Deps, health: { ready(): Promise<Record<string, boolean>> }): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false });
  await app.register(formbody);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks = await health.ready();
    const ok = Object.values(checks).every(Boolean);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });
  app.get('/', async (_request, reply) =>
    reply.type('text/html').send(page('recovery-desk', '<h1>recovery-desk</h1><p>The agent console is not available yet: use <code>recovery-desk tickets list</code>.</p>')),
  );
  // The link only shows a button: mail scanners that follow links must not confirm anything.
  app.get<{ Params: { token: string } }>('/r/confirm/:token', async (request, reply) =>
    reply.type('text/html').send(
      page('Confirm', `<h1>Confirm your request</h1><p>Confirm that you asked to reset two-factor authentication. / Confirmez votre demande. / Bevestig uw aanvraag.</p><form method="post"><button type="submit">Confirm / Confirmer / Bevestigen</button></form>`),
    ),
  );
  app.post<{ Params: { token: string } }>('/r/confirm/:token', async (request, reply) => {
    const result = await confirmByToken(deps, request.params.token);
    const ok = result === 'confirmed';
    return reply
      .code(ok ? 200 : 410)
      .type('text/html')
      .send(page('Confirm', ok ? '<h1>Thank you</h1><p>Your request is confirmed: an agent will review it.</p>' : '<h1>This link cannot be used</h1><p>It has expired or was used already.</p>'));
  });
  return app;
}
