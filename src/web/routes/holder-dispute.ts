// The holder's "This wasn't me" link (SPEC §6 rule 15): GET shows one button and changes
// nothing; the POST (token in the form, no session; cross-site POSTs are refused by app.ts's
// hook, as for every user link) stops the recovery once.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../steps/deps.ts';
import { disputeByToken, disputeLinkState } from '../../steps/holder-dispute.ts';
import { appendEvent } from '../../adapters/db/events.repository.ts';
import { toText, type SafeHtml } from '../html.ts';
import { disputePage } from '../views/holder-dispute.ts';
import { invalidLinkPage, userLang } from '../views/user-links.ts';

type Show = { Params: { token: string } };
type Use = { Body: { token?: unknown } | undefined };

export function holderDisputeRoutes(app: FastifyInstance, deps: Deps, limit: { max: number; timeWindow: string }): void {
  const config = { rateLimit: limit };
  const send = (reply: FastifyReply, status: number, page: SafeHtml) => reply.code(status).type('text/html; charset=utf-8').send(toText(page));

  app.get<Show>('/r/not-me/:token', { config }, async (request, reply) => {
    const link = await disputeLinkState(deps, request.params.token);
    if (!link) return send(reply, 404, invalidLinkPage());
    const lang = userLang(link.language);
    if (link.state === 'usable') return send(reply, 200, disputePage(lang, 'ask', request.params.token));
    return send(reply, link.state === 'expired' ? 410 : 200, disputePage(lang, link.state));
  });

  app.post<Use>('/r/not-me', { config }, async (request, reply) => {
    const token = typeof request.body?.token === 'string' ? request.body.token : '';
    const link = await disputeLinkState(deps, token);
    const outcome = await disputeByToken(deps, token);
    if (outcome.result === 'cancelled' || outcome.result === 'flagged') return send(reply, 200, disputePage(userLang(link?.language), outcome.result));
    // Nothing changed: recorded (never the token) so agents see repeated or forged attempts.
    await deps.db.transaction((tx) =>
      appendEvent(tx, { ticketId: null, type: 'link_refused', actor: 'anonymous', data: { kind: 'not_me', reason: outcome.result } }),
    );
    if (outcome.result === 'invalid' || !link) return send(reply, 410, invalidLinkPage());
    return send(reply, outcome.result === 'expired' ? 410 : 200, disputePage(userLang(link.language), outcome.result));
  });
}
