// The closing "N passed, N failed, N skipped" line must not hide a failed suite (issue 10
// item 9): vitest itself runs the fixtures in test/support/summary-fixtures/ with our reporter.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const VITEST = path.resolve('node_modules/vitest/vitest.mjs');
const CONFIG = path.resolve('test/support/summary-fixtures/vitest.config.ts');

/** Runs the fixture files matching `filter` in a child vitest; its exit code and closing line. */
async function vitest(filter: string): Promise<{ code: number; summary: string }> {
  // the child must not believe it is a worker of this run
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
  const args = [VITEST, 'run', '--config', CONFIG, filter];
  const outcome = await run(process.execPath, args, { env, timeout: 60_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  const lines = outcome.stdout.trim().split('\n');
  return { code: outcome.code, summary: lines.at(-1) ?? '' };
}

describe('the summary line', () => {
  test('control: a green run says 0 failed and counts a skipped test as skipped', async () => {
    expect(await vitest('green')).toEqual({ code: 0, summary: '2 passed, 0 failed, 1 skipped' });
  });

  test('tests that never ran because a beforeAll threw count as failed; an afterAll that threw counts one', async () => {
    // suite-hooks: 2 tests under a failing beforeAll (one nested) + 1 for the afterAll;
    // file-hook: 2 tests under a failing file-level beforeAll. The neighbours pass or skip on purpose.
    const { code, summary } = await vitest('hook');
    expect(code).not.toBe(0);
    expect(summary).toBe('2 passed, 5 failed, 1 skipped');
  });
});
