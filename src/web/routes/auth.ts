import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loginAgent, loginOf, logoutAgent, SESSION_MAX_MS } from '../../steps/agent-login.ts';
import { ERRORS } from '../../core/errors.ts';
import { StepError, type Deps } from '../../steps/deps.ts';
import { agentOf, SESSION_COOKIE } from '../guard.ts';
import { toText } from '../html.ts';
import { loginPage } from '../views/login.ts';

type LoginBody = { email?: string; password?: string; code?: string };

/** A browser an agent signed in from: its own failure count (agent-login.ts, throttleKey). */
export const DEVICE_COOKIE = 'rd_device';
const DEVICE_MAX_AGE_S = 180 * 24 * 3600;

/** The secret of this browser's signed device cookie when it was issued to this login, else null. */
function knownBrowser(request: FastifyRequest, login: string): string | null {
  const raw = request.cookies[DEVICE_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  const cut = unsigned.value.indexOf('.');
  if (cut < 1) return null;
  const [boundTo, secret] = [Buffer.from(unsigned.value.slice(0, cut), 'base64url').toString('utf8'), unsigned.value.slice(cut + 1)];
  return boundTo === login && /^[A-Za-z0-9_-]{22}$/.test(secret) ? secret : null;
}

function rememberBrowser(reply: FastifyReply, login: string, secret: string | null, secure: boolean): void {
  const value = `${Buffer.from(login, 'utf8').toString('base64url')}.${secret ?? randomBytes(16).toString('base64url')}`;
  reply.setCookie(DEVICE_COOKIE, value, { path: '/login', httpOnly: true, sameSite: 'strict', secure, signed: true, maxAge: DEVICE_MAX_AGE_S });
}

export function authRoutes(app: FastifyInstance, deps: Deps, options: { secureCookies: boolean; loginLimit: { max: number; timeWindow: string } }): void {
  app.get('/login', async (request, reply) => {
    if (agentOf(request)) return reply.redirect('/tickets', 303);
    return reply.type('text/html; charset=utf-8').send(toText(loginPage({ csrf: reply.generateCsrf() })));
  });

  app.post<{ Body: LoginBody }>('/login', { config: { rateLimit: options.loginLimit } }, async (request, reply) => {
    const body = request.body ?? {};
    const login = loginOf(String(body.email ?? ''));
    const device = knownBrowser(request, login);
    try {
      const { token } = await loginAgent(deps, {
        email: String(body.email ?? ''),
        password: String(body.password ?? ''),
        totpCode: String(body.code ?? ''),
        ip: request.ip,
        device,
      });
      rememberBrowser(reply, login, device, options.secureCookies);
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
