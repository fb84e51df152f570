// Attacks tried in the stop-21 red team (docs/security-log.md "Attacks tried in stop 21"), on the real pipeline
// with mail genuinely DKIM-signed against the offline zone. The attacker holds the victim's
// password, not their mailbox nor their key; each attack has a control that differs only in the
// attacked detail.
import { authenticate } from 'mailauth';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerQueueDashboard } from '../../src/web/queue-dashboard.ts';
import { loggedIn, webApp } from '../e2e/console-support.ts';
import { createTestEnv, seedAgent, type TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { zone, running, victim, signed, ticketRow } = useRedTeam('stop21-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const EVE_TEXT = request('Alice Martin', 'Good Example SRL');

/**
 * The holder forwards, inline, a mail Eve sent them ("is this really from you?"): their client
 * copies Eve's From header, display name included, into the forwarded header block.
 */
function inlineForward(email: string, forwardedFrom: string): string {
  return rawMessage({
    from: `Alice Martin <${email}>`,
    subject: 'Fwd: About your account',
    body: [
      'Hello, I received the mail below. Is it really from you?',
      '',
      'Alice',
      '',
      '---------- Forwarded message ---------',
      `From: ${forwardedFrom}`,
      'Date: Mon, 7 Dec 2026 at 09:00',
      'Subject: About your account',
      `To: Alice Martin <${email}>`,
      '',
      EVE_TEXT,
    ].join('\n'),
  });
}

/** The same, HTML only, as Gmail writes it. */
function htmlForward(email: string, name: string, address: string): string {
  const paragraphs = EVE_TEXT.split('\n\n')
    .map((p) => `<div>${p.replace(/\n/g, '<br>')}</div>`)
    .join('<div><br></div>');
  return rawMessage({
    from: `Alice Martin <${email}>`,
    subject: 'Fwd: About your account',
    contentType: 'text/html; charset=utf-8',
    body: [
      '<div dir="ltr">Hello, I received the mail below. Is it really from you?<div><br></div><div>Alice</div><br>',
      '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>',
      `From: <strong class="gmail_sendername" dir="auto">${name}</strong> <span dir="auto">&lt;<a href="mailto:${address}">${address}</a>&gt;</span><br>`,
      'Date: Mon, 7 Dec 2026 at 09:00<br>Subject: About your account<br>',
      `To: Alice Martin &lt;<a href="mailto:${email}">${email}</a>&gt;<br></div><br><br>`,
      `<div dir="ltr">${paragraphs}</div></div></div>`,
    ].join('\n'),
  });
}

describe('an inline forward of someone else’s mail whose From line names the holder', () => {
  // A forward of the writer's own earlier mail counts as their words (strip-quotes.ts). The
  // forwarded From line is copied from the forwarded mail's From header, which its author wrote:
  // an address in the display name or a comment, or an address that merely contains the holder's,
  // made Eve's text the holder's, in an authenticated, complete recovery ticket.
  test.each([
    ['the holder’s address as the display name', (email: string) => `${email} <eve@evil-fwd.example>`],
    ['the holder’s address quoted in the display name', (email: string) => `"Alice Martin (${email})" <eve@evil-fwd.example>`],
    ['the holder’s address in a comment', (email: string) => `eve@evil-fwd.example (${email})`],
    ['an address that ends with the holder’s domain’s name as a subdomain', (email: string) => `Alice Martin <${email}.evil-fwd.example>`],
    ['an address whose local part ends with the holder’s', (email: string) => `Alice Martin <m${email}>`],
    ['the display name wrapped onto a second line before the real address', (email: string) => `${email}\n    <eve@evil-fwd.example>`],
  ])('%s: Eve’s text is not the holder’s, no ticket, no mail', async (_, forwardedFrom) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(inlineForward(v.email, forwardedFrom(v.email)), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, nothing missing.
    expect(row).toMatchObject({ kind: 'other', ticketId: null, outcome: 'ignored' });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('the same in an HTML-only Gmail forward', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(htmlForward(v.email, v.email, 'eve@evil-fwd.example'), v.domain));
    expect(row).toMatchObject({ kind: 'other', ticketId: null, outcome: 'ignored' });
    expect(recipients(sink)).toEqual([]);
  });

  test('control: a forward of the holder’s own earlier mail is their request, authenticated and complete', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(inlineForward(v.email, `Alice Martin <${v.email}>`), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    const ticket = await ticketRow(row.ticketId!);
    expect(ticket.missing).toEqual([]);
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: the same in HTML, and with the bare address as Gmail writes a From without a name', async () => {
    const v = await victim();
    const html = await deliverOne(env, await signed(htmlForward(v.email, 'Alice Martin', v.email), v.domain));
    expect(html).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    const w = await victim();
    const bare = await deliverOne(env, await signed(inlineForward(w.email, `<${w.email}>`), w.domain));
    expect(bare).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });

  test('control: Eve’s own address on the line is a forward of someone else’s mail, as before', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(inlineForward(v.email, 'Eve <eve@evil-fwd.example>'), v.domain));
    expect(row).toMatchObject({ kind: 'other', ticketId: null, outcome: 'ignored' });
  });
});

