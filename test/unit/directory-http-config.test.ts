// SPEC §9: the http directory's variables, and its secret never repeated in a configuration error.
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { httpDirectoryOptions } from '../../src/adapters/directory/http.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/main.ts';

const SECRET = 'a-shared-secret-of-forty-characters-0123';

describe('the http directory configuration', () => {
  test('defaults: a 10 s time-out and 15 minutes of retries', () => {
    expect(loadConfig({})).toMatchObject({ DIRECTORY_HTTP_TIMEOUT: 10_000, DIRECTORY_RETRY_FOR: 15 * 60_000 });
    expect(loadConfig({}).DIRECTORY_HTTP_URL).toBeUndefined();
  });

  test('a URL with a path, a secret and durations read as written', () => {
    const config = loadConfig({
      DIRECTORY_HTTP_URL: 'https://accounts.example.com/recovery-desk',
      DIRECTORY_HTTP_SECRET: SECRET,
      DIRECTORY_HTTP_TIMEOUT: '3s',
      DIRECTORY_RETRY_FOR: '1h',
    });
    expect(config).toMatchObject({
      DIRECTORY_HTTP_URL: 'https://accounts.example.com/recovery-desk',
      DIRECTORY_HTTP_TIMEOUT: 3_000,
      DIRECTORY_RETRY_FOR: 3_600_000,
    });
  });

  test('a URL that is not http(s), a short secret or a zero time-out are named, the secret never repeated', () => {
    const short = 'short-secret-value';
    let error: unknown;
    try {
      loadConfig({ DIRECTORY_HTTP_URL: 'ftp://accounts.example.com', DIRECTORY_HTTP_SECRET: short, DIRECTORY_HTTP_TIMEOUT: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DIRECTORY_HTTP_URL: a URL starting with https:\/\/ or http:\/\//);
    expect(message).toMatch(/DIRECTORY_HTTP_SECRET: at least 32 characters/);
    expect(message).toMatch(/DIRECTORY_HTTP_TIMEOUT: a duration above 0/);
    expect(message).not.toContain(short);
  });
});

test('a log line carrying the configuration or the client options shows the secret redacted', () => {
  let written = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.toString('utf8')), done()) });
  const config = loadConfig({ DIRECTORY_HTTP_URL: 'https://accounts.example.com', DIRECTORY_HTTP_SECRET: SECRET });
  const log = createLogger(config, sink);
  log.info({ config }, 'configuration');
  log.info({ directory: { url: config.DIRECTORY_HTTP_URL, secret: SECRET, timeoutMs: 1 } }, 'directory options');
  expect(written).toContain('[redacted]');
  expect(written).toContain('https://accounts.example.com');
  expect(written).not.toContain(SECRET);
});

test('the client’s options come from the configuration, and a missing variable is named', () => {
  const config = loadConfig({ DIRECTORY_HTTP_URL: 'https://accounts.example.com/rd', DIRECTORY_HTTP_SECRET: SECRET, DIRECTORY_HTTP_TIMEOUT: '2s' });
  expect(httpDirectoryOptions(config)).toEqual({ url: 'https://accounts.example.com/rd', secret: SECRET, timeoutMs: 2_000 });
  expect(() => httpDirectoryOptions(loadConfig({ DIRECTORY_HTTP_URL: 'https://accounts.example.com/rd' }))).toThrow(
    expect.objectContaining({ code: 'config.invalid', message: expect.stringMatching(/needs DIRECTORY_HTTP_SECRET \(/) }),
  );
  expect(() => httpDirectoryOptions(loadConfig({}))).toThrow(/needs DIRECTORY_HTTP_URL and DIRECTORY_HTTP_SECRET/);
});
