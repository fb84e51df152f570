// What every state-changing request must get past: same origin, a live session, a CSRF
// token. Each refusal is written to the audit log (never the URL: links carry tokens).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketByRef } from '../adapters/db/tickets.repository.ts';
import { sessionAgent, type SessionAgent } from '../steps/agent-login.ts';
import type { Deps } from '../steps/deps.ts';

export const SESSION_COOKIE = 'rd_session';
const agents = new WeakMap<FastifyRequest, SessionAgent>();

export function agentOf(request: FastifyRequest): SessionAgent | null {
  return agents.get(request) ?? null;
}

export async function loadSession(deps: Pick<Deps, 'db' | 'now'>, request: FastifyRequest): Promise<SessionAgent | null> {
  const agent = await sessionAgent(deps, request.cookies[SESSION_COOKIE]);
  if (agent) agents.set(request, agent);
  return agent;
}

/** Why a POST is not from our own pages, or null when it is. */
export function crossOriginReason(request: FastifyRequest, publicUrl: string): string | null {
  // Browsers set Sec-Fetch-Site and pages cannot forge it; without it, Origin must be ours.
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none' ? null : 'cross_site';
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const allowed = new Set([new URL(publicUrl).origin, `${request.protocol}://${request.headers.host ?? ''}`]);
    if (!allowed.has(origin)) return 'cross_origin';
  }
  return null;
}

export async function auditRefusal(
  deps: Pick<Deps, 'db' | 'log'>,
  request: FastifyRequest,
  reason: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const ref = (request.params as { ref?: string } | undefined)?.ref;
  const ticket = ref && /^REC-\d{4}-\d{6,}$/.test(ref) ? await findTicketByRef(deps.db, ref) : null;
  const agent = agentOf(request);
  const data = { reason, method: request.method, route: request.routeOptions.url ?? 'unknown', ip: request.ip, ...extra };
  await deps.db.transaction((tx) => appendEvent(tx, { ticketId: ticket?.id ?? null, type: 'request_refused', actor: agent?.email ?? 'anonymous', data }));
  deps.log.warn({ reason, route: data.route, ticketRef: ticket?.ref ?? null, agent: agent?.email ?? null }, 'request refused');
}

export function refuse(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}
