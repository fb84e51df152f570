// The confirmation (SPEC §6 rule 4) and cancel (rule 7) links of our emails.
import type { FastifyInstance } from 'fastify';
import { cancelByToken, linkLanguage } from '../../steps/cancel-reset.ts';
import { confirmByToken } from '../../steps/confirm-ticket.ts';
import type { Deps } from '../../steps/deps.ts';
import { appendEvent } from '../../adapters/db/events.repository.ts';
import { toText } from '../html.ts';
import { invalidLinkPage, userLang, userPage } from '../views/user-links.ts';

type TokenRequest = { Params: { token: string } };

export function userLinkRoutes(app: FastifyInstance, deps: Deps, limit: { max: number; timeWindow: string }): void {
  const config = { rateLimit: limit };
  const show = (kind: 'confirm' | 'cancel') => async (request: { params: { token: string } }) => {
    const language = await linkLanguage(deps, kind, request.params.token);
    return language === null ? invalidLinkPage() : userPage(userLang(language), kind === 'confirm' ? 'confirmAsk' : 'cancelAsk');
  };
  const refused = async (kind: string) => {
    await deps.db.transaction((tx) => appendEvent(tx, { ticketId: null, type: 'link_refused', actor: 'anonymous', data: { kind } }));
  };

  app.get<TokenRequest>('/r/confirm/:token', { config }, async (request, reply) => {
    const page = await show('confirm')(request);
    return reply.type('text/html; charset=utf-8').send(toText(page));
  });
  app.post<TokenRequest>('/r/confirm/:token', { config }, async (request, reply) => {
    const language = await linkLanguage(deps, 'confirm', request.params.token);
    const result = await confirmByToken(deps, request.params.token);
    if (result !== 'confirmed') await refused('confirm');
    const page = result === 'confirmed' ? userPage(userLang(language), 'confirmDone') : language ? userPage(userLang(language), 'invalid') : invalidLinkPage();
    return reply
      .code(result === 'confirmed' ? 200 : 410)
      .type('text/html; charset=utf-8')
      .send(toText(page));
  });
  app.get<TokenRequest>('/r/cancel/:token', { config }, async (request, reply) => {
    const page = await show('cancel')(request);
    return reply.type('text/html; charset=utf-8').send(toText(page));
  });
  app.post<TokenRequest>('/r/cancel/:token', { config }, async (request, reply) => {
    const language = await linkLanguage(deps, 'cancel', request.params.token);
    const result = await cancelByToken(deps, request.params.token);
    if (result !== 'cancelled') await refused('cancel');
    const page = result === 'cancelled' ? userPage(userLang(language), 'cancelDone') : language ? userPage(userLang(language), 'invalid') : invalidLinkPage();
    return reply
      .code(result === 'cancelled' ? 200 : 410)
      .type('text/html; charset=utf-8')
      .send(toText(page));
  });
}
