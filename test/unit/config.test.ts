import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CONFIG_KEYS, loadConfig, parseDuration } from '../../src/config.ts';

const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

describe('configuration', () => {
  test('.env.example documents every variable and its values load as they are', () => {
    for (const key of CONFIG_KEYS) expect(example, `${key} is missing from .env.example`).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
    const env = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z0-9_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const config = loadConfig(env);
    expect(config.RECOVERY_CANCEL_WINDOW).toBe(24 * 3_600_000);
    expect(config.IMAP_URL).toMatch(/^imap:\/\//);
  });

  test('the defaults are the specification’s', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      RECOVERY_CHALLENGE: 'link',
      RECOVERY_APPROVERS: 1,
      RECOVERY_CANCEL_WINDOW: 86_400_000,
      MAIL_OUTBOX_DIR: 'var/outbox',
      RETENTION_DAYS: 30,
      TRUSTED_AUTHSERV_IDS: [],
    });
    expect(config.IMAP_URL).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
  });

  test('every wrong variable is named, with what is expected', () => {
    const attempt = () =>
      loadConfig({ DATABASE_URL: 'mysql://x', RECOVERY_CANCEL_WINDOW: 'soon', RECOVERY_APPROVERS: '3', IMAP_URL: 'http://mail', SECRETS_KEY: 'short' });
    expect(attempt).toThrow(/DATABASE_URL/);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const key of ['DATABASE_URL', 'RECOVERY_CANCEL_WINDOW', 'RECOVERY_APPROVERS', 'IMAP_URL', 'SECRETS_KEY']) expect(message).toContain(key);
    }
  });

  test('IMAP_START is now by default, all, or an ISO date; anything else is named with what is expected', () => {
    expect(loadConfig({}).IMAP_START).toBe('now');
    expect(loadConfig({}).REPLY_MAX_AGE).toBe(7 * 86_400_000);
    expect(loadConfig({ IMAP_START: 'ALL' }).IMAP_START).toBe('all');
    expect(loadConfig({ IMAP_START: '2026-01-31' }).IMAP_START).toEqual(new Date('2026-01-31T00:00:00Z'));
    expect(loadConfig({ IMAP_START: '2026-01-31T08:30:00+01:00' }).IMAP_START).toEqual(new Date('2026-01-31T07:30:00Z'));
    for (const wrong of ['yesterday', '31/01/2026', '2026-13-45', '2026-01-31T08:00']) {
      expect(() => loadConfig({ IMAP_START: wrong }), wrong).toThrow(/IMAP_START: now, all, or an ISO date/);
    }
    expect(() => loadConfig({ REPLY_MAX_AGE: 'a week' })).toThrow(/REPLY_MAX_AGE/);
  });

  test('durations read as people write them; several mailboxes are a list', () => {
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(loadConfig({ TRUSTED_AUTHSERV_IDS: ' MX.Bpart.be , mx2.bpart.be ' }).TRUSTED_AUTHSERV_IDS).toEqual(['mx.bpart.be', 'mx2.bpart.be']);
    expect(() => loadConfig({ IMAP_URL: 'imap://a:b@h/INBOX imaps://c:d@h2/INBOX' })).not.toThrow();
  });
});

describe('COMPANY_NAMES', () => {
  test('defaults to the SUPPORT_ADDRESS domain label, and a list replaces it', async () => {
    const { companyNames } = await import('../../src/config.ts');
    expect(companyNames(loadConfig({}))).toEqual(['bpart']);
    expect(companyNames(loadConfig({ SUPPORT_ADDRESS: 'help@mail.acme.co.uk' }))).toEqual(['acme']);
    expect(companyNames(loadConfig({ COMPANY_NAMES: 'Bpart, Bpart Events' }))).toEqual(['bpart', 'bpart events']);
  });
});
