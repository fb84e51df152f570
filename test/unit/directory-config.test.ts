// ACCOUNT_DIRECTORY and the sql directory's variables (SPEC §9), validated at start.
import { describe, expect, test } from 'vitest';
import { inspectConfig, loadConfig } from '../../src/config.ts';

const URL = 'postgres://rd:S3cret@db.example.com:5432/app';

describe('the account directory configuration', () => {
  test('builtin is the default and needs nothing', () => {
    expect(loadConfig({}).ACCOUNT_DIRECTORY).toBe('builtin');
  });

  test('sql needs its database and either a preset or both queries', () => {
    expect(() => loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_SQL_PRESET: 'django-otp' })).toThrow(/DIRECTORY_DATABASE_URL: required/);
    expect(() => loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: URL, DIRECTORY_SQL_FIND: 'select 1' })).toThrow(
      /DIRECTORY_SQL_RESET: required/,
    );
    expect(() =>
      loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: URL, DIRECTORY_SQL_PRESET: 'django-otp', DIRECTORY_SQL_FIND: 'select 1' }),
    ).toThrow(/DIRECTORY_SQL_PRESET: set either a preset/);
    expect(() => loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: URL, DIRECTORY_SQL_PRESET: 'rails' })).toThrow(/DIRECTORY_SQL_PRESET/);
    expect(loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: URL, DIRECTORY_SQL_FIND: 'a', DIRECTORY_SQL_RESET: 'b' })).toMatchObject({
      ACCOUNT_DIRECTORY: 'sql',
    });
  });

  test('a wrong directory URL is named without its password', () => {
    const error = (() => {
      try {
        loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: 'mysql://rd:S3cret@db/app', DIRECTORY_SQL_PRESET: 'django-otp' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a configuration error');
    })();
    expect(error.message).toContain('DIRECTORY_DATABASE_URL');
    expect(error.message).not.toContain('S3cret');
  });

  test("doctor still reads the rest when the directory's variables are wrong", () => {
    const { config, problems } = inspectConfig({ ACCOUNT_DIRECTORY: 'sql', SUPPORT_ADDRESS: 'help@example.com' });
    expect(problems.map((p) => p.variable)).toEqual(['DIRECTORY_DATABASE_URL', 'DIRECTORY_SQL_FIND', 'DIRECTORY_SQL_RESET']);
    expect(config).toMatchObject({ ACCOUNT_DIRECTORY: 'builtin', SUPPORT_ADDRESS: 'help@example.com' });
  });
});
