// Held mail (SPEC §6 rule 16): requests read but not acted on — over a flood limit, a
// duplicate delivery, a replayed signature. Nothing is dropped unseen: agents find them in the
// console (Held tab) and operators in `recovery-desk quarantine list --held --json`.
import { emailsOfAccounts } from '../adapters/db/accounts.repository.ts';
import { heldMessages } from '../adapters/db/messages.repository.ts';
import { refsOfTickets } from '../adapters/db/tickets.repository.ts';
import type { Deps } from './deps.ts';

const WHY: Record<string, string> = {
  throttled_sender: 'too many authenticated requests from this address',
  throttled_domain: 'too many authenticated requests from this domain',
  throttled_account: 'too many authenticated requests for this account',
  throttled_unauthenticated_sender: 'too many unauthenticated requests from this address',
  throttled_unauthenticated_account: 'too many unauthenticated requests for this account',
  throttled_unauthenticated: 'too many unauthenticated requests overall',
  duplicate_message_id: 'the same message (Message-ID) was already processed',
  dkim_replay: 'its DKIM signature was already seen on another message: a replay',
};

export function heldReasonText(reason: string | null): string {
  return (reason && WHY[reason]) ?? reason ?? 'unknown';
}

export interface HeldRow {
  id: number;
  reason: string | null;
  why: string;
  kind: string | null;
  fromAddress: string | null;
  authenticated: boolean | null;
  accountEmail: string | null;
  ticketRef: string | null;
  messageId: string | null;
  receivedAt: string;
  processedAt: string | null;
}

export async function listHeld(deps: Pick<Deps, 'db'>, limit = 500): Promise<HeldRow[]> {
  const rows = await heldMessages(deps.db, limit);
  const ticketIds = [...new Set(rows.map((r) => r.ticketId).filter((id): id is number => id !== null))];
  const accountIds = [...new Set(rows.map((r) => r.accountId).filter((id): id is number => id !== null))];
  const refs = await refsOfTickets(deps.db, ticketIds);
  const emails = await emailsOfAccounts(deps.db, accountIds);
  return rows.map((row) => ({
    id: row.id,
    reason: row.reason,
    why: heldReasonText(row.reason),
    kind: row.kind,
    fromAddress: row.fromAddress,
    authenticated: row.authenticated,
    accountEmail: emails.find((a) => a.id === row.accountId)?.email ?? null,
    ticketRef: refs.find((t) => t.id === row.ticketId)?.ref ?? null,
    messageId: row.messageIdHeader,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
  }));
}
