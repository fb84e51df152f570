// What the job handlers report to Prometheus, observed on the steps' results.
import type { Metrics } from './metrics.ts';

/** Replies that answer the holder's mail first: arrival-to-ack is measured on them. */
const FIRST_ANSWERS = new Set(['acknowledgement', 'request_details', 'wrong_address']);

const secondsSince = (at: Date) => (Date.now() - at.getTime()) / 1000;

export function jobMetrics(metrics: Metrics) {
  return {
    async processed<T extends { outcome: string; receivedAt?: Date | undefined }>(outcome: T): Promise<T> {
      if (outcome.receivedAt && (outcome.outcome === 'ticket_opened' || outcome.outcome === 'ticket_updated'))
        metrics.arrivalToTicket.observe(secondsSince(outcome.receivedAt));
      return outcome;
    },
    async replied<T extends { result: string; kind: string | null; ticketId: number | null; lastArrivalAt?: Date | null | undefined }>(sent: T): Promise<T> {
      metrics.replies.inc({ kind: sent.kind ?? 'unknown', result: sent.result });
      // The ticket's latest arrival comes with the reply's own read (send-reply), not another statement.
      if (sent.result === 'sent' && sent.ticketId && FIRST_ANSWERS.has(sent.kind ?? '') && sent.lastArrivalAt)
        metrics.arrivalToAck.observe(secondsSince(sent.lastArrivalAt));
      return sent;
    },
    replyFailed(error: unknown): never {
      metrics.replies.inc({ kind: 'unknown', result: 'failed' });
      throw error;
    },
  };
}
