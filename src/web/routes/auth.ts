import type { FastifyInstance } from 'fastify';
import { loginAgent, logoutAgent, SESSION_MAX_MS } from '../../steps/agent-login.ts';
import { ERRORS } from '../../core/errors.ts';
import { StepError, type Deps } from '../../steps/deps.ts';
import { agentOf, SESSION_COOKIE } from '../guard.ts';
import { toText } from '../html.ts';
import { loginPage } from '../views/login.ts';

type LoginBody = { email?: string; password?: string; code?: string };

export function authRoutes(app: FastifyInstance, deps: Deps, options: { secureCookies: boolean; loginLimit: { max: number; timeWindow: string } }): void {
  app.get('/login', async (request, reply) => {
    if (agentOf(request)) return reply.redirect('/tickets', 303);
    return reply.type('text/html; charset=utf-8').send(toText(loginPage({ csrf: reply.generateCsrf() })));
  });

  app.post<{ Body: LoginBody }>('/login', { config: { rateLimit: options.loginLimit } }, async (request, reply) => {
    const body = request.body ?? {};
    try {
      const { token } = await loginAgent(deps, {
        email: String(body.email ?? ''),
        password: String(body.password ?? ''),
        totpCode: String(body.code ?? ''),
        ip: request.ip,
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        maxAge: Math.floor(SESSION_MAX_MS / 1000),
      });
      return reply.redirect('/tickets', 303);
    } catch (error) {
      if (!(error instanceof StepError)) throw error;
      const page = loginPage({ csrf: reply.generateCsrf(), error: error.message, email: String(body.email ?? '').slice(0, 320) });
      return reply.code(ERRORS[error.code].httpStatus).type('text/html; charset=utf-8').send(toText(page));
    }
  });

  app.post('/logout', async (request, reply) => {
    const agent = agentOf(request);
    if (agent) await logoutAgent(deps, agent);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
