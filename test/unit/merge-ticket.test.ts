// Merging a follow-up or a repeated request into its open ticket, as a pure decision.
import { describe, expect, test } from 'vitest';
import { mergeIntoTicket, type MergeMessage, type MergeTicket } from '../../src/core/merge-ticket.ts';

const EMPTY = { fullName: null, organisation: null, explanation: null };

function ticket(changes: Partial<MergeTicket> = {}): MergeTicket {
  return {
    status: 'waiting_details',
    fields: { ...EMPTY, fullName: 'Sarah Connor' },
    snippets: { fullName: 'my name is Sarah Connor' },
    signals: { senderAuthenticated: true, authReason: 'dkim_aligned', flags: ['first'], mergedMessageIds: [1] },
    confirmedAt: null,
    ...changes,
  };
}

function message(changes: Partial<MergeMessage> = {}): MergeMessage {
  return {
    id: 2,
    authenticated: true,
    authReason: 'dkim_aligned',
    flags: [],
    fields: { ...EMPTY, organisation: 'Northwind', explanation: 'lost my phone' },
    snippets: { organisation: 'I work at Northwind', fullName: 'a later snippet' },
    ...changes,
  };
}

const LINK = { linkChallenge: true };
const NO_LINK = { linkChallenge: false };

describe('merging a message into its ticket', () => {
  test('fills in only the missing fields, and the ticket moves on once nothing is missing', () => {
    const merged = mergeIntoTicket(
      ticket(),
      message({ fields: { fullName: 'Someone Else', organisation: 'Northwind', explanation: 'lost my phone' } }),
      NO_LINK,
    );
    expect(merged).toMatchObject({ kind: 'merged', filled: ['organisation', 'explanation'], missing: [], status: 'ready', authenticated: true });
    expect(merged.kind === 'merged' && merged.fields.fullName).toBe('Sarah Connor');
  });

  test('an authenticated ticket complete under the link challenge waits for its confirmation, unless already confirmed', () => {
    expect(mergeIntoTicket(ticket(), message(), LINK)).toMatchObject({ status: 'waiting_confirmation' });
    expect(mergeIntoTicket(ticket({ confirmedAt: new Date() }), message(), LINK)).toMatchObject({ status: 'ready' });
  });

  test('still missing a field: the ticket keeps waiting for details', () => {
    expect(mergeIntoTicket(ticket(), message({ fields: { ...EMPTY, organisation: 'Northwind' } }), NO_LINK)).toMatchObject({
      kind: 'merged',
      missing: ['explanation'],
      status: 'waiting_details',
    });
  });

  test('an approved ticket keeps its status', () => {
    expect(mergeIntoTicket(ticket({ status: 'approved' }), message(), NO_LINK)).toMatchObject({ status: 'approved' });
  });

  test('the snippets already on the ticket win over the new ones', () => {
    const merged = mergeIntoTicket(ticket(), message(), NO_LINK);
    expect(merged.kind === 'merged' && merged.snippets).toEqual({ fullName: 'my name is Sarah Connor', organisation: 'I work at Northwind' });
  });

  test('flags add up once each, and the message joins the merged ids (part of the evidence)', () => {
    const merged = mergeIntoTicket(ticket(), message({ flags: ['first', 'second'] }), NO_LINK);
    expect(merged.kind === 'merged' && merged.signals).toMatchObject({ flags: ['first', 'second'], mergedMessageIds: [1, 2] });
  });

  test('an unverified message about an authenticated ticket is kept apart: flagged, nothing filled in, nothing downgraded', () => {
    const before = ticket();
    const decision = mergeIntoTicket(before, message({ authenticated: false, authReason: 'no_aligned_pass' }), NO_LINK);
    expect(decision).toEqual({ kind: 'kept_apart', signals: { ...before.signals, flags: ['first', 'unverified_message_received'] } });
  });

  test('an unauthenticated ticket stays unauthenticated when an authenticated message is merged into it', () => {
    const unauthenticated = ticket({ signals: { senderAuthenticated: false, authReason: 'no_aligned_pass' } });
    expect(mergeIntoTicket(unauthenticated, message(), LINK)).toMatchObject({
      kind: 'merged',
      authenticated: false,
      status: 'ready',
      signals: { senderAuthenticated: false, authReason: 'no_aligned_pass' },
    });
  });
});
