// The agent console: queue, ticket, and the decisions taken on a ticket.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addNote, recordIdentityCheck } from '../../steps/add-note.ts';
import { approveTicket } from '../../steps/approve-ticket.ts';
import { consoleQueue, consoleTicket, QUEUE_FILTERS, quarantinedMessages, type QueueFilter } from '../../steps/console-view.ts';
import { ERRORS, type ErrorCode, type ErrorMeaning } from '../../core/errors.ts';
import { StepError, type Deps } from '../../steps/deps.ts';
import { rejectTicket } from '../../steps/reject-ticket.ts';
import { resolveReset } from '../../steps/resolve-reset.ts';
import { requestDetails } from '../../steps/request-details.ts';
import { agentOf, auditRefusal } from '../guard.ts';
import { html, toText } from '../html.ts';
import { layout } from '../views/layout.ts';
import { heldPage, quarantinePage, queuePage } from '../views/queue.ts';
import { listHeld } from '../../steps/held-mail.ts';
import { replayMessage } from '../../steps/replay-message.ts';
import { ticketPage } from '../views/ticket.ts';

type RefRequest = { Params: { ref: string }; Querystring: { ok?: string }; Body: Record<string, string | string[] | undefined> };

const DONE: Record<string, string> = {
  approved: 'Approved: the account holder was told, with a link to cancel; the reset runs when the cancel window ends.',
  awaiting_second_approver: 'Your approval is recorded: a second, different agent must approve too.',
  done: 'Approved and done: the account’s 2FA is cleared and the holder told.',
  rejected: 'Rejected: the account holder is told the reason.',
  resetting: 'Approved: the reset is being carried out in the account directory; the ticket is done once the directory shows 2FA gone.',
  reset_retried: 'The reset is being tried again in the account directory.',
  reset_reviewed: 'Sent back to review with the directory’s current profile: it must be approved again.',
  details_requested: 'The request for the missing details is on its way to the stored address.',
  details_already_requested: 'The same request was sent already; nothing changed since.',
  note: 'Note added.',
  identity_check: 'Identity check recorded.',
};

/** The console's answer to a refused decision: the catalog's status for the code. */
export function statusFor(code: ErrorCode): number {
  return ERRORS[code].httpStatus;
}

/** Whether the console records the refusal itself: not when the approval step already did. */
export function consoleAudits(action: string, code: ErrorCode): boolean {
  return action !== 'approve' || !(ERRORS[code] as ErrorMeaning).auditedByApproval;
}

