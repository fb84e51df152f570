// Replaying quarantined mail (SPEC §6 rule 11): after a fix or a raised limit, an operator
// sends a quarantined message through the pipeline again. The first outcome is kept in the audit.
import { appendEvent } from '../adapters/db/events.repository.ts';
import { lockMessage, quarantinedMessages, requeueQuarantined } from '../adapters/db/quarantine.repository.ts';
import { StepError, type Deps } from './deps.ts';

export async function listQuarantined(deps: Pick<Deps, 'db'>, limit = 500) {
  const rows = await quarantinedMessages(deps.db, { limit });
  return rows.map(({ fromAddress: _from, source: _source, ...row }) => ({
    ...row,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
    replayable: row.rawPurgedAt === null,
  }));
}

export async function replayMessage(deps: Deps, messageId: number, actor: string): Promise<{ messageId: number; previousReason: string | null }> {
  if (!Number.isInteger(messageId) || messageId <= 0) throw new StepError('message.not_found', `no stored message ${messageId}`);
  const previous = await deps.db.transaction(async (tx) => {
    const row = await lockMessage(tx, messageId);
    if (!row) throw new StepError('message.not_found', `no stored message ${messageId}`);
    if (row.status !== 'quarantined') throw new StepError('message.not_quarantined', `message ${messageId} is ${row.status}, not quarantined`);
    if (!row.hasRaw) throw new StepError('message.raw_purged', `message ${messageId} was purged under the retention policy`);
    await requeueQuarantined(tx, messageId, row.attempts + 1);
    await appendEvent(tx, { ticketId: null, type: 'message_replayed', actor, data: { messageId, previousReason: row.reason } });
    return row.reason;
  });
  await deps.jobs.requeue('process-message', { messageId });
  return { messageId, previousReason: previous };
}
