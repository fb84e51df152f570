// Our own mail is DKIM-signed when a key is configured, and carries the headers that keep
// auto-responders and loops away (SPEC §6 rule 3).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { authenticate } from 'mailauth';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestEnv, seedAccount, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { storeMessages } from '../../src/steps/store-message.ts';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
let dir: string;
let sink: SmtpSink;
let env: TestEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rd-dkim-'));
  const keyFile = path.join(dir, 'dkim.pem');
  await writeFile(keyFile, keys.privateKey.export({ type: 'pkcs1', format: 'pem' }));
  sink = await startSmtpSink();
  env = await createTestEnv({ SMTP_URL: sink.url, DKIM_PRIVATE_KEY_FILE: keyFile, DKIM_SELECTOR: 'rd2026' });
  env.startWorker();
});
afterAll(async () => {
  await env?.close();
  await sink?.close();
  await rm(dir, { recursive: true, force: true });
});

test('an acknowledgement is DKIM-signed for our domain and verifies against the published key', async () => {
  await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  await storeMessages(env.app.deps, [{ raw: buildMail({ from: 'sarah.connor@northwind.example', body: COMPLETE_REQUEST_EN }), source: 'ingest' }]);
  const [reply] = await sink.waitForMessages(1, 20_000);
  const head = reply!.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!;
  expect(head).toMatch(/^DKIM-Signature:[^]*\bd=bpart\.test;/m);
  expect(String(reply!.headers.get('x-auto-response-suppress'))).toBe('All');
  expect(reply!.headers.get('x-recovery-desk-loop')).toBeTruthy();
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === 'rd2026._domainkey.bpart.test') return [[`v=DKIM1; k=rsa; p=${publicKey}`]];
    throw Object.assign(new Error(`${name} not found`), { code: 'ENOTFOUND' });
  };
  const result = await authenticate(reply!.raw, { resolver, disableArc: true, disableBimi: true, disableDmarc: true, trustReceived: false });
  const signature = result.dkim.results.find((r: { signingDomain?: string }) => r.signingDomain === 'bpart.test');
  expect(signature?.status.result).toBe('pass');
});
