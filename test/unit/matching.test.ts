import { describe, expect, test } from 'vitest';
import { compareName, compareOrganisation, matchAccount } from '../../src/core/match-account.ts';
import { ourMessageId, ourMessageNonce, ticketRefFromMessageId, writtenTo } from '../../src/core/message-id.ts';
import { canMove, findTicketRef, formatTicketRef, statusAfterDetails } from '../../src/core/ticket-status.ts';
import { INBOUND_LIMITS, OUTBOUND_PER_RECIPIENT, overLimit } from '../../src/core/rate-limit.ts';
import { shapeViolation } from '../../src/core/limits.ts';
import { createHmac } from 'node:crypto';

const account = { id: 7, email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders Ltd', 'Skynet Resistance vzw'] };

describe('matching the sender to the account', () => {
  test('only the exact stored address matches', () => {
    expect(matchAccount('sarah.connor@northwind.example', account)).toEqual({ kind: 'matched', accountId: 7 });
  });
  test('a +tag, a dot or a look-alike address is another address', () => {
    for (const address of [
      'sarah.connor+2fa@northwind.example',
      'sarahconnor@northwind.example',
      'sarah.connor@northwınd.example',
      'sarah.connor@northwind.example.evil',
    ]) {
      expect(matchAccount(address, account)).toEqual({ kind: 'none' });
    }
  });
  test('no sender or no account is no match', () => {
    expect(matchAccount(null, account)).toEqual({ kind: 'none' });
    expect(matchAccount('sarah.connor@northwind.example', null)).toEqual({ kind: 'none' });
  });
});

describe('stated details beside the account on file', () => {
  test('the same name in another order or without accents matches', () => {
    expect(compareName('Connor Sarah', 'Sarah Connor')).toBe('match');
    expect(compareName('Hélène Gérard', 'Helene Gerard')).toBe('match');
  });
  test('a shared surname is partial, a different person is none, nothing stated is null', () => {
    expect(compareName('John Connor', 'Sarah Connor')).toBe('partial');
    expect(compareName('Kyle Reese', 'Sarah Connor')).toBe('none');
    expect(compareName(null, 'Sarah Connor')).toBeNull();
  });
  test('an organisation matches whatever its legal form and case', () => {
    expect(compareOrganisation('northwind traders', account.organisations)).toBe('match');
    expect(compareOrganisation('VZW Skynet Resistance', account.organisations)).toBe('match');
    expect(compareOrganisation('Northwind Bakery', account.organisations)).toBe('partial');
    expect(compareOrganisation('Cyberdyne Systems', account.organisations)).toBe('none');
  });
});

describe('our Message-IDs', () => {
  const sign = (data: string) => createHmac('sha256', 'k'.repeat(20)).update(data).digest('hex');
  test('lead back to their ticket', () => {
    const id = ourMessageId('REC-2026-000042', 'abc', 'bpart.be', sign);
    expect(ticketRefFromMessageId(id, 'bpart.be', sign)).toBe('REC-2026-000042');
  });
  test('a forged one naming another ticket is not recognised', () => {
    const id = ourMessageId('REC-2026-000042', 'abc', 'bpart.be', sign).replace('000042', '000043');
    expect(ticketRefFromMessageId(id, 'bpart.be', sign)).toBeNull();
    expect(ticketRefFromMessageId('<rd.REC-2026-000042.abc.00000000000000000000000000000000@bpart.be>', 'bpart.be', sign)).toBeNull();
  });
});

describe('ticket statuses', () => {
  test('details first, then confirmation, then review', () => {
    expect(statusAfterDetails({ missing: ['organisation'], needsConfirmation: true })).toBe('waiting_details');
    expect(statusAfterDetails({ missing: [], needsConfirmation: true })).toBe('waiting_confirmation');
    expect(statusAfterDetails({ missing: [], needsConfirmation: false })).toBe('ready');
  });
  test('a closed ticket never moves again', () => {
    for (const closed of ['done', 'rejected', 'cancelled'] as const) expect(canMove(closed, 'ready')).toBe(false);
    expect(canMove('ready', 'approved')).toBe(true);
    expect(canMove('waiting_details', 'done')).toBe(false);
  });
  test('references are read from subjects', () => {
    expect(formatTicketRef(2026, 42)).toBe('REC-2026-000042');
    expect(findTicketRef('Re: [REC-2026-000042] Votre demande')).toBe('REC-2026-000042');
    expect(findTicketRef('Re: my request')).toBeNull();
  });
});

describe('limits', () => {
  test('a window that is full stops the next mail', () => {
    expect(overLimit(OUTBOUND_PER_RECIPIENT, [9, 9, 9, 9, 9])).toBeNull();
    expect(overLimit(OUTBOUND_PER_RECIPIENT, [10, 10, 10, 10, 10])?.minutes).toBe(10);
    expect(overLimit(INBOUND_LIMITS.sender, [0, 20])?.minutes).toBe(1440);
  });
  test('oversized or over-split messages are refused before any parser sees them', () => {
    const limits = { maxMessageBytes: 1000, maxHeaderBytes: 200, maxMimeParts: 3 };
    expect(shapeViolation(Buffer.alloc(0), limits)).toBe('empty');
    expect(shapeViolation(Buffer.alloc(1001, 'a'), limits)).toBe('too_large');
    expect(shapeViolation(Buffer.from(`Subject: ${'x'.repeat(300)}\r\n\r\nbody`), limits)).toBe('headers_too_large');
    const parts = Array.from({ length: 4 }, () => '--b\r\nContent-Type: text/plain\r\n\r\nx').join('\r\n');
    expect(shapeViolation(Buffer.from(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${parts}`), limits)).toBe('too_many_parts');
    expect(shapeViolation(Buffer.from('Subject: hi\r\n\r\nbody'), limits)).toBeNull();
  });
});

test('one of our Message-IDs counts as written to an address only for that address (red team stop 22b)', () => {
  const sign = (data: string) => createHmac('sha256', 'k').update(data).digest('hex');
  const id = ourMessageId('REC-2026-000042', ourMessageNonce('Eve@Evil.example', 'abc', sign), 'bpart.be', sign);
  expect(writtenTo(id, 'eve@evil.example', 'bpart.be', sign)).toBe(true);
  expect(writtenTo(id, 'alice@good.example', 'bpart.be', sign)).toBe(false);
  // Still ours for routing (the ticket's own sender check decides there).
  expect(ticketRefFromMessageId(id, 'bpart.be', sign)).toBe('REC-2026-000042');
  // A Message-ID from before the address was bound is ours, but written to no one in particular.
  expect(writtenTo(ourMessageId('REC-2026-000042', 'abc', 'bpart.be', sign), 'alice@good.example', 'bpart.be', sign)).toBe(false);
});

test('our mail to a stored address with a Unicode domain is written to the sender who reads as its A-label (red team stop 27)', () => {
  const sign = (data: string) => createHmac('sha256', 'k').update(data).digest('hex');
  // An external directory's stand-in keeps the directory's spelling; the reply's From is read with the domain in ASCII.
  const id = ourMessageId('REC-2026-000042', ourMessageNonce('Zoe@Bücher.example', 'abc', sign), 'bpart.be', sign);
  expect(writtenTo(id, 'zoe@xn--bcher-kva.example', 'bpart.be', sign)).toBe(true);
  // Control: another mailbox, or a spelling SPEC §5 does not fold (the fullwidth ｂ), is not.
  expect(writtenTo(id, 'zoe@bucher.example', 'bpart.be', sign)).toBe(false);
  expect(
    writtenTo(
      ourMessageId('REC-2026-000042', ourMessageNonce('zoe@ｂücher.example', 'abc', sign), 'bpart.be', sign),
      'zoe@xn--bcher-kva.example',
      'bpart.be',
      sign,
    ),
  ).toBe(false);
});
