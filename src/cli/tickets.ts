import { TICKET_STATUSES, type TicketStatus } from '../core/ticket-status.ts';
import { startWorker } from '../main.ts';
import { approveTicket } from '../steps/approve-ticket.ts';
import { rejectTicket } from '../steps/reject-ticket.ts';
import { resolveReset, type ResolveAction } from '../steps/resolve-reset.ts';
import { ticketDetail, ticketList } from '../steps/ticket-view.ts';
import { printJson, productionConfig, required, UsageError, withApp } from './common.ts';
import { drainOutbound } from './ingest.ts';
import { printText } from './terminal.ts';

export async function ticketsList(status: string | undefined, json: boolean): Promise<void> {
  if (status && !TICKET_STATUSES.includes(status as TicketStatus)) throw new UsageError(`--status is one of ${TICKET_STATUSES.join(', ')}`);
  await withApp(async ({ deps }) => {
    const rows = await ticketList(deps, status as TicketStatus | undefined);
    if (json) return printJson(rows);
    if (rows.length === 0) printText(status ? `no ${status} tickets\n` : 'no tickets\n');
    for (const row of rows)
      printText(`${row.ref}  ${row.status.padEnd(20)}  ${(row.accountEmail ?? row.senderAddress).padEnd(36)}  missing: ${row.missing.join(', ') || '-'}\n`);
  });
}

export async function ticketsShow(ref: string, json: boolean): Promise<void> {
  await withApp(async ({ deps }) => {
    const ticket = await ticketDetail(deps, ref);
    if (!ticket) throw new UsageError(`no ticket ${ref}: see 'recovery-desk tickets list'`);
    if (json) return printJson(ticket);
    printText(
      `${ticket.ref}  ${ticket.status}\naccount: ${ticket.account?.email ?? '(none)'}\nfields: ${JSON.stringify(ticket.fields)}\nmissing: ${ticket.missing.join(', ') || '-'}\nsignals: ${JSON.stringify(ticket.signals)}\nevidence: ${ticket.evidenceHash} (tickets approve … --evidence binds the approval to it)\n`,
    );
    const reset = ticket.directoryReset;
    if (reset)
      printText(
        `directory reset: ${reset.status}${reset.reason ? ` (${reset.reason}: ${reset.explanation})` : ''}, ${reset.attempts} call(s)${reset.lastError ? `, last failure: ${reset.lastError}` : ''}\n`,
      );
    for (const event of ticket.events) printText(`  ${event.at}  ${event.type}  ${event.actor}\n`);
  });
}

/**
 * Approval and rejection queue replies; they are sent by the workers (here, if none run). A
 * decision opens the agent's TOTP secret (SECRETS_KEY) and its mail carries our signed
 * Message-ID (MESSAGE_HMAC_KEY): held to the serving commands' rule (SPEC §6 rule 17).
 */
async function withSender<T>(body: Parameters<typeof withApp<T>>[0]): Promise<T> {
  const cfg = productionConfig();
  return withApp(async (app) => {
    const result = await body(app);
    const queue = app.queues.byName.get('outbound');
    if (queue && (await queue.getWorkersCount()) === 0) {
      const local = startWorker({ ...app, deps: { ...app.deps, config: { ...app.deps.config, IMAP_URL: undefined } } });
      await drainOutbound(app, 30_000);
      await local.stop();
    }
    return result;
  }, cfg);
}

export async function ticketsApprove(ref: string, options: { agent?: string; totp?: string; reason?: string; evidence?: string }): Promise<void> {
  // The console binds every approval to the evidence it showed; here the agent may do the same with
  // the hash `tickets show` printed, so mail merged in after they read the ticket refuses it.
  if (options.evidence !== undefined && !/^[0-9a-f]{64}$/.test(options.evidence))
    throw new UsageError("--evidence is the 64-hex evidenceHash 'recovery-desk tickets show REF --json' prints");
  const result = await withSender(({ deps }) =>
    approveTicket(deps, {
      ref,
      agentEmail: required(options.agent, '--agent'),
      totpCode: required(options.totp, '--totp'),
      reason: options.reason,
      evidenceHash: options.evidence,
    }),
  );
  printJson(result);
}

export async function ticketsReject(ref: string, options: { agent?: string; reason?: string }): Promise<void> {
  const result = await withSender(({ deps }) =>
    rejectTicket(deps, { ref, agentEmail: required(options.agent, '--agent'), reason: required(options.reason, '--reason') }),
  );
  printJson(result);
}

/** An external reset that needs attention (SPEC §9): retried, or sent back to review. */
export async function ticketsResolveReset(ref: string, action: ResolveAction, options: { agent?: string; totp?: string }): Promise<void> {
  const result = await withApp(
    ({ deps }) => resolveReset(deps, { ref, agentEmail: required(options.agent, '--agent'), totpCode: required(options.totp, '--totp'), action }),
    productionConfig(),
  );
  printJson(result);
}
