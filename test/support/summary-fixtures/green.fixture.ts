// Control: everything passes, one test skipped on purpose.
import { describe, expect, test } from 'vitest';

describe('a healthy suite', () => {
  test('passes', () => expect(1 + 1).toBe(2));
  test('passes too', () => expect('a').toBe('a'));
  test.skip('skipped on purpose', () => expect(true).toBe(false));
});
