// Helpers for the console's HTTP and browser tests: tickets made by the real pipeline steps,
// and a tiny cookie-keeping client over fastify.inject.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { buildHttpApp, type HttpOptions } from '../../src/web/app.ts';
import { outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import type { OutgoingMail } from '../../src/steps/deps.ts';
import { processMessage } from '../../src/steps/process-message.ts';
import { sendReply } from '../../src/steps/send-reply.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import type { TestEnv } from '../support/app.ts';

export async function webApp(env: TestEnv, options: HttpOptions = {}): Promise<FastifyInstance> {
  return buildHttpApp(env.app.deps, { ready: async () => ({ postgres: true, redis: true }) }, options);
}

/** Runs a raw message through the pipeline's own steps (no worker needed) and returns its ticket. */
export async function ingest(env: TestEnv, raw: Buffer) {
  const [stored] = await storeMessages(env.app.deps, [{ raw, source: 'ingest' }]);
  const outcome = await processMessage(env.app.deps, stored!.id);
  if (!outcome.ticketId) throw new Error(`no ticket: ${outcome.outcome} ${outcome.reason}`);
  const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, outcome.ticketId));
  return ticket!;
}

export async function ticketByRef(env: TestEnv, ref: string) {
  const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.ref, ref));
  return ticket!;
}

/** Sends every pending reply through send-reply with a capturing mailer; returns the mails. */
export async function deliverPending(env: TestEnv): Promise<OutgoingMail[]> {
  const mails: OutgoingMail[] = [];
  const deps = { ...env.app.deps, sendMail: async (mail: OutgoingMail) => void mails.push(mail) };
  for (const row of await env.app.deps.db.select().from(outbox).where(eq(outbox.status, 'pending'))) await sendReply(deps, row.id);
  return mails;
}

export function linkIn(mail: OutgoingMail | undefined, kind: 'confirm' | 'cancel'): string {
  const match = new RegExp(`https?://[^\\s]+/r/${kind}/([A-Za-z0-9_-]+)`).exec(mail?.text ?? '');
  if (!match) throw new Error(`no ${kind} link in the mail`);
  return match[1]!;
}

/** A code of the agent's authenticator `steps` time steps from now (one step ahead is still accepted). */
export async function codeAt(secret: string, steps = 0): Promise<string> {
  return totpCode(secret, Math.floor(Date.now() / 1000) + steps * 30);
}

export interface Client {
  cookies: Map<string, string>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, form: Record<string, string | string[]>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The CSRF token of the form on a page. */
  csrfFrom(url: string): Promise<string>;
}

export function client(app: FastifyInstance): Client {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (response: LightMyRequestResponse) => {
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if ((c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0 || c.value === '') cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    return response;
  };
  const self: Client = {
    cookies,
    async get(url, headers = {}) {
      return keep(await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(), ...headers } }));
    },
    async post(url, form, headers = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
      return keep(
        await app.inject({
          method: 'POST',
          url,
          payload: body.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(), ...headers },
        }),
      );
    },
    async csrfFrom(url) {
      const page = await self.get(url);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      if (!token) throw new Error(`no CSRF token on ${url} (status ${page.statusCode})`);
      return token;
    },
  };
  return self;
}

export async function loggedIn(app: FastifyInstance, agent: { email: string; password: string; totpSecret: string }, steps = 0): Promise<Client> {
  const c = client(app);
  const csrf = await c.csrfFrom('/login');
  const response = await c.post('/login', { _csrf: csrf, email: agent.email, password: agent.password, code: await codeAt(agent.totpSecret, steps) });
  if (response.statusCode !== 303) throw new Error(`login failed: ${response.statusCode} ${response.body.slice(0, 300)}`);
  return c;
}
