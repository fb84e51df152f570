// Blocks whose hooks throw: the tests they never ran must not read as "skipped".
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

describe('beforeAll throws', () => {
  beforeAll(() => {
    throw new Error('database unreachable (on purpose)');
  });
  test('never runs', () => expect(1).toBe(1));
  describe('nested', () => {
    test('never runs either', () => expect(1).toBe(1));
  });
});

describe('afterAll throws', () => {
  afterAll(() => {
    throw new Error('cleanup failed (on purpose)');
  });
  test('passes before the hook fails', () => expect(1).toBe(1));
});

describe('a healthy neighbour', () => {
  test('passes', () => expect(1).toBe(1));
  test.skip('skipped on purpose', () => expect(true).toBe(false));
});