describe('an inline forward whose header block is in a language the reader did not know', () => {
  // The reader cut forwarded text at banners and header labels in en/fr/nl/de/es. A holder whose
  // mail client writes Italian, Polish or Turkish labels forwarded Eve's mail: Eve's text was read
  // as the holder's own, an authenticated, complete recovery request.
  function localForward(email: string, header: string[]): string {
    return rawMessage({
      from: `Alice Martin <${email}>`,
      subject: 'I: About your account',
      body: ['Hello, I received the mail below. Is it really from you?', '', 'Alice', '', ...header, '', EVE_TEXT].join('\n'),
    });
  }
  test.each([
    [
      'Gmail, Italian',
      [
        '---------- Messaggio inoltrato ---------',
        'Da: Eve <eve@evil-fwd.example>',
        'Date: lun 7 dic 2026 alle ore 09:00',
        'Subject: About your account',
        'To: <alice>',
      ],
    ],
    [
      'Gmail, Polish',
      [
        '---------- Przekazana wiadomość ---------',
        'Od: Eve <eve@evil-fwd.example>',
        'Date: pon., 7 gru 2026 o 09:00',
        'Subject: About your account',
        'To: <alice>',
      ],
    ],
    [
      'Gmail, Turkish',
      [
        '---------- İletilen ileti ---------',
        'Gönderen: Eve <eve@evil-fwd.example>',
        'Date: 7 Ara 2026 Pzt 09:00',
        'Subject: About your account',
        'To: <alice>',
      ],
    ],
    ['Outlook, Italian', ['Da: Eve <eve@evil-fwd.example>', 'Inviato: lunedì 7 dicembre 2026 09:00', 'A: Alice Martin <alice>', 'Oggetto: About your account']],
    [
      'Thunderbird, Italian',
      [
        '-------- Messaggio Inoltrato --------',
        'Oggetto: \tAbout your account',
        'Data: \tMon, 7 Dec 2026 09:00:00 +0000',
        'Mittente: \tEve <eve@evil-fwd.example>',
        'A: \t<alice>',
      ],
    ],
  ])('%s: Eve’s text is not the holder’s, no ticket, no mail', async (_, header) => {
    const v = await victim();
    const raw = localForward(
      v.email,
      header.map((line) => line.replace('<alice>', `<${v.email}>`)),
    );
    const row = await deliverOne(env, await signed(raw, v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, nothing missing.
    expect(row).toMatchObject({ kind: 'other', ticketId: null, outcome: 'ignored' });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the holder’s own labelled details, their mailbox and a time among them, are still read', async () => {
    const v = await victim();
    const own = [
      'Hello, I lost my phone and with it my authenticator app. Could you please reset the 2FA on my account?',
      '',
      'Name: Alice Martin',
      'Organisation: Good Example SRL',
      `E-mail: Alice Martin <${v.email}>`,
      'Lost: 3 December 2026 around 18:30',
      '',
      'Thanks,',
      'Alice Martin',
    ].join('\n');
    const row = await deliverOne(env, await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: own }), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).missing).toEqual([]);
  });
});

