import { canonicalJson } from '../core/canonical-json.ts';
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import type { TicketRow } from '../adapters/db/tickets.repository.ts';

/**
 * The hash an approval is bound to: everything the agent was shown to decide on. The signals
 * carry the flags (`holder_wrote_again` and when the holder last wrote) and `mergedMessageIds`,
 * the id of every message merged into the ticket, the opening one included: any message merged
 * after an approval, or the holder writing again, changes the hash and voids that approval.
 */
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
