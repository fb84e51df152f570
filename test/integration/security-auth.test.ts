// Issue 3, sender authentication on the real pipeline: genuinely signed and genuinely forged
// messages (keys made here, an offline DNS zone), stored as ingest stores them and processed
// by the BullMQ worker on PostgreSQL; replies go to the local SMTP sink.
import { createHash } from 'node:crypto';
import { authenticate, sealMessage } from 'mailauth';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestEnv, seedAccount, TEST_AUTHSERV, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import {
  deliverOne,
  detailOf,
  expectTwoFactorUntouched,
  guardRealDns,
  offlineZone,
  rawMessage,
  recipients,
  request,
  rsaKey,
  sign,
  type TestKey,
  usePipelineWithSink,
} from '../support/security.ts';
import { type SmtpSink } from '../support/smtp-sink.ts';

const zone = offlineZone();
guardRealDns(zone);

const good = rsaKey();
const evil = rsaKey();
const forwarder = rsaKey();
const short = rsaKey(512);

/** A domain whose owner publishes a DKIM key (selector "sel") and, by default, DMARC p=reject. */
function domain(name: string, key: TestKey = good, dmarc = true): string {
  zone.txt(`sel._domainkey.${name}`, key.record);
  if (dmarc) zone.txt(`_dmarc.${name}`, 'v=DMARC1; p=reject');
  return name;
}
domain('evil.example', evil);
zone.txt('arc._domainkey.forwarder.example', forwarder.record);

const running = usePipelineWithSink(zone);
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

/** An account at a domain of its own, so that cases never share flood counters or tickets. */
async function account(email: string) {
  return seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
}

const BODY = request('Alice Martin', 'Good Example SRL');

/** The forged cases: unauthenticated, a ticket on the named account for an agent, no mail at all. */
async function expectForged(raw: string | Buffer, email: string, reason: string) {
  const row = await deliverOne(env, raw);
  expect(row.status).toBe('processed');
  expect(row.kind).toBe('recovery_request');
  expect(row.authenticated).toBe(false);
  const detail = await detailOf(env, row);
  expect(detail.account?.email).toBe(email);
  expect(detail.signals.senderAuthenticated).toBe(false);
  expect(detail.signals.authReason).toBe(reason);
  expect(detail.replies).toEqual([]);
  expect(recipients(sink)).toEqual([]); // no backscatter
  await expectTwoFactorUntouched(env, [email]);
  return { row, detail };
}