describe('format=flowed: trailing spaces the relaxed body hash ignores are soft line breaks', () => {
  // In format=flowed text (Thunderbird's default) a line ending in a space joins the next one, and
  // relaxed body canonicalisation ignores trailing spaces: Eve, holding the holder's signed flowed
  // forward, may add them anywhere without breaking the signature. mailparser's decoder also joined
  // across an empty line, so one space after the holder's last line pulled the forward marker into
  // the holder's paragraph, where no cut rule saw it: Eve's text read as the holder's own.
  const FORWARD_HEADER = ['Subject: \tAbout your account', 'Date: \tMon, 7 Dec 2026 09:00:00 +0000', 'From: \tEve <eve@evil-fwd.example>'];
  function flowedForward(email: string, intro: string): string {
    return rawMessage({
      from: `Alice Martin <${email}>`,
      subject: 'Fwd: About your account',
      contentType: 'text/plain; charset=utf-8; format=flowed',
      body: ['Is this really from you?', '', 'Alice', '', intro, '', ...FORWARD_HEADER, `To: \tAlice Martin <${email}>`, '', EVE_TEXT].join('\n'),
    });
  }
  const spaced = (raw: string, line: string) => raw.replace(`\r\n${line}\r\n`, `\r\n${line} \r\n`);
  test.each([
    ['a space after the holder’s last line (Thunderbird banner)', '-------- Forwarded Message --------', (raw: string) => spaced(raw, 'Alice')],
    [
      'the same and the empty line as spaces',
      '-------- Forwarded Message --------',
      (raw: string) => spaced(raw, 'Alice').replace('Alice \r\n\r\n', 'Alice \r\n  \r\n'),
    ],
    [
      'the same and the forwarded header lines joined',
      '-------- Forwarded Message --------',
      (raw: string) => FORWARD_HEADER.reduce(spaced, spaced(raw, 'Alice')),
    ],
    [
      'a space after an Apple-style intro, the header lines joined',
      'Begin forwarded message:',
      (raw: string) => FORWARD_HEADER.reduce(spaced, spaced(raw, 'Begin forwarded message:')),
    ],
  ])('%s: still Eve’s text, no ticket', async (_, intro, edit) => {
    const v = await victim();
    const genuine = await signed(flowedForward(v.email, intro), v.domain);
    const attack = edit(genuine);
    expect(attack).not.toBe(genuine);
    const dkim = await authenticate(Buffer.from(attack), { resolver: zone.resolver, disableArc: true, disableBimi: true });
    expect(dkim.dkim.results[0]?.status.result, 'the signature still verifies').toBe('pass');
    const row = await deliverOne(env, attack);
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, nothing missing.
    expect(row).toMatchObject({ kind: 'other', ticketId: null, outcome: 'ignored' });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the holder’s own flowed request, a line of it joined the same way, is their request', async () => {
    const v = await victim();
    const raw = rawMessage({ from: `Alice Martin <${v.email}>`, contentType: 'text/plain; charset=utf-8; format=flowed', body: EVE_TEXT });
    const row = await deliverOne(
      env,
      spaced(await signed(raw, v.domain), 'I lost my phone last weekend and with it my authenticator app, so I can no longer log in.'),
    );
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });
});

