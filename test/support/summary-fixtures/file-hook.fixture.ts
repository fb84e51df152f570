// A file-level beforeAll that throws: no test of the file runs.
import { beforeAll, expect, test } from 'vitest';

beforeAll(() => {
  throw new Error('services did not start (on purpose)');
});

test('never runs', () => expect(1).toBe(1));
test('never runs either', () => expect(1).toBe(1));
