// /metrics on the console's public port (SPEC §7.3: operators scrape Prometheus text). Only for a scraper sending
// `Authorization: Bearer <METRICS_TOKEN>`; with no token configured the route does not exist there (404), and
// operators scrape METRICS_PORT instead (adapters/metrics/access.ts says why).
import type { FastifyInstance } from 'fastify';
import { metricsAccess, TOKEN_REQUIRED } from '../adapters/metrics/access.ts';
import type { Metrics } from '../adapters/metrics/metrics.ts';

export function registerPublicMetrics(http: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  if (token === undefined) return;
  http.get('/metrics', async (request, reply) => {
    if (metricsAccess(request.headers.authorization, token) === 'token-required')
      return reply.code(TOKEN_REQUIRED.status).headers(TOKEN_REQUIRED.headers).send(TOKEN_REQUIRED.body);
    return reply
      .header('cache-control', 'no-store')
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
}
