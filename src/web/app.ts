// The web server: the agent console (SPEC §7.3), the account holders' confirmation and
// cancel links, and health for operators. Server-rendered HTML, no client-side script,
// a strict Content-Security-Policy, nothing loaded from elsewhere.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { refuseDevelopmentKeys } from '../config.ts';
import type { Deps } from '../steps/deps.ts';
import { hmacHex } from '../adapters/crypto/secrets.ts';
import { CONSOLE_CSS } from './assets.ts';
import { agentOf, auditRefusal, crossOriginReason, loadSession, refuse } from './guard.ts';
import { html, toText } from './html.ts';
import { authRoutes } from './routes/auth.ts';
import { consoleRoutes } from './routes/console.ts';
import { holderDisputeRoutes } from './routes/holder-dispute.ts';
import { userLinkRoutes } from './routes/user-links.ts';
import { layout } from './views/layout.ts';

export interface HttpOptions {
  /** Requests per minute and client address: everything / login attempts / user links. */
  rateLimits?: { global?: number; login?: number; links?: number };
}

// Operators scrape /metrics (with METRICS_TOKEN: web/metrics-route.ts) and probe health without a session; account
// holders use /r/ links.
const PUBLIC_ROUTES = /^\/(healthz|readyz|metrics|assets\/|r\/)/;

function errorPage(title: string, text: string): string {
  return toText(
    layout(
      title,
      {},
      html`<div class="card">
        <h1>${title}</h1>
        <p>${text}</p>
        <p><a href="/tickets">Back to the console</a></p>
      </div>`,
    ),
  );
}

export async function buildHttpApp(deps: Deps, health: { ready(): Promise<Record<string, boolean>> }, options: HttpOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  refuseDevelopmentKeys(config); // SPEC §6 rule 17: its cookies are signed with MESSAGE_HMAC_KEY
  const secureCookies = config.PUBLIC_URL.startsWith('https:');
  // Behind a TLS proxy, its X-Forwarded-For names the client; from anyone else it is ignored.
  const trustProxy = config.HTTP_TRUSTED_PROXIES.length ? config.HTTP_TRUSTED_PROXIES : false;
  const app = Fastify({ logger: false, trustProxy, bodyLimit: 64 * 1024 });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
    // 'no-referrer' would make Chromium send `Origin: null` on our own forms.
    referrerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: secureCookies,
  });
  await app.register(cookie, { secret: hmacHex(config.MESSAGE_HMAC_KEY, 'recovery-desk:cookie-signing') });
  await app.register(formbody);
  await app.register(csrf, { cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies, signed: true } });
  await app.register(rateLimit, { global: true, max: options.rateLimits?.global ?? 600, timeWindow: '1 minute' });

  // Nothing we answer is kept by a browser or a proxy (stop 25): a ticket page holds the holder's
  // mail and the account on file, a holder's page has its token in the URL. Without this, after
  // sign-out the browser's Back button showed the last ticket from its cache. Only a response that
  // says otherwise itself (the console's stylesheet) may be cached.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  // Cross-site POSTs are refused before anything else is looked at.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST') return;
    const reason = crossOriginReason(request, config.PUBLIC_URL);
    if (!reason) return;
    await loadSession(deps, request);
    await auditRefusal(deps, request, reason);
    return refuse(reply, 403, errorPage('Request refused', 'This request did not come from the console itself.'));
  });
  // Every console page needs a live session; every console POST a CSRF token as well.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url ?? request.url;
    if (PUBLIC_ROUTES.test(route)) return;
    const agent = agentOf(request) ?? (await loadSession(deps, request));
    if (agent || route === '/login' || route === '/logout' || route === '/') return;
    if (request.method === 'GET') return reply.redirect('/login', 303);
    await auditRefusal(deps, request, 'no_session');
    return refuse(reply, 401, errorPage('Signed out', 'Your session ended: sign in again.'));
  });
  app.addHook('preHandler', (request, reply, done) => {
    const route = request.routeOptions.url ?? request.url;
    if (request.method !== 'POST' || PUBLIC_ROUTES.test(route)) return done();
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code?.startsWith('FST_CSRF')) {
      await auditRefusal(deps, request, 'csrf');
      return refuse(reply, 403, errorPage('Request refused', 'The form was stale or not from this console: reload the page and try again.'));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) deps.log.warn({ route: request.routeOptions.url, ip: request.ip }, 'rate limit reached');
    if (status >= 400 && status < 500)
      return refuse(
        reply,
        status,
        errorPage(status === 429 ? 'Too many requests' : 'Bad request', status === 429 ? 'Wait a minute and try again.' : 'The request could not be handled.'),
      );
    deps.log.error({ route: request.routeOptions.url, err: error.message }, 'web request failed');
    return refuse(reply, 500, errorPage('Something went wrong', 'The error was logged. Try again in a moment.'));
  });
  app.setNotFoundHandler((_request, reply) => refuse(reply, 404, errorPage('Not found', 'There is nothing at this address.')));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks = await health.ready();
    const ok = Object.values(checks).every(Boolean);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });
  app.get('/assets/console.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CONSOLE_CSS),
  );

  userLinkRoutes(app, deps, { max: options.rateLimits?.links ?? 30, timeWindow: '1 minute' });
  holderDisputeRoutes(app, deps, { max: options.rateLimits?.links ?? 30, timeWindow: '1 minute' });
  authRoutes(app, deps, { secureCookies, loginLimit: { max: options.rateLimits?.login ?? 10, timeWindow: '1 minute' } });
  consoleRoutes(app, deps);
  return app;
}
