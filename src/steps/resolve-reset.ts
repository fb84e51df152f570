// What an agent does with a ticket whose external reset needs a human (SPEC §9): once the cause
// is fixed (the directory back up, its secret corrected, the account looked at), **retry** the
// reset, or **send it back to review** with the directory's current profile, to be approved again.
// Both need the agent's own fresh TOTP code, as an approval does. Neither ever reports "done":
// only the directory-reset job's read-back does.
import { randomUUID } from 'node:crypto';
import { clearApprovals } from '../adapters/db/agents.repository.ts';
import { lockOperation, operationOfTicket, updateOperation } from '../adapters/db/directory-operations.repository.ts';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { findTicketByRef, lockTicket, updateTicket } from '../adapters/db/tickets.repository.ts';
import type { FindResult } from '../core/directory.ts';
import { idempotencyKeyFor, retryable, type NeedsAttentionReason } from '../core/directory-reset.ts';
import { StepError, type Deps } from './deps.ts';
import { stepUp } from './approve-ticket.ts';

export type ResolveAction = 'retry' | 'review';

export interface ResolveInput {
  ref: string;
  agentEmail: string;
  totpCode: string;
  action: ResolveAction;
}

export async function resolveReset(deps: Deps, input: ResolveInput): Promise<{ ref: string; status: 'approved' | 'ready' }> {
  const found = await findTicketByRef(deps.db, input.ref);
  if (!found) throw new StepError('ticket.not_found', `no ticket ${input.ref}`);
  const agent = await stepUp(deps, input.agentEmail, input.totpCode, `reset_${input.action}`, found.id);
  if (found.status !== 'needs_attention') throw new StepError('reset.not_needing_attention', `${found.ref} is ${found.status}, not needs_attention`);
  // Outside the transaction: the directory may be a remote service.
  const current: FindResult | null = input.action === 'review' && found.signals.onFile ? await deps.directory.find(found.signals.onFile.email) : null;

  const operationId = await deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, found.id);
    if (ticket?.status !== 'needs_attention')
      throw new StepError('reset.not_needing_attention', `${found.ref} is ${ticket?.status ?? 'gone'}, not needs_attention`);
    const operation = await operationOfTicket(tx, ticket.id);
    const locked = operation ? await lockOperation(tx, operation.id) : null;
    const reason = (locked?.reason ?? null) as NeedsAttentionReason | null;
    const now = deps.now();
    if (input.action === 'retry') {
      if (!locked || !retryable(reason))
        throw new StepError('reset.not_needing_attention', 'the account changed in the directory: send the ticket back to review instead of retrying');
      await updateOperation(tx, locked.id, {
        status: 'pending',
        reason: null,
        failures: 0,
        lastError: null,
        retryUntil: new Date(now.getTime() + deps.config.DIRECTORY_RETRY_FOR),
        updatedAt: now,
        finishedAt: null,
        // The directory kept the answer of the first key ("done") although 2FA stayed: only a new key asks it again.
        ...(reason === 'still_enrolled' ? { idempotencyKey: idempotencyKeyFor(ticket.ref, randomUUID()), attempts: 0 } : {}),
      });
      await updateTicket(tx, ticket.id, 'needs_attention', { status: 'approved', updatedAt: now });
      await appendEvent(tx, { ticketId: ticket.id, type: 'reset_retried', actor: agent.email, data: { operationId: locked.id, reason } });
      return locked.id;
    }
    // Back to review: the profile on file becomes the directory's current one; approvals are void
    // (the version is in the evidence, so the agents decide on what the directory says now).
    if (current?.kind !== 'one' || current.account.id !== ticket.signals.onFile?.id)
      throw new StepError('reset.account_not_found', 'the directory no longer finds this account at that address: reject the ticket instead');
    const { id, email, fullName, organisations, totpEnabled, version } = current.account;
    const onFile = { directory: deps.directory.kind, id, email, fullName, organisations, totpEnabled, version };
    await updateTicket(tx, ticket.id, 'needs_attention', { status: 'ready', signals: { ...ticket.signals, onFile }, resetDueAt: null, updatedAt: now });
    await clearApprovals(tx, ticket.id);
    await appendEvent(tx, { ticketId: ticket.id, type: 'reset_sent_back_to_review', actor: agent.email, data: { reason, version } });
    return null;
  });
  if (operationId) await deps.jobs.requeue('directory-reset', { operationId });
  deps.log.info({ ticketRef: found.ref, action: input.action }, 'external reset resolved by an agent');
  return { ref: found.ref, status: operationId ? 'approved' : 'ready' };
}
