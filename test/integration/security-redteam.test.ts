// Attacks tried after issue 10 (docs/security-log.md "Attacks tried after issue 10"), on the real pipeline
// (PostgreSQL, Redis, the BullMQ worker, the SMTP sink) with mail genuinely DKIM-signed against
// the offline zone. The attacker holds the victim's password and writes to support; each attack
// has a control that differs only in the attacked detail.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, tickets } from '../../src/adapters/db/schema/index.ts';
import { evidenceHash } from '../../src/steps/evidence.ts';
import { readMessage } from '../../src/steps/process-message.ts';
import type { TestEnv } from '../support/app.ts';
import { dkimSigned, type DkimOptions } from '../support/dkim.ts';
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
  usePipelineWithSink,
  victims,
} from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const zone = offlineZone();
guardRealDns(zone);
const key = rsaKey();
const DAY = 86_400_000;

const running = usePipelineWithSink(zone, { TRUSTED_RECEIVED_BY: 'mx.bpart.test' });
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const victim = victims(zone, key, 'red', () => env);

const BODY = request('Alice Martin', 'Good Example SRL');
const signed = (raw: string, domain: string, extra: Partial<DkimOptions> = {}) => dkimSigned(raw, { domain, privateKey: key.privateKey, ...extra });
const verdictOf = async (raw: string, receivedAt = new Date()) => {
  const read = await readMessage(env.app.deps, Buffer.from(raw), receivedAt);
  if ('quarantine' in read) throw new Error(`quarantined: ${read.quarantine}`);
  return { authenticated: read.authenticated, reason: read.authReason };
};
async function ticketRow(id: number) {
  const [row] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}

describe('a signed message written to someone else is not a request to support', () => {
  // The attacker poses as support; the victim's client writes To from the attacker's From or
  // Reply-To, display name and comments included. Only the address counts, never its name.
  test.each([
    ['display name', '"support@bpart.test" <eve@evil.example>'],
    ['comment', 'eve@evil.example (support@bpart.test)'],
    ['quoted local part', '"support@bpart.test"@evil.example'],
    ['group name', 'support@bpart.test: eve@evil.example;'],
    ['encoded word', '=?utf-8?Q?support=40bpart.test?= <eve@evil.example>'],
  ])('To with the support address in its %s', async (_, to) => {
    const v = await victim();
    const raw = rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }).replace('To: support@bpart.test', `To: ${to}`);
    expect(await verdictOf(await signed(raw, v.domain))).toEqual({ authenticated: false, reason: 'not_addressed_to_support' });
    // control: the same message written to support
    const control = rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }).replace(
      'To: support@bpart.test',
      `To: "Eve" <eve@evil.example>, support@bpart.test`,
    );
    expect(await verdictOf(await signed(control, v.domain))).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
  });
});

describe('support added where the victim did not put it', () => {
  test('an unsigned Cc: support@ on a mail the victim signed to someone else does not authenticate', async () => {
    const v = await victim();
    const raw = rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }).replace('To: support@bpart.test', 'To: Eve <eve@evil.example>');
    const sig = await signed(raw, v.domain);
    const withCc = (cc: string) => sig.replace('\r\nFrom: ', `\r\n${cc}\r\nFrom: `);
    expect(await verdictOf(withCc('Cc: support@bpart.test'))).toEqual({ authenticated: false, reason: 'dkim_header_not_signed' });
    // control: support in a Cc the victim signed
    const control = rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }).replace(
      'To: support@bpart.test',
      'To: Eve <eve@evil.example>\r\nCc: support@bpart.test',
    );
    expect(await verdictOf(await signed(control, v.domain))).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
  });
});

describe('a signature of unknown age', () => {
  test('no t= and no Date: an old message replayed is not a fresh request', async () => {
    const v = await victim();
    const base = rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY });
    const noDate = base.replace(/^Date: .*\r\n/m, '');
    const attack = await signed(noDate, v.domain, { signTime: null });
    expect(attack).not.toMatch(/\bt=\d/);
    const verdict = await verdictOf(attack);
    expect(verdict).toEqual({ authenticated: false, reason: 'signature_age_unknown' });
    // controls: the same signature with a signed Date, or with t= and no Date, authenticate
    expect(await verdictOf(await signed(base, v.domain, { signTime: null }))).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
    expect(await verdictOf(await signed(noDate, v.domain))).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
  });
});

