// SPEC §6 rule 15, second half, as a pure decision: who may speak for the holder, about which
// ticket, and what their message does to it.
import { describe, expect, test } from 'vitest';
import { HOLDER_VOICE_WINDOW_MS, holderVoice, withHolderFlag, withMergedMessage, type HolderMessage } from '../../src/core/holder-voice.ts';
import type { TicketStatus } from '../../src/core/ticket-status.ts';
import { evidenceHash } from '../../src/steps/evidence.ts';
import type { TicketRow } from '../../src/adapters/db/tickets.repository.ts';

const HOLDER = 'sarah.connor@northwind.example';
const NOW = new Date('2026-11-24T10:00:00Z');
const DAY = 86_400_000;

function message(
  status: TicketStatus,
  changes: Partial<Omit<HolderMessage, 'ticket'>> & { closedAt?: Date | null; storedAddress?: string | null; ticketAuthenticated?: boolean } = {},
): HolderMessage {
  const { closedAt = null, storedAddress = HOLDER, ticketAuthenticated = true, ...rest } = changes;
  return { ticket: { status, closedAt, storedAddress, authenticated: ticketAuthenticated }, sender: HOLDER, authenticated: true, filled: 0, now: NOW, ...rest };
}

describe('the holder wrote again', () => {
  test('an authenticated message from the stored address on a complete ticket flags it and voids pending approvals', () => {
    for (const status of ['ready', 'waiting_confirmation'] as const) {
      expect(holderVoice(message(status))).toEqual({ kind: 'holder_wrote_again', voidApprovals: true, statusAfter: status });
    }
  });

  test('an approved ticket goes back to review: its scheduled reset waits for an agent', () => {
    expect(holderVoice(message('approved'))).toEqual({ kind: 'holder_wrote_again', voidApprovals: true, statusAfter: 'ready' });
  });

  test('a ticket closed within 30 days is flagged and stays closed; one closed longer ago is not', () => {
    for (const status of ['done', 'rejected', 'cancelled'] as const) {
      expect(holderVoice(message(status, { closedAt: new Date(NOW.getTime() - 29 * DAY) }))).toEqual({
        kind: 'holder_wrote_again',
        voidApprovals: false,
        statusAfter: status,
      });
      expect(holderVoice(message(status, { closedAt: new Date(NOW.getTime() - HOLDER_VOICE_WINDOW_MS - 1000) }))).toEqual({
        kind: 'none',
        why: 'closed_long_ago',
      });
    }
  });

  test('an unauthenticated message never speaks for the holder (control: the same message authenticated does)', () => {
    expect(holderVoice(message('approved', { authenticated: false }))).toEqual({ kind: 'none', why: 'not_authenticated' });
    expect(holderVoice(message('approved', { authenticated: true })).kind).toBe('holder_wrote_again');
  });

  test('another address, even authenticated, is not the holder (control: the stored address is)', () => {
    expect(holderVoice(message('ready', { sender: 'sarah.connor+x@northwind.example' }))).toEqual({ kind: 'none', why: 'not_the_stored_address' });
    expect(holderVoice(message('ready', { sender: null }))).toEqual({ kind: 'none', why: 'not_authenticated' });
    expect(holderVoice(message('ready', { sender: HOLDER })).kind).toBe('holder_wrote_again');
  });

  test('a stored address spelled as an external directory keeps it (capitals, a Unicode domain) is the holder’s mailbox (red team stop 27)', () => {
    expect(holderVoice(message('approved', { storedAddress: 'Sarah.Connor@Northwind.example' })).kind).toBe('holder_wrote_again');
    expect(holderVoice(message('ready', { storedAddress: 'sarah@bücher.example', sender: 'sarah@xn--bcher-kva.example' })).kind).toBe('holder_wrote_again');
    // Control: nothing else is folded (a Kelvin sign, a plus tag).
    expect(holderVoice(message('ready', { storedAddress: '\u212Aarl@northwind.example', sender: 'karl@northwind.example' })).kind).toBe('none');
    expect(holderVoice(message('ready', { storedAddress: 'Sarah.Connor+x@Northwind.example' })).kind).toBe('none');
  });

  test('on a ticket waiting for details, filling in a missing field is the normal flow; a message filling nothing is flagged', () => {
    expect(holderVoice(message('waiting_details', { filled: 1 }))).toEqual({ kind: 'none', why: 'filling_in_details' });
    expect(holderVoice(message('waiting_details', { filled: 0 }))).toEqual({ kind: 'holder_wrote_again', voidApprovals: true, statusAfter: null });
  });

  test('on an unauthenticated ticket (a forgery, never answered) the holder’s signed mail is flagged even when it fills in a field', () => {
    expect(holderVoice(message('waiting_details', { filled: 2, ticketAuthenticated: false }))).toEqual({
      kind: 'holder_wrote_again',
      voidApprovals: true,
      statusAfter: null,
    });
    expect(holderVoice(message('waiting_details', { filled: 2, ticketAuthenticated: true }))).toEqual({ kind: 'none', why: 'filling_in_details' });
  });

  test('an unmatched ticket has no holder', () => {
    expect(holderVoice(message('unmatched', { storedAddress: null }))).toEqual({ kind: 'none', why: 'not_a_recovery' });
  });
});

describe('what the flag and a merge leave in the signals', () => {
  test('merged message ids are appended once, in order', () => {
    const once = withMergedMessage({ flags: [] as string[] }, 7);
    expect(withMergedMessage(withMergedMessage(once, 9), 9).mergedMessageIds).toEqual([7, 9]);
  });

  test('the flag is set once, and the time the holder last wrote moves on', () => {
    const first = withHolderFlag({ flags: ['reply_to_differs'] }, NOW);
    const again = withHolderFlag(first, new Date(NOW.getTime() + DAY));
    expect(again.flags).toEqual(['reply_to_differs', 'holder_wrote_again']);
    expect(again.holderWroteAgainAt).toBe(new Date(NOW.getTime() + DAY).toISOString());
  });
});

describe('the evidence an approval is bound to', () => {
  const ticket = {
    accountId: 1,
    senderAddress: HOLDER,
    fields: { fullName: 'Sarah Connor' },
    missing: [],
    signals: { flags: [], mergedMessageIds: [1] },
    confirmedAt: null,
  } as unknown as TicketRow;

  test('changes when a message is merged into the ticket (control: nothing merged, same hash)', () => {
    expect(evidenceHash({ ...ticket })).toBe(evidenceHash(ticket));
    expect(evidenceHash({ ...ticket, signals: withMergedMessage(ticket.signals as Record<string, unknown>, 2) })).not.toBe(evidenceHash(ticket));
  });

  test('changes when the holder wrote again, and again each time they write', () => {
    const flagged = { ...ticket, signals: withHolderFlag(ticket.signals as Record<string, unknown>, NOW) };
    const twice = { ...ticket, signals: withHolderFlag(flagged.signals, new Date(NOW.getTime() + 1000)) };
    expect(evidenceHash(flagged)).not.toBe(evidenceHash(ticket));
    expect(evidenceHash(twice)).not.toBe(evidenceHash(flagged));
  });
});
