// One attempt of the process-message job: a message whose last attempt fails is quarantined,
// never lost. The queue says which attempt this is; what a failure means comes from the catalog.
import { safeErrorMessage } from '../adapters/db/errors.ts';
import { finishMessage } from '../adapters/db/messages.repository.ts';
import { meaningOf } from '../core/errors.ts';
import type { Deps } from './deps.ts';
import { processMessage, type ProcessOutcome } from './process-message.ts';

export async function processMessageAttempt(
  deps: Deps,
  messageId: number,
  attempt: { isLastAttempt: boolean },
): Promise<ProcessOutcome | { outcome: 'quarantined' }> {
  try {
    return await processMessage(deps, messageId);
  } catch (error) {
    if (!attempt.isLastAttempt) throw error;
    const reason = meaningOf(error)?.quarantineReason ?? 'processing_failed';
    await finishMessage(
      deps.db,
      messageId,
      { outcome: 'quarantined', kind: null, reason, ticketId: null, fromAddress: null, analysis: null, auth: null, serverAction: false },
      deps.now(),
    );
    deps.log.error({ messageId, err: safeErrorMessage(error) }, 'message quarantined after repeated failures');
    return { outcome: 'quarantined' };
  }
}
