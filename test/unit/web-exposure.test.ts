import { expect, test } from 'vitest';
import { bearerMatches, metricsAccess } from '../../src/adapters/metrics/access.ts';
import { webExposure } from '../../src/core/web-exposure.ts';

test('an https console with no trusted proxy fails doctor, naming the variable to set', () => {
  const outcome = webExposure({ PUBLIC_URL: 'https://desk.bpart.be', HTTP_TRUSTED_PROXIES: [] });
  expect(outcome).toMatchObject({ status: 'fail', fix: expect.stringContaining('HTTP_TRUSTED_PROXIES') });
  expect(webExposure({ PUBLIC_URL: 'https://desk.bpart.be', HTTP_TRUSTED_PROXIES: ['127.0.0.1'] }).status).toBe('pass');
  // Plain http: the console is reached directly (a development machine, a private network).
  expect(webExposure({ PUBLIC_URL: 'http://127.0.0.1:8080', HTTP_TRUSTED_PROXIES: [] }).status).toBe('pass');
});

test('doctor says where /metrics is served, or that it is not', () => {
  const base = { PUBLIC_URL: 'http://127.0.0.1:8080', HTTP_TRUSTED_PROXIES: [] };
  expect(webExposure(base).detail).toContain('/metrics not served (set METRICS_PORT or METRICS_TOKEN');
  expect(webExposure({ ...base, METRICS_PORT: 9464 }).detail).toContain('/metrics on METRICS_PORT 9464');
  expect(webExposure({ ...base, METRICS_TOKEN: 'x'.repeat(24) }).detail).toContain('/metrics on the public port with METRICS_TOKEN');
});

test('the bearer token is matched whole, case-insensitive only in the scheme', () => {
  const token = 'a1'.repeat(16);
  expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
  expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  expect(bearerMatches(`Bearer ${token.toUpperCase()}`, token)).toBe(false);
  expect(bearerMatches(`Bearer ${token}0`, token)).toBe(false);
  expect(bearerMatches(undefined, token)).toBe(false);
  expect(metricsAccess(undefined, undefined)).toBe('allowed');
  expect(metricsAccess('Bearer nope', token)).toBe('token-required');
});