function field(body: RefRequest['Body'] | undefined, name: string): string {
  const value = body?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function consoleRoutes(app: FastifyInstance, deps: Deps): void {
  const page = (reply: FastifyReply, content: ReturnType<typeof html>, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(toText(content));

  async function showTicket(request: FastifyRequest<RefRequest>, reply: FastifyReply, extra: { ok?: string | null; error?: string | null; status?: number }) {
    const ticket = await consoleTicket(deps, request.params.ref);
    const context = { agent: agentOf(request), csrf: reply.generateCsrf() };
    if (!ticket)
      return page(
        reply,
        layout(
          'Not found',
          context,
          html`<h1>No ticket ${request.params.ref}</h1>
            <p><a href="/tickets">Back to the queue</a></p>`,
        ),
        404,
      );
    return page(
      reply,
      ticketPage(context, { ticket, approvers: deps.config.RECOVERY_APPROVERS, ok: extra.ok ?? null, error: extra.error ?? null }),
      extra.status ?? 200,
    );
  }

  app.get('/', async (request, reply) => reply.redirect(agentOf(request) ? '/tickets' : '/login', 303));

  app.get<{ Querystring: { status?: string } }>('/tickets', async (request, reply) => {
    const filter = (QUEUE_FILTERS as readonly string[]).includes(request.query.status ?? '') ? (request.query.status as QueueFilter) : 'open';
    const context = { agent: agentOf(request), csrf: reply.generateCsrf() };
    if (filter === 'quarantined') return page(reply, quarantinePage(context, await quarantinedMessages(deps)));
    if (filter === 'held') return page(reply, heldPage(context, await listHeld(deps)));
    return page(reply, queuePage(context, filter, await consoleQueue(deps, filter)));
  });

  app.post<{ Params: { id: string } }>('/quarantine/:id/replay', async (request, reply) => {
    const agent = agentOf(request)!;
    if (agent.role !== 'admin') {
      await auditRefusal(deps, request, 'not_admin', { action: 'replay' });
      return page(
        reply,
        layout(
          'Not allowed',
          { agent },
          html`<h1>Only admins replay quarantined mail</h1>
            <p><a href="/tickets?status=quarantined">Back</a></p>`,
        ),
        403,
      );
    }
    let notice: string;
    try {
      const result = await replayMessage(deps, Number(request.params.id), agent.email);
      notice = `Message #${result.messageId} was queued again (it was quarantined for ${result.previousReason ?? 'an unknown reason'}).`;
    } catch (error) {
      if (!(error instanceof StepError)) throw error;
      await auditRefusal(deps, request, error.code, { action: 'replay' });
      notice = error.message;
    }
    return page(reply, quarantinePage({ agent, csrf: reply.generateCsrf() }, await quarantinedMessages(deps), notice));
  });

  // Only a notice of ours: `?ok=constructor` must not reach Object.prototype.
  app.get<RefRequest>('/tickets/:ref', async (request, reply) => {
    const ok = request.query.ok;
    return showTicket(request, reply, { ok: typeof ok === 'string' && Object.hasOwn(DONE, ok) ? DONE[ok] : null });
  });

  /** Runs one decision; a refusal shows the ticket again with the reason, and is audited. */
  const action =
    (name: string, run: (request: FastifyRequest<RefRequest>, agentEmail: string) => Promise<string>) =>
    async (request: FastifyRequest<RefRequest>, reply: FastifyReply) => {
      const agent = agentOf(request)!;
      try {
        const done = await run(request, agent.email);
        return reply.redirect(`/tickets/${encodeURIComponent(request.params.ref)}?ok=${done}#actions`, 303);
      } catch (error) {
        if (!(error instanceof StepError)) throw error;
        if (consoleAudits(name, error.code)) await auditRefusal(deps, request, error.code, { action: name });
        return showTicket(request, reply, { error: error.message, status: statusFor(error.code) });
      }
    };

  app.post<RefRequest>(
    '/tickets/:ref/approve',
    action('approve', async (request, agentEmail) => {
      const evidence = field(request.body, 'evidence');
      // The console always binds the approval to the evidence it showed.
      if (!/^[0-9a-f]{64}$/.test(evidence))
        throw new StepError('approval.evidence_required', 'the approval form is incomplete: reload the ticket and try again');
      const result = await approveTicket(deps, {
        ref: request.params.ref,
        agentEmail,
        totpCode: field(request.body, 'code'),
        reason: field(request.body, 'reason'),
        evidenceHash: evidence,
      });
      return result.status;
    }),
  );
  for (const [path, resolve] of [
    ['retry-reset', 'retry'],
    ['review-reset', 'review'],
  ] as const) {
    app.post<RefRequest>(
      `/tickets/:ref/${path}`,
      action(`reset_${resolve}`, async (request, agentEmail) => {
        await resolveReset(deps, { ref: request.params.ref, agentEmail, totpCode: field(request.body, 'code'), action: resolve });
        return resolve === 'retry' ? 'reset_retried' : 'reset_reviewed';
      }),
    );
  }
  app.post<RefRequest>(
    '/tickets/:ref/reject',
    action('reject', async (request, agentEmail) => {
      await rejectTicket(deps, { ref: request.params.ref, agentEmail, reason: field(request.body, 'reason').slice(0, 2000) });
      return 'rejected';
    }),
  );
  app.post<RefRequest>(
    '/tickets/:ref/request-details',
    action('request_details', async (request, agentEmail) =>
      (await requestDetails(deps, { ref: request.params.ref, agentEmail })).queued ? 'details_requested' : 'details_already_requested',
    ),
  );
  app.post<RefRequest>(
    '/tickets/:ref/note',
    action('note', async (request, agentEmail) => {
      await addNote(deps, { ref: request.params.ref, agentEmail, text: field(request.body, 'text') });
      return 'note';
    }),
  );
  app.post<RefRequest>(
    '/tickets/:ref/identity-check',
    action('identity_check', async (request, agentEmail) => {
      const checks = request.body?.checks;
      await recordIdentityCheck(deps, {
        ref: request.params.ref,
        agentEmail,
        checks: Array.isArray(checks) ? checks : checks ? [checks] : [],
        detail: field(request.body, 'detail'),
      });
      return 'identity_check';
    }),
  );

  // A decision is never taken by a GET (a link, an image, a prefetch): refused and recorded.
  app.get<RefRequest & { Params: { action: string } }>('/tickets/:ref/:action', async (request, reply) => {
    await auditRefusal(deps, request, 'method_not_allowed', { action: request.params.action });
    return page(
      reply.header('allow', 'POST'),
      layout(
        'Not allowed',
        { agent: agentOf(request) },
        html`<h1>Use the buttons on the ticket page</h1>
          <p><a href="/tickets/${request.params.ref}">Back to the ticket</a></p>`,
      ),
      405,
    );
  });
}