describe('a forward whose only recovery wording is the forwarded mail’s subject', () => {
  // Eve writes the request into her subject and says nothing in the text; the holder forwards it
  // ("is this really from you?"). The forwarded subject is Eve's words, but it was read as the
  // holder's: an authenticated recovery request (its details asked of the holder), or with the
  // holder's usual signature under the question, one with name and organisation already filled in.
  const SUBJECT = 'Lost my phone, please reset my 2FA';
  function subjectForward(email: string, prefix: string, own: string, subject = SUBJECT): string {
    return rawMessage({
      from: `Alice Martin <${email}>`,
      subject: `${prefix}${subject}`,
      body: [
        own,
        '',
        '---------- Forwarded message ---------',
        'From: Eve <eve@evil-fwd.example>',
        'Date: Mon, 7 Dec 2026 at 09:00',
        `Subject: ${SUBJECT}`,
        `To: Alice Martin <${email}>`,
        '',
        'Hi Alice, see the subject.',
        '',
        'Eve',
      ].join('\n'),
    });
  }
  const QUESTION = 'Hello, I received the mail below. Is it really from you?\n\nAlice';
  const SIGNED_QUESTION = 'Hello, I received the mail below. Is it really from you?\n\nAlice Martin\nGood Example SRL';

  test.each([
    ['Fwd: ', 'a question', QUESTION],
    ['TR: ', 'a question', QUESTION],
    ['WG: ', 'a question', QUESTION],
    ['Doorst: ', 'a question', QUESTION],
    ['Fwd: ', 'a question and the holder’s signature (name, organisation)', SIGNED_QUESTION],
    ['FW: ', 'a question and the holder’s signature (name, organisation)', SIGNED_QUESTION],
    // prefixes no list holds: the forward is known by the quoted "Subject:" line carrying the same words
    ['I: ', 'a question and the holder’s signature (name, organisation)', SIGNED_QUESTION],
    ['PD: ', 'a question and the holder’s signature (name, organisation)', SIGNED_QUESTION],
    ['', 'a question and the holder’s signature, from a client that adds no prefix', SIGNED_QUESTION],
  ])('“%s…” with %s: no ticket, no mail', async (prefix, _, own) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(subjectForward(v.email, prefix, own), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }.
    expect(row).toMatchObject({ kind: 'other', ticketId: null, outcome: 'ignored' });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the holder’s own subject (words of their own, no forward prefix) is their request', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(subjectForward(v.email, '', SIGNED_QUESTION, 'Lost my phone yesterday, please reset my 2FA'), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: a holder who forwards and says what happened to their phone is asking, under the forwarded subject', async () => {
    const v = await victim();
    const own = 'Hello, forwarding this from our accountant, but it is my account: my phone fell in the pond and is dead.\n\nAlice Martin\nGood Example SRL';
    const row = await deliverOne(env, await signed(subjectForward(v.email, 'Fwd: ', own), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });
});

describe('the holder’s signed objection to a phishing mail, sent to support through its Reply-To', () => {
  // Eve writes to the holder under "Lost my phone, please reset my 2FA" with Reply-To: support@.
  // The holder answers "What is this?" above the quote, signed with their name and organisation as
  // always. Held when unsigned (issue 10's red team); the signature's name and organisation were
  // taken as the details the reply brought, so Eve's subject made it an authenticated request.
  function objection(email: string, quotedFrom: string, own: string, attribution = (who: string) => `On Mon, 7 Dec 2026 at 09:00, ${who} wrote:`): string {
    return rawMessage({
      from: `Alice Martin <${email}>`,
      subject: 'Re: Lost my phone, please reset my 2FA',
      headers: ['In-Reply-To: <phish-1@evil-fwd.example>', 'References: <phish-1@evil-fwd.example>'],
      body: [own, '', attribution(quotedFrom), '> Hi Alice, see the subject.', '>', '> Eve'].join('\n'),
    });
  }
  const SIGNED_OBJECTION = 'What is this? I never wrote to you.\n\nAlice Martin\nGood Example SRL';

  test('quoting Eve: no ticket, no mail', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(objection(v.email, 'Eve <eve@evil-fwd.example>', SIGNED_OBJECTION), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, the explanation asked of the holder.
    expect(row).toMatchObject({ kind: 'other', ticketId: null });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('quoting Eve under an attribution in a language the reader does not list (Gmail, Polish): no ticket, no mail', async () => {
    const v = await victim();
    const polish = (who: string) => `pon., 7 gru 2026 o 09:00 ${who} napisał(a):`;
    const row = await deliverOne(env, await signed(objection(v.email, 'Eve <eve@evil-fwd.example>', SIGNED_OBJECTION, polish), v.domain));
    expect(row).toMatchObject({ kind: 'other', ticketId: null });
    expect(recipients(sink)).toEqual([]);
  });

  test('quoting Eve under an attribution without her address (Thunderbird): no ticket, no mail', async () => {
    const v = await victim();
    const thunderbird = () => 'On 07/12/2026 09:00, Alice Martin wrote:';
    const row = await deliverOne(env, await signed(objection(v.email, '', SIGNED_OBJECTION, thunderbird), v.domain));
    expect(row).toMatchObject({ kind: 'other', ticketId: null });
    expect(recipients(sink)).toEqual([]);
  });

  test('quoting Eve from a domain that spells our name (bpart.evil…): no ticket, no mail', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(objection(v.email, 'Support Bpart <support@bpart.evil-fwd.example>', SIGNED_OBJECTION), v.domain));
    expect(row).toMatchObject({ kind: 'other', ticketId: null });
    expect(recipients(sink)).toEqual([]);
  });

  test('control: the holder answering their own earlier mail under its subject, with the same signature, is their request', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(objection(v.email, `Alice Martin <${v.email}>`, SIGNED_OBJECTION), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });

  test('control: under Eve’s subject, a holder who says what happened to their phone is asking', async () => {
    const v = await victim();
    const own = 'Strange mail, but yes: my phone was stolen yesterday, I do need the reset.\n\nAlice Martin\nGood Example SRL';
    const row = await deliverOne(env, await signed(objection(v.email, 'Eve <eve@evil-fwd.example>', own), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });
});

describe('the queue dashboard behind a percent-escaped path', () => {
  // The admins-only check compared the URL as sent with '/admin/queues'; the router decodes
  // percent-escapes before matching, so '/admin/queue%73/…' reached the dashboard's own routes
  // with only the console's "any signed-in agent" check in front: a non-admin agent could read
  // every job and pause, empty or obliterate the queues (the outbound queue paused: the holder is
  // never sent the approval notice with its cancel and "This wasn't me" links).
  let own: TestEnv;
  let app: FastifyInstance;
  beforeAll(async () => {
    own = await createTestEnv();
    app = await webApp(own, { rateLimits: { login: 100 } });
    await registerQueueDashboard(app, own.app.deps, [...own.app.queues.byName.values()]);
  });
  afterAll(async () => {
    await app?.close();
    await own?.close();
  });
  const ESCAPED = ['/admin/queue%73', '/%61dmin/queues', '/admin/%71ueues', '/%2561dmin/queues'];
  const put = (c: Awaited<ReturnType<typeof loggedIn>>, url: string) =>
    app.inject({ method: 'PUT', url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });

  test.each(ESCAPED)('%s: a non-admin agent is refused the API and cannot pause the outbound queue', async (prefix) => {
    const agent = await loggedIn(app, await seedAgent(own, `agent-${prefix.length}-${Math.random().toString(36).slice(2, 8)}@bpart.test`, 'agent'));
    const read = await agent.get(`${prefix}/api/queues`);
    expect(read.statusCode, read.body.slice(0, 80)).not.toBe(200);
    expect(read.body).not.toContain('"queues"');
    const pause = await put(agent, `${prefix}/api/queues/outbound/pause`);
    expect(pause.statusCode).not.toBe(200);
    expect(await own.app.queues.byName.get('outbound')!.isPaused()).toBe(false);
  });

  test('control: an admin reaches the same routes through the escaped path, and a non-admin is refused on the plain one', async () => {
    const admin = await loggedIn(app, await seedAgent(own, 'dash-admin@bpart.test', 'admin'));
    const read = await admin.get('/admin/queue%73/api/queues');
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('"queues"');
    const agent = await loggedIn(app, await seedAgent(own, 'dash-agent@bpart.test', 'agent'));
    expect((await agent.get('/admin/queues/api/queues')).statusCode).toBe(403);
  });
});
