// Every demo message in fixtures/emails goes through the real parse + analyse
// path and must give exactly the §4 reading written beside it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseMessage } from '../../src/adapters/mail/parse.ts';
import { analyse } from '../../src/core/analyse.ts';

const DIR = join(import.meta.dirname, '../../fixtures/emails');
const emls = readdirSync(DIR)
  .filter((f) => f.endsWith('.eml'))
  .sort();

async function read(file: string) {
  const analysis = analyse(await parseMessage(readFileSync(join(DIR, file))));
  const expected = JSON.parse(readFileSync(join(DIR, file.replace(/\.eml$/, '.expected.json')), 'utf8'));
  return { analysis, expected };
}

test('the demo set covers every kind in every language', () => {
  expect(emls.length).toBeGreaterThanOrEqual(24);
  for (const lang of ['fr', 'nl', 'en']) {
    for (const kind of ['complete', 'missing', 'other', 'auto-reply', 'bounce']) {
      expect(
        emls.some((f) => f.startsWith(`${lang}-`) && f.includes(kind)),
        `${lang} ${kind}`,
      ).toBe(true);
    }
  }
});

test.each(emls)('%s reads as its expected JSON', async (file) => {
  const { analysis, expected } = await read(file);
  expect({ kind: analysis.kind, language: analysis.language, fields: analysis.fields, missing: analysis.missing }).toEqual({
    kind: expected.kind,
    language: expected.language,
    fields: expected.fields,
    missing: expected.missing,
  });
  if (expected.sender) expect(analysis.sender).toEqual(expected.sender);
});

test.each(emls)('%s: every extracted field comes with the snippet it was read from', async (file) => {
  const { analysis } = await read(file);
  for (const [field, value] of Object.entries(analysis.fields)) {
    if (value === null) continue;
    expect(analysis.snippets[field as keyof typeof analysis.snippets]).toBeTruthy();
  }
});

interface Account {
  email: string;
  fullName: string;
  organisations: string[];
  totpSecret: string;
}

test('demo accounts cover the recovery senders except the ones meant to stay unmatched', async () => {
  const accounts: Account[] = JSON.parse(readFileSync(join(DIR, '../accounts.json'), 'utf8'));
  for (const account of accounts) {
    expect(account.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(account.email).toBe(account.email.toLowerCase());
    expect(account.organisations.length).toBeGreaterThan(0);
  }
  const emails = new Set(accounts.map((a) => a.email));
  const unmatched: string[] = [];
  for (const file of emls) {
    const { expected } = await read(file);
    if (expected.kind !== 'recovery_request') continue;
    if (!emails.has(expected.sender.address)) unmatched.push(file);
  }
  expect(unmatched.length).toBeGreaterThanOrEqual(1);
  expect(unmatched.every((f) => f.includes('unmatched'))).toBe(true);
});
