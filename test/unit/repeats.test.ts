// The pure rules behind SPEC §6 rule 16: flood scopes apart for unauthenticated requests, and
// when a message seen before is a duplicate, a pre-emption or a replay.
import { describe, expect, test } from 'vitest';
import { floodKeys } from '../../src/core/rate-limit.ts';
import { alignedPassBHashes, isSignatureReplay, judgeMessageId, type EarlierCopy } from '../../src/core/repeats.ts';

const copy = (over: Partial<EarlierCopy>): EarlierCopy => ({ id: 1, ticketId: 7, authenticated: false, dkimBHashes: [], ...over });

describe('flood scopes', () => {
  test('an authenticated request is counted only among authenticated ones', () => {
    expect(floodKeys({ sender: 'a@x.example', authenticated: true, accountId: 3 }).map((k) => k.scope)).toEqual(['sender', 'account']);
    // strangers at the same provider (no account) are bounded per domain, apart from account holders
    expect(floodKeys({ sender: 'a@x.example', authenticated: true, accountId: null }).map((k) => k.scope)).toEqual(['sender', 'domain']);
  });
  test('an unauthenticated request is counted in its own per-sender, per-account and global scopes', () => {
    expect(floodKeys({ sender: 'a@x.example', authenticated: false, accountId: 3 }).map((k) => k.scope)).toEqual([
      'unauthenticated_sender',
      'unauthenticated_account',
      'unauthenticated',
    ]);
    expect(floodKeys({ sender: null, authenticated: false, accountId: null }).map((k) => k.scope)).toEqual(['unauthenticated']);
  });
});

describe('an earlier copy with the same Message-ID', () => {
  test('a less authenticated earlier copy does not make an authenticated message a duplicate', () => {
    expect(judgeMessageId([copy({ authenticated: false })], { authenticated: true, bHashes: ['b1'] })).toEqual({ kind: 'preempted', by: [copy({})] });
  });
  test('an as-well-authenticated earlier copy does', () => {
    expect(judgeMessageId([copy({ authenticated: true })], { authenticated: true, bHashes: ['b1'] }).kind).toBe('duplicate');
    expect(judgeMessageId([copy({ authenticated: false })], { authenticated: false, bHashes: [] }).kind).toBe('duplicate');
  });
  test('the same signature on a less authenticated earlier copy does not (a read header added above it: stop 25)', () => {
    const eves = copy({ authenticated: false, dkimBHashes: ['b0', 'b1'] });
    expect(judgeMessageId([eves], { authenticated: true, bHashes: ['b1'] })).toEqual({ kind: 'preempted', by: [eves] });
    expect(judgeMessageId([eves, copy({ id: 2, authenticated: true, dkimBHashes: ['b1'] })], { authenticated: true, bHashes: ['b1'] })).toMatchObject({
      kind: 'duplicate',
      of: { id: 2 },
    });
  });
  test('no earlier copy: new', () => {
    expect(judgeMessageId([], { authenticated: true, bHashes: [] })).toEqual({ kind: 'new' });
  });
});

describe('a signature seen before', () => {
  test('under another Message-ID, or with none, is a replay; under the same one it is a double delivery', () => {
    expect(isSignatureReplay({ messageIdHeader: '<a@x>' }, '<b@x>')).toBe(true);
    expect(isSignatureReplay({ messageIdHeader: null }, '<b@x>')).toBe(true);
    expect(isSignatureReplay({ messageIdHeader: null }, null)).toBe(true);
    expect(isSignatureReplay({ messageIdHeader: '<a@x>' }, '<a@x>')).toBe(false);
    expect(isSignatureReplay(null, '<a@x>')).toBe(false);
  });
  test('every aligned, passing signature is claimed, sorted, each once', () => {
    expect(
      alignedPassBHashes({
        dkim: [
          { aligned: false, result: 'pass', bHash: 'x' },
          { aligned: true, result: 'fail', bHash: 'y' },
          { aligned: true, result: 'pass', bHash: 'z' },
          { aligned: true, result: 'pass', bHash: 'a' },
          { aligned: true, result: 'pass', bHash: 'z' },
        ],
      }),
    ).toEqual(['a', 'z']);
    expect(alignedPassBHashes(null)).toEqual([]);
    expect(alignedPassBHashes({ dkim: [{ aligned: true, result: 'pass' }] })).toEqual([]);
    // Behind our MX nothing is verified here: the one aligned signature its pass rests on is the key.
    expect(
      alignedPassBHashes({
        dkim: [
          { aligned: false, result: 'not_verified', bHash: 'x' },
          { aligned: true, result: 'not_verified', bHash: 'w' },
        ],
      }),
    ).toEqual(['w']);
  });
});
