import { canonicalJson } from '../core/canonical-json.ts';
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import type { TicketRow } from '../adapters/db/tickets.repository.ts';

/** The hash an approval is bound to: everything the agent was shown to decide on. */
export function evidenceHash(ticket: TicketRow): string {
  return sha256Hex(
    canonicalJson({
      accountId: ticket.accountId,
      senderAddress: ticket.senderAddress,
      fields: ticket.fields,
      missing: ticket.missing,
      signals: ticket.signals,
      confirmedAt: ticket.confirmedAt?.toISOString() ?? null,
    }),
  );
}
