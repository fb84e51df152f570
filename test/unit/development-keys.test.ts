// SPEC §6 rule 17: the pure check behind start/worker/web (and later `doctor`).
import { describe, expect, test } from 'vitest';
import { loadConfig, refuseDevelopmentKeys } from '../../src/config.ts';
import { developmentKeyProblems } from '../../src/core/development-keys.ts';

const REAL = { SECRETS_KEY: '5a'.repeat(32), MESSAGE_HMAC_KEY: 'b7'.repeat(32) };

describe('development keys', () => {
  test('unset keys fall back to the documented development values, in production by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ RECOVERY_DESK_ENV: 'production', SECRETS_KEY: '0'.repeat(64), MESSAGE_HMAC_KEY: 'dev-only-change-me-please' });
    expect(developmentKeyProblems(config).map((p) => p.variable)).toEqual(['SECRETS_KEY', 'MESSAGE_HMAC_KEY']);
    expect(() => refuseDevelopmentKeys(config)).toThrow(/SECRETS_KEY[\s\S]*openssl rand -hex 32[\s\S]*MESSAGE_HMAC_KEY/);
  });

  test('each development value is named on its own; an empty variable is unset', () => {
    expect(developmentKeyProblems(loadConfig({ ...REAL, SECRETS_KEY: '' })).map((p) => p.variable)).toEqual(['SECRETS_KEY']);
    expect(developmentKeyProblems(loadConfig({ ...REAL, MESSAGE_HMAC_KEY: ' dev-only-change-me-please ' })).map((p) => p.variable)).toEqual([
      'MESSAGE_HMAC_KEY',
    ]);
  });

  test('control: real keys pass in production; development allows the development values', () => {
    expect(developmentKeyProblems(loadConfig(REAL))).toEqual([]);
    expect(() => refuseDevelopmentKeys(loadConfig(REAL))).not.toThrow();
    expect(developmentKeyProblems(loadConfig({ RECOVERY_DESK_ENV: 'development' }))).toEqual([]);
  });

  test('RECOVERY_DESK_ENV takes production or development only', () => {
    expect(() => loadConfig({ RECOVERY_DESK_ENV: 'dev' })).toThrow(/RECOVERY_DESK_ENV/);
  });
});