describe('mail about an account goes only to its stored address', () => {
  test('after the account email changed, a follow-up from the old address triggers no mail to it', async () => {
    const v = await victim();
    // A complete request but for the organisation: the holder is asked for it.
    const first = await deliverOne(
      env,
      await signed(
        rawMessage({
          from: `Alice Martin <${v.email}>`,
          body: 'Hello,\n\nI lost my phone and my authenticator app with it. Please reset my 2FA.\n\nMy name is Alice Martin.\n\nAlice Martin',
        }),
        v.domain,
      ),
    );
    expect(first.outcome).toBe('ticket_opened');
    expect(recipients(sink)).toEqual([v.email]);
    const ticket = await ticketRow(first.ticketId!);
    expect(ticket.missing).toEqual(['organisation']);
    sink.clear();
    // The directory now has another address for this account (the old mailbox is no longer theirs).
    const moved = `alice.martin@${v.domain}`;
    await env.app.deps.db.update(accounts).set({ email: moved, emailChangedAt: new Date() }).where(eq(accounts.id, v.id));
    const followUp = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Re: [${ticket.ref}] Your request`,
      body: 'I manage Good Example SRL.\n\nAlice Martin',
    });
    const row = await deliverOne(env, await signed(followUp, v.domain));
    expect(row.ticketId).toBe(ticket.id);
    const sent = recipients(sink);
    expect(sent, 'no mail to an address that is not stored').not.toContain(v.email);
    expect(sent, 'the acknowledgement goes to the stored address').toEqual([moved]);
    await expectTwoFactorUntouched(env, [moved]);
  });
});

describe('forgeries about an authenticated ticket', () => {
  test('a forged follow-up naming the ticket in its Subject neither merges nor keeps voiding the evidence', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }), v.domain));
    const before = await ticketRow(opened.ticketId!);
    expect(before.status).toBe('ready');
    sink.clear();
    const forge = (n: number) =>
      rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: `Re: [${before.ref}] Your request`,
        body: `Call me back on +32 470 00 00 0${n}.\n\nMy name is Eve Attacker.\n\nEve Attacker`,
      });
    const first = await deliverOne(env, forge(1));
    expect(first).toMatchObject({ authenticated: false, ticketId: before.id, reason: 'unverified_not_merged' });
    const afterFirst = await ticketRow(before.id);
    expect(afterFirst.fields).toEqual(before.fields);
    expect(afterFirst.status).toBe('ready');
    // however many follow, the evidence changes once (the flag), so the holder's approval is voided at most once
    for (const n of [2, 3]) await deliverOne(env, forge(n));
    const afterMore = await ticketRow(before.id);
    expect(evidenceHash(afterMore)).toBe(evidenceHash(afterFirst));
    expect(recipients(sink)).toEqual([]);
    const detail = await detailOf(env, first);
    expect(detail.signals.flags).toContain('unverified_message_received');
  });

  test("an attacker's own authenticated domain cannot pre-empt the holder's Message-ID", async () => {
    const v = await victim();
    const eve = await victim();
    const messageId = `<holder@${v.domain}>`;
    // Eve is authenticated, but as herself: her copy of the Message-ID does not make the holder's a duplicate.
    const pre = await deliverOne(env, await signed(rawMessage({ from: `Eve <${eve.email}>`, messageId, body: BODY }), eve.domain));
    expect(pre.authenticated).toBe(true);
    sink.clear();
    const holder = await deliverOne(env, await signed(rawMessage({ from: `Alice Martin <${v.email}>`, messageId, body: BODY }), v.domain));
    expect(holder).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('signatures that cover less', () => {
  test('an l= signature beside a full one: text appended after l= authenticates nothing', async () => {
    const v = await victim();
    const raw = rawMessage({ from: `Alice Martin <${v.email}>`, body: 'Hello, a question about invoices.\n\nAlice Martin' });
    const full = await signed(raw, v.domain);
    const both = await dkimSigned(full, { domain: v.domain, privateKey: key.privateKey, maxBodyLength: 20 } as DkimOptions);
    const attack = `${both.replace(/\r\n$/, '')}\r\n${BODY.replace(/\n/g, '\r\n')}\r\n`;
    expect(await verdictOf(attack)).toMatchObject({ authenticated: false });
    expect(await verdictOf(both)).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
  });
});

describe('what the relaxed canonicalisation lets an attacker change', () => {
  // relaxed/relaxed ignores whitespace before a colon and at line ends: the attacker may add it
  // without breaking the signature. What the product reads must not change with it.
  test.each([['Content-Type'], ['To'], ['Subject'], ['Content-Transfer-Encoding']])('whitespace before the colon of %s', async (name) => {
    const v = await victim();
    const raw = await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }), v.domain);
    const attack = raw.replace(new RegExp(`\\r\\n${name}: `), `\r\n${name}\t : `);
    const a = await verdictOf(attack);
    const control = await verdictOf(raw);
    expect(control).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
    // either the same reading, or refused: never authenticated with a different reading
    if (a.authenticated) {
      const [ra, rc] = await Promise.all([readMessage(env.app.deps, Buffer.from(attack), new Date()), readMessage(env.app.deps, Buffer.from(raw), new Date())]);
      if ('quarantine' in ra || 'quarantine' in rc) throw new Error('quarantined');
      expect(ra.message.subject).toBe(rc.message.subject);
      expect(ra.message.contentType).toBe(rc.message.contentType);
      expect(ra.message.text).toBe(rc.message.text);
    }
  });
});

describe('the envelope sender is what our side wrote', () => {
  // The victim's SPF authorises a shared sending service (192.0.2.0/24) the attacker also has
  // an account with. The service sends with its own bounce address; the attacker writes a
  // Return-Path naming the victim among the headers. Only a Return-Path written at delivery,
  // above our MX's Received, is the envelope sender.
  const received = () => `Received: from esp.example (esp.example [192.0.2.10])\r\n\tby mx.bpart.test (Postfix) with ESMTPS id 7Q; ${new Date().toUTCString()}`;
  test("a Return-Path below our MX's Received is not believed", async () => {
    const v = await victim();
    zone.txt(v.domain, 'v=spf1 ip4:192.0.2.0/24 -all');
    const attack = rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY, top: [received(), `Return-Path: <${v.email}>`] });
    const row = await deliverOne(env, attack);
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
    // control: the same Return-Path written at delivery, above our MX's Received
    const control = await victim();
    zone.txt(control.domain, 'v=spf1 ip4:192.0.2.0/24 -all');
    const genuine = rawMessage({ from: `Alice Martin <${control.email}>`, body: BODY, top: [`Return-Path: <${control.email}>`, received()] });
    expect(await verdictOf(genuine)).toEqual({ authenticated: true, reason: 'spf_aligned_pass_trusted_hop' });
  });
});

describe('text someone else wrote does not count', () => {
  // The holder forwards a suspicious mail to support ("is this you?"), embedded as an inline
  // message/rfc822 part. The attacker wrote that mail so that nothing in it looks forwarded
  // (no From, no Date): its text must still not become the holder's own request.
  const embedded = (type: string, email: string, disposition = 'inline') =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject: 'Fwd: is this really from you?',
      contentType: 'multipart/mixed; boundary="b1"',
      body: [
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello, I received this. Is it really from you?',
        '',
        'Alice',
        '',
        '--b1',
        `Content-Type: ${type}`,
        `Content-Disposition: ${disposition}`,
        '',
        ...(type === 'message/rfc822' ? ['Subject: your account', 'Content-Type: text/plain; charset=utf-8', ''] : []),
        BODY,
        '',
        '--b1--',
      ].join('\n'),
    });
  test("an inline embedded message is an attachment, not the writer's text", async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(embedded('message/rfc822', v.email), v.domain));
    // Not a request and in no thread: ignored without spending DNS on its signature (issue 15).
    expect(row).toMatchObject({ authenticated: false, auth: { reason: 'not_checked: other mail outside our threads' } });
    expect(row.kind).toBe('other');
    expect(row.ticketId).toBeNull();
    expect(recipients(sink)).toEqual([]);
    // control: the same text as a part the holder wrote is their request
    const control = await victim();
    const opened = await deliverOne(env, await signed(embedded('text/plain; charset=utf-8', control.email), control.domain));
    expect(opened).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });

  test("a text file attached inline (as Apple Mail does) is a file, not the writer's text", async () => {
    const v = await victim();
    const file = embedded('text/plain; charset=utf-8; name="form.txt"', v.email, 'inline; filename="form.txt"');
    const row = await deliverOne(env, await signed(file, v.domain));
    expect(row).toMatchObject({ authenticated: false, kind: 'other', ticketId: null, auth: { reason: 'not_checked: other mail outside our threads' } });
    expect(recipients(sink)).toEqual([]);
    // control: the same part without a file name is text the holder wrote
    const control = await victim();
    const opened = await deliverOne(env, await signed(embedded('text/plain; charset=utf-8', control.email, 'inline'), control.domain));
    expect(opened).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });
});

describe("the holder's reply to a phishing mail that set Reply-To: support", () => {
  // Eve writes the request herself, with Reply-To: support@; the holder answers "what is this?"
  // and the reply, genuinely signed and fresh, reaches support with Eve's text quoted.
  const quoted: Record<string, string> = {
    outlook: `________________________________\nFrom: Eve <eve@evil.example>\nSent: Friday, December 4, 2026 10:00 AM\nTo: Alice Martin\nSubject: Lost my 2FA device\n\n${BODY}`,
    'gmail (fr)': `Le ven. 4 déc. 2026 à 10:00, Eve <eve@evil.example> a écrit :\n\n${BODY.replace(/^/gm, '> ')}`,
    'outlook (nl)': `Van: Eve <eve@evil.example>\nVerzonden: vrijdag 4 december 2026 10:00\nAan: Alice Martin\nOnderwerp: Lost my 2FA device\n\n${BODY}`,
  };
  test.each(Object.keys(quoted))("%s quote: Eve's text is not the holder's request", async (style) => {
    const v = await victim();
    const reply = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Re: Lost my 2FA device',
      // A real reply names the mail it answers: the thread claim gets it authenticated.
      headers: ['In-Reply-To: <lost-2fa-1@evil.example>', 'References: <lost-2fa-1@evil.example>'],
      body: `What is this? I never sent that.\n\nAlice\n\n${quoted[style]}`,
    });
    const row = await deliverOne(env, await signed(reply, v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'other', ticketId: null });
    expect(recipients(sink)).toEqual([]);
  });
});

void DAY;
