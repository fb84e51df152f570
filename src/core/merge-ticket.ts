// Merging a follow-up (or a repeated request) into the open ticket it belongs to, as a value:
// the ticket and the message's reading in, the ticket's new state out.
import { withMergedMessage } from './holder-voice.ts';
import { FIELD_NAMES, type FieldName } from './message.ts';
import { statusAfterDetails, type TicketStatus } from './ticket-status.ts';
import { withFlags, type TicketFields, type TicketSignals, type TicketSnippets } from './ticket.ts';

export interface MergeTicket {
  status: TicketStatus;
  fields: TicketFields;
  snippets: TicketSnippets;
  signals: TicketSignals;
  confirmedAt: Date | null;
}

export interface MergeMessage {
  id: number;
  authenticated: boolean;
  authReason: string;
  flags: readonly string[];
  fields: TicketFields;
  snippets: TicketSnippets;
}

export type MergeDecision =
  /** An unverified message about an authenticated ticket: only flagged, for the agent to read. */
  | { kind: 'kept_apart'; signals: TicketSignals }
  | {
      kind: 'merged';
      fields: TicketFields;
      /** The fields this message filled in. */
      filled: FieldName[];
      missing: FieldName[];
      status: TicketStatus;
      snippets: TicketSnippets;
      signals: TicketSignals;
      /** Both the ticket and this message authenticated. */
      authenticated: boolean;
    };

export function missingFields(fields: TicketFields): FieldName[] {
  return FIELD_NAMES.filter((name) => !fields[name]);
}

/** `linkChallenge`: RECOVERY_CHALLENGE is `link` (an authenticated ticket waits for its confirmation). */
export function mergeIntoTicket(ticket: MergeTicket, message: MergeMessage, options: { linkChallenge: boolean }): MergeDecision {
  const before = ticket.signals;
  if (before.senderAuthenticated && !message.authenticated) {
    // An unverified message about an authenticated ticket may be forged: it neither fills in
    // details nor downgrades the ticket (which would stall the genuine user's request). It is
    // kept on the ticket, flagged, for the agent to read.
    return { kind: 'kept_apart', signals: withFlags(before, 'unverified_message_received') };
  }
  const fields: TicketFields = { ...ticket.fields };
  const filled: FieldName[] = [];
  for (const name of FIELD_NAMES) {
    if (!fields[name] && message.fields[name]) {
      fields[name] = message.fields[name];
      filled.push(name);
    }
  }
  const missing = missingFields(fields);
  const authenticated = Boolean(before.senderAuthenticated) && message.authenticated;
  const needsConfirmation = options.linkChallenge && authenticated && !ticket.confirmedAt;
  const status: TicketStatus = ['waiting_details', 'waiting_confirmation', 'ready'].includes(ticket.status)
    ? statusAfterDetails({ missing, needsConfirmation })
    : ticket.status;
  const signals = withFlags(
    {
      ...before,
      senderAuthenticated: authenticated,
      authReason: authenticated ? before.authReason : before.senderAuthenticated ? message.authReason : before.authReason,
    },
    ...message.flags,
  );
  return {
    kind: 'merged',
    fields,
    filled,
    missing,
    status,
    snippets: { ...message.snippets, ...ticket.snippets },
    signals: withMergedMessage(signals, message.id),
    authenticated,
  };
}
