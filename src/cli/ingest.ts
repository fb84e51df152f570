import { findMessage } from '../adapters/db/messages.repository.ts';
import { findTicketById } from '../adapters/db/tickets.repository.ts';
import { startWorker, type App } from '../main.ts';
import { storeMessages } from '../steps/store-message.ts';
import { config, printJson, productionConfig, readInput, withApp } from './common.ts';
import { printText } from './terminal.ts';

export interface IngestResult {
  messageId: number;
  status: 'queued' | 'ticket_opened' | 'ticket_updated' | 'ignored' | 'quarantined';
  kind: string | null;
  ticketRef?: string;
  reason?: string;
}

export async function waitForOutcome(app: App, messageId: number, timeoutMs: number): Promise<IngestResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await findMessage(app.deps.db, messageId);
    if (row && row.status !== 'stored' && row.outcome) {
      const ticket = row.ticketId ? await findTicketById(app.deps.db, row.ticketId) : null;
      return { messageId, status: row.outcome, kind: row.kind, ...(ticket ? { ticketRef: ticket.ref } : {}), ...(row.reason ? { reason: row.reason } : {}) };
    }
    if (Date.now() > deadline) throw new Error(`message ${messageId} has no outcome after ${timeoutMs / 1000} s: are the workers running and Redis reachable?`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Workers seen on the inbound queue; with none, `--wait` runs them in this process. */
async function workersRunning(app: App): Promise<boolean> {
  const queue = app.queues.byName.get('inbound');
  return queue ? (await queue.getWorkersCount()) > 0 : false;
}

/** Lets replies queued by this message go out before an in-process worker stops. */
export async function drainOutbound(app: App, timeoutMs: number): Promise<void> {
  const queue = app.queues.byName.get('outbound');
  const deadline = Date.now() + timeoutMs;
  while (queue && Date.now() < deadline) {
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function ingestCommand(file: string, options: { wait: boolean; json: boolean }): Promise<void> {
  // --wait may run the workers in this process: then it is held to the serving commands' rule
  const cfg = options.wait ? productionConfig() : config();
  const raw = await readInput(file);
  await withApp(async (app) => {
    const [stored] = await storeMessages(app.deps, [{ raw, source: 'ingest' }]);
    if (!stored) throw new Error('the message was not stored');
    let result: IngestResult = { messageId: stored.id, status: 'queued', kind: null };
    if (options.wait) {
      const local = (await workersRunning(app)) ? null : startWorker({ ...app, deps: { ...app.deps, config: { ...app.deps.config, IMAP_URL: undefined } } });
      try {
        result = await waitForOutcome(app, stored.id, 120_000);
        if (local) await drainOutbound(app, 30_000);
      } finally {
        await local?.stop();
      }
    }
    if (options.json) printJson(result);
    else
      printText(
        `message ${result.messageId}: ${result.status}${result.ticketRef ? ` (${result.ticketRef})` : ''}${result.reason ? ` — ${result.reason}` : ''}\n`,
      );
  }, cfg);
}
