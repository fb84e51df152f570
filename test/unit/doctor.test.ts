// The doctor's report (SPEC §7.1): pure formatting and aggregation.
import { describe, expect, test } from 'vitest';
import { blockedBy, buildReport, fail, formatReport, maskSecrets, pass, skip, toResult } from '../../src/core/doctor.ts';

describe('doctor report', () => {
  test('credentials in a URL never reach the report', () => {
    expect(maskSecrets('not reachable: redis://:s3cret@10.0.0.1:6379 and imaps://support%40x.be:pw@imap.x.be/INBOX')).toBe(
      'not reachable: redis://:***@10.0.0.1:6379 and imaps://support%40x.be:***@imap.x.be/INBOX',
    );
    expect(maskSecrets('postgres://root@127.0.0.1/db')).toBe('postgres://root@127.0.0.1/db');
    expect(toResult('smtp', fail('smtp://u:p4ss@h refused', 'fix smtp://u:p4ss@h'), 1)).toEqual({
      name: 'smtp',
      ok: false,
      detail: 'smtp://u:***@h refused',
      fix: 'fix smtp://u:***@h',
      ms: 1,
    });
  });

  test('a skipped check is not a failure; one failure fails the report', () => {
    const passing = [toResult('a', pass('fine'), 1), toResult('b', skip('not configured'), 0)];
    expect(buildReport(passing)).toMatchObject({ ok: true, checks: [{ ok: true }, { ok: true, skipped: true }] });
    expect(buildReport([...passing, toResult('c', fail('down', 'start it'), 2)]).ok).toBe(false);
  });

  test('one line per check, in order, the fix on the failing line, then a summary', () => {
    const text = formatReport(buildReport([toResult('redis', fail('policy allkeys-lru', 'set noeviction'), 3), toResult('postgresql', pass('migrated'), 4)]));
    expect(text.split('\n')).toEqual([
      '[FAIL] redis       policy allkeys-lru — fix: set noeviction (3 ms)',
      '[ ok ] postgresql  migrated (4 ms)',
      '1 of 2 checks failed',
      '',
    ]);
  });

  test('a check needing an invalid variable is reported as not checked', () => {
    expect(blockedBy(['REDIS_URL'], ['REDIS_URL'])).toMatchObject({ status: 'fail', detail: 'not checked: REDIS_URL is invalid' });
    expect(blockedBy(['REDIS_URL'], ['DATABASE_URL'])).toBeNull();
  });
});
