// What the pipeline read from one message, and what became of it: the types the pipeline's
// steps (process-message, open-ticket, competing-request, repeat-guard…) pass between them.
import type { Analysis } from '../core/analyse.ts';
import type { InboundMessage } from '../core/message.ts';
import type { AuthVerdict } from '../core/verdict.ts';
import type { MessageResult } from '../adapters/db/messages.repository.ts';

export interface Reading {
  message: InboundMessage;
  analysis: Analysis;
  /** The writer's own text (quotes stripped), as the analysis read it. */
  ownText: string;
  verdict: AuthVerdict;
  /** Normalised single From address, or null when identity failed. */
  sender: string | null;
  authenticated: boolean;
  authReason: string;
  flags: string[];
  /** Why no automatic answer may be sent, or null. */
  noAnswer: string | null;
  /** Ticket reference this message answers (our Message-ID, or the subject), if any. */
  threadRef: string | null;
}

export interface ProcessOutcome {
  outcome: MessageResult['outcome'];
  kind: string | null;
  reason: string | null;
  ticketId: number | null;
  outboxIds: number[];
  /** When the message was stored: arrival-to-ticket latency is measured from here. */
  receivedAt?: Date;
}