describe('DKIM on the real pipeline', () => {
  test('valid aligned DKIM: authenticated, evidence stored, one acknowledgement to the stored address only', async () => {
    const d = domain('valid.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `Alice Martin <alice@${d}>`, body: BODY }), { domain: d, key: good });
    const row = await deliverOne(env, raw);
    expect(row).toMatchObject({ status: 'processed', outcome: 'ticket_opened', kind: 'recovery_request', authenticated: true, fromAddress: `alice@${d}` });
    // the verdict, its reason and the evidence are stored with the message
    const auth = row.auth as { reason: string; evidence: { sha256: string; dkim: unknown[]; dmarc: unknown } };
    expect(auth.reason).toBe('dkim_aligned_pass');
    expect(auth.evidence.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(auth.evidence.dkim).toEqual([expect.objectContaining({ domain: d, result: 'pass', aligned: true, algo: 'rsa-sha256', keyBits: 2048 })]);
    expect(auth.evidence.dmarc).toMatchObject({ result: 'pass', policy: 'reject' });

    const detail = await detailOf(env, row);
    expect(detail.status).toBe('ready');
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass', flags: [] });
    expect(recipients(sink)).toEqual([`alice@${d}`]);
    const [ack] = sink.messages;
    expect(ack!.envelope.from).toBe('support@bpart.test');
    expect(ack!.subject).toContain(detail.ref);
    expect(String(ack!.headers.get('auto-submitted'))).toBe('auto-replied');
    expect(String(ack!.headers.get('x-auto-response-suppress'))).toBe('All');
    expect(ack!.headers.get('x-recovery-desk-loop')).toBeTruthy();
    expect(ack!.messageId).toMatch(new RegExp(`^<rd\\.${detail.ref}\\.[A-Za-z0-9_-]+\\.[0-9a-f]{32}@bpart\\.test>$`));
    expect(ack!.parsed.text).not.toContain('lost my phone'); // fixed template, never quoting the request
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('aligned DKIM and no DMARC record: authenticated (alignment is with From, not DMARC)', async () => {
    const d = domain('nodmarc.example', good, false);
    await account(`alice@${d}`);
    const row = await deliverOne(env, await sign(rawMessage({ from: `alice@${d}`, body: BODY }), { domain: d, key: good }));
    const detail = await detailOf(env, row);
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass' });
    expect((row.auth as { evidence: { dmarc: { result: string } } }).evidence.dmarc.result).toBe('none');
    expect(recipients(sink)).toEqual([`alice@${d}`]);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('forged From, unsigned: an unauthenticated ticket for an agent and no mail at all', async () => {
    const d = domain('forged.example');
    await account(`alice@${d}`);
    await expectForged(rawMessage({ from: `Alice Martin <alice@${d}>`, body: BODY }), `alice@${d}`, 'no_aligned_pass');
  });

  test('a valid DKIM signature of another domain does not vouch for the From domain', async () => {
    const d = domain('victim.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}`, body: BODY }), { domain: 'evil.example', key: evil });
    const { row } = await expectForged(raw, `alice@${d}`, 'no_aligned_pass');
    expect((row.auth as { evidence: { dkim: unknown[] } }).evidence.dkim).toEqual([
      expect.objectContaining({ domain: 'evil.example', result: 'pass', aligned: false }),
    ]);
  });

  test('l= signature with text appended after signing: refused although mailauth says pass', async () => {
    const d = domain('partial.example');
    await account(`alice@${d}`);
    const message = rawMessage({ from: `alice@${d}`, body: BODY });
    const bodyLength = Buffer.byteLength(message.slice(message.indexOf('\r\n\r\n') + 4));
    const signed = await sign(message, { domain: d, key: good, maxBodyLength: bodyLength });
    const raw = `${signed}\r\nPS: please send the new recovery codes to mallory@evil.example\r\n`;
    const { row } = await expectForged(raw, `alice@${d}`, 'dkim_partial_body');
    expect((row.auth as { evidence: { dkim: unknown[] } }).evidence.dkim).toEqual([expect.objectContaining({ result: 'pass', aligned: true, bodyLength })]);
  });

  test('body changed after signing', async () => {
    const d = domain('body.example');
    await account(`alice@${d}`);
    const raw = (await sign(rawMessage({ from: `alice@${d}`, body: BODY }), { domain: d, key: good })).replace(
      'Alice Martin and I manage',
      'Mallory Evil and I manage',
    );
    await expectForged(raw, `alice@${d}`, 'dkim_body_hash_mismatch');
  });

  test('From changed after signing: the signature breaks, the other account gets nothing', async () => {
    const d = domain('from-changed.example');
    await account(`alice@${d}`);
    await account(`bob@${d}`);
    const raw = (await sign(rawMessage({ from: `Alice <alice@${d}>`, body: BODY }), { domain: d, key: good })).replace(`<alice@${d}>`, `<bob@${d}>`);
    await expectForged(raw, `bob@${d}`, 'dkim_signature_invalid');
    await expectTwoFactorUntouched(env, [`alice@${d}`, `bob@${d}`]);
  });

  test('rsa-sha1 is refused', async () => {
    const d = domain('sha1.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}`, body: BODY }), { domain: d, key: good, algorithm: 'rsa-sha1' });
    const { row } = await expectForged(raw, `alice@${d}`, 'dkim_rsa_sha1');
    expect((row.auth as { evidence: { dkim: unknown[] } }).evidence.dkim).toEqual([expect.objectContaining({ algo: 'rsa-sha1' })]);
  });

  test('a key under 1024 bits is refused', async () => {
    const d = domain('short-key.example', short);
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}`, body: BODY }), { domain: d, key: short });
    await expectForged(raw, `alice@${d}`, 'dkim_key_too_short');
  });

  test('DNS temporary error: retried with backoff, then unauthenticated', async () => {
    const d = domain('flaky.example');
    zone.fail(`sel._domainkey.${d}`, 'ESERVFAIL');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}`, body: BODY }), { domain: d, key: good });
    const before = zone.queries.length;
    await expectForged(raw, `alice@${d}`, 'dns_temporary_error');
    expect(zone.queries.slice(before).filter((q) => q === `TXT sel._domainkey.${d}`)).toHaveLength(3); // 1 try + 2 retries
  });
});

describe('Authentication-Results and ARC written by others', () => {
  test('control: the topmost Authentication-Results of the trusted MX saying dmarc=pass authenticates', async () => {
    await account('alice@mx-trusted.example');
    const row = await deliverOne(env, buildMail({ from: 'alice@mx-trusted.example', body: COMPLETE_REQUEST_EN }));
    const detail = await detailOf(env, row);
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'trusted_authserv_dmarc_pass' });
    expect(recipients(sink)).toEqual(['alice@mx-trusted.example']);
    await expectTwoFactorUntouched(env, ['alice@mx-trusted.example']);
  });

  test('forged Authentication-Results with an untrusted authserv-id', async () => {
    await account('alice@ar-untrusted.example');
    const forged =
      'Authentication-Results: mx.attacker.example; dkim=pass header.d=ar-untrusted.example; spf=pass smtp.mailfrom=ar-untrusted.example; dmarc=pass header.from=ar-untrusted.example';
    await expectForged(
      rawMessage({ from: 'alice@ar-untrusted.example', body: BODY, top: [forged] }),
      'alice@ar-untrusted.example',
      'untrusted_authentication_results',
    );
  });

  test('forged Authentication-Results with the trusted authserv-id, but not topmost', async () => {
    await account('alice@ar-lower.example');
    const ours = `Authentication-Results: ${TEST_AUTHSERV}; dkim=none; spf=none; dmarc=none header.from=ar-lower.example`;
    const forged = `Authentication-Results: ${TEST_AUTHSERV}; dkim=pass header.d=ar-lower.example; dmarc=pass header.from=ar-lower.example`;
    // the trusted MX added its (negative) header on top of the one the attacker wrote
    await expectForged(
      rawMessage({ from: 'alice@ar-lower.example', body: BODY, top: [ours, forged] }),
      'alice@ar-lower.example',
      'trusted_authserv_no_dmarc_pass',
    );
    // an intermediate relay's header on top, the forged "trusted" one below it
    await account('bob@ar-lower2.example');
    const relay = 'Authentication-Results: mx.relay.example; none';
    const forged2 = forged.replaceAll('ar-lower.example', 'ar-lower2.example');
    await expectForged(
      rawMessage({ from: 'bob@ar-lower2.example', body: BODY, top: [relay, forged2] }),
      'bob@ar-lower2.example',
      'authentication_results_not_topmost',
    );
  });

  test('a valid ARC chain from an untrusted forwarder claiming dmarc=pass is ignored', async () => {
    const d = domain('arc.example');
    await account(`alice@${d}`);
    const message = rawMessage({ from: `alice@${d}`, body: BODY });
    const seal = await sealMessage(message, {
      signingDomain: 'forwarder.example',
      selector: 'arc',
      privateKey: forwarder.privateKey,
      cv: 'none',
      authResults: `mx.forwarder.example; dkim=pass header.d=${d}; spf=pass smtp.mailfrom=${d}; dmarc=pass header.from=${d}`,
    });
    const raw = Buffer.concat([seal, Buffer.from(message)]);
    // genuinely valid ARC: mailauth itself says so
    const arc = await authenticate(raw, { resolver: zone.resolver, disableBimi: true });
    expect(arc.arc && arc.arc.status.result).toBe('pass');
    await expectForged(raw, `alice@${d}`, 'no_aligned_pass');
  });
});

describe('forged follow-ups', () => {
  test('a forged follow-up on a genuine ticket: no answer, no details taken from it, and it is flagged for the agent', async () => {
    const d = domain('followup.example');
    await account(`alice@${d}`);
    // genuine, but without the organisation: we ask for it
    const partial =
      'Hello,\n\nI lost my phone and with it my authenticator app, so I cannot log in any more.\nPlease reset my two-factor authentication.\n\nMy name is Alice Martin.\n';
    const first = await deliverOne(env, await sign(rawMessage({ from: `alice@${d}`, body: partial }), { domain: d, key: good }));
    const opened = await detailOf(env, first);
    expect(opened).toMatchObject({ status: 'waiting_details', missing: ['organisation'] });
    expect(opened.signals).toMatchObject({ senderAuthenticated: true });
    expect(recipients(sink)).toEqual([`alice@${d}`]);
    const ask = sink.messages[0]!;
    sink.clear();

    // the attacker answers in the thread, From the victim, unsigned, with a made-up organisation
    const forged = rawMessage({
      from: `alice@${d}`,
      subject: `Re: ${ask.subject}`,
      body: 'I manage the account of Mallory Holdings BV.\n',
      headers: [`In-Reply-To: ${ask.messageId}`, `References: ${ask.messageId}`],
    });
    const row = await deliverOne(env, forged);
    expect(row).toMatchObject({ outcome: 'ticket_updated', ticketId: first.ticketId, authenticated: false });
    const after = await detailOf(env, row);
    // The genuine request is neither completed by the forger's details nor stalled by a downgrade.
    expect(after).toMatchObject({ status: 'waiting_details', missing: ['organisation'] });
    expect(after.fields).toMatchObject({ organisation: null });
    expect(after.signals).toMatchObject({ senderAuthenticated: true });
    expect(after.signals.flags).toContain('unverified_message_received');
    expect(after.events.map((e: { type: string }) => e.type)).toContain('unverified_message_kept_apart');
    expect(recipients(sink)).toEqual([]); // no backscatter, not even to the stored address
    await expectTwoFactorUntouched(env, [`alice@${d}`]);

    // a made-up In-Reply-To in our format (wrong HMAC) names no ticket
    await account(`bob@${d}`);
    const fake = `<rd.${opened.ref}.AAAAAAAA.${'0'.repeat(32)}@bpart.test>`;
    const guess = await deliverOne(
      env,
      rawMessage({ from: `bob@${d}`, subject: 'Re: your request', body: 'Organisation: Mallory Holdings BV', headers: [`In-Reply-To: ${fake}`] }),
    );
    expect(guess.ticketId === first.ticketId).toBe(false);
    expect(recipients(sink)).toEqual([]);
  });
});

describe('the production path: inspection in worker threads, DNS off', () => {
  // Without a resolver of the test's own the app inspects in its pool of threads, as in
  // production; SENDER_AUTH_DNS=off there, so only the trusted MX's header can authenticate.
  let threaded: TestEnv;
  beforeAll(async () => {
    threaded = await createTestEnv({ SMTP_URL: sink.url, SENDER_AUTH_DNS: 'off', INSPECT_THREADS: '1' });
    threaded.startWorker();
  });
  afterAll(async () => threaded?.close());

  test('the threads apply the same rules: trusted topmost header, forged header, our own domain, DKIM without DNS', async () => {
    for (const email of ['alice@threads.example', 'bob@threads.example', 'carol@threads-dkim.example']) {
      await seedAccount(threaded, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
    }
    const genuine = await detailOf(threaded, await deliverOne(threaded, buildMail({ from: 'alice@threads.example', body: COMPLETE_REQUEST_EN })));
    expect(genuine.signals).toMatchObject({ senderAuthenticated: true, authReason: 'trusted_authserv_dmarc_pass' });
    const forged = 'Authentication-Results: mx.attacker.example; dmarc=pass header.from=threads.example';
    const untrusted = await detailOf(threaded, await deliverOne(threaded, rawMessage({ from: 'bob@threads.example', body: BODY, top: [forged] })));
    expect(untrusted.signals).toMatchObject({ senderAuthenticated: false, authReason: 'untrusted_authentication_results' });
    const ours = await deliverOne(threaded, buildMail({ from: 'support@bpart.test', body: COMPLETE_REQUEST_EN }));
    expect((ours.auth as { reason: string }).reason).toBe('from_our_domain');
    const d = domain('threads-dkim.example');
    // a valid, aligned signature, but its key cannot be fetched with DNS off: not authenticated
    const dkim = await detailOf(threaded, await deliverOne(threaded, await sign(rawMessage({ from: `carol@${d}`, body: BODY }), { domain: d, key: good })));
    expect(dkim.signals).toMatchObject({ senderAuthenticated: false, authReason: 'no_aligned_pass' });
    expect(dkim.account?.email).toBe(`carol@${d}`);
    expect(recipients(sink)).toEqual(['alice@threads.example']);
    await expectTwoFactorUntouched(threaded);
  });
});
