// Attacks tried in stop 23 on the agent console (docs/security-log.md "Attacks tried in stop 23"): framing,
// markup in everything a mail can name (subject, display name, body, attachment names) on the
// queue, the held list and the ticket page, the agent's TOTP code replayed across sign-in and
// approvals, and the sign-in lockout under other spellings of the agent's address. Real
// PostgreSQL, Redis and HTTP stack (Fastify's inject); each attack has a control.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { TEST_AUTHSERV, createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail } from '../support/mail.ts';
import { client, codeAt, ingest, loggedIn, webApp } from '../e2e/console-support.ts';

let env: TestEnv;
let app: FastifyInstance;

const XSS = {
  name: '"><script>alert(11)</script>',
  subject: 'Lost my phone <img src=x onerror=alert(12)>',
  body: '</pre><script>alert(13)</script><iframe src="https://evil-stop23.example"></iframe>',
  file: '"><img src=x onerror=alert(14)>.txt',
};
/** Markup that would run, or load something, if any of the above were rendered as HTML. */
const LIVE = /<script>alert|<img src=x|<iframe src="https:\/\/evil/i;

let seq = 0;
async function authenticatedTicket(email: string, opts: { fromName?: string; subject?: string; raw?: Buffer } = {}) {
  seq += 1;
  await seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
  return ingest(
    env,
    opts.raw ??
      buildMail({
        from: email,
        ...(opts.fromName ? { fromName: opts.fromName } : {}),
        subject: opts.subject ?? 'Lost my phone',
        body: `Hello,\n\nI lost my phone with my authenticator app and cannot log in. Please reset my two-factor authentication.\n\nMy name is Alice Martin and I manage the account of Good Example SRL.\n\nAlice Martin\nGood Example SRL`,
      }),
  );
}

beforeAll(async () => {
  env = await createTestEnv();
  app = await webApp(env, { rateLimits: { login: 100 } });
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

describe('clickjacking: no page of ours can be framed', () => {
  test('the sign-in page, a ticket page and the holder’s link pages forbid framing', async () => {
    const agent = await seedAgent(env, 'frame-agent@bpart.test');
    const { ref } = await authenticatedTicket('frame@stop23.example');
    const c = await loggedIn(app, agent);
    for (const response of [
      await client(app).get('/login'),
      await c.get(`/tickets/${ref}`),
      await c.get('/tickets'),
      await client(app).get('/r/not-me/AAAAAAAAAAAAAAAAAAAAAA'),
      await client(app).get('/r/confirm/AAAAAAAAAAAAAAAAAAAAAA'),
      await client(app).get('/r/cancel/AAAAAAAAAAAAAAAAAAAAAA'),
    ]) {
      expect(String(response.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
      expect(String(response.headers['x-frame-options'])).toMatch(/^(DENY|SAMEORIGIN)$/);
    }
  });
});

describe('markup in what a mail names is text on every console page', () => {
  test('display name, subject, body and attachment name: escaped on the queue, the held list and the ticket page', async () => {
    const agent = await seedAgent(env, 'xss-agent@bpart.test');
    const email = 'xss@stop23.example';
    const raw = Buffer.from(
      [
        `Authentication-Results: ${TEST_AUTHSERV}; dmarc=pass header.from=stop23.example`,
        `From: ${XSS.name} <${email}>`,
        'To: support@bpart.test',
        `Subject: ${XSS.subject}`,
        `Date: ${new Date().toUTCString()}`,
        `Message-ID: <xss-${Date.now()}@stop23.example>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello,',
        '',
        'I lost my phone with my authenticator app. Please reset my two-factor authentication.',
        '',
        XSS.body,
        '',
        'My name is Alice Martin and I manage the account of Good Example SRL.',
        '',
        '--b',
        `Content-Type: text/plain; name="${XSS.file.replace(/"/g, '\\"')}"`,
        `Content-Disposition: attachment; filename="${XSS.file.replace(/"/g, '\\"')}"`,
        '',
        'attached',
        '--b--',
        '',
      ].join('\r\n'),
    );
    const { ref } = await authenticatedTicket(email, { raw });
    const c = await loggedIn(app, agent);
    const page = await c.get(`/tickets/${ref}`);
    expect(page.statusCode).toBe(200);
    // The attachment is listed, by its name as text.
    expect(page.body).toContain('&quot;&gt;&lt;img src=x onerror=alert(14)&gt;.txt');
    expect(page.body).toContain('&lt;/pre&gt;&lt;script&gt;alert(13)');
    for (const url of [`/tickets/${ref}`, '/tickets', '/tickets?status=all', '/tickets?status=held', '/tickets?status=quarantined']) {
      const response = await c.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toMatch(LIVE);
    }
  });
});

describe('the agent’s TOTP code is used once, whatever it is used for', () => {
  test('a code used to sign in, or to approve one ticket, approves nothing else', async () => {
    const agent = await seedAgent(env, 'replay-agent@bpart.test');
    const a = await authenticatedTicket('replay-a@stop23.example');
    const b = await authenticatedTicket('replay-b@stop23.example');
    const signInCode = await codeAt(agent.totpSecret);
    const c = client(app);
    const csrf = await c.csrfFrom('/login');
    expect((await c.post('/login', { _csrf: csrf, email: agent.email, password: agent.password, code: signInCode })).statusCode).toBe(303);
    // The sign-in code again, on an approval: refused.
    await expect(approveTicket(env.app.deps, { ref: a.ref, agentEmail: agent.email, totpCode: signInCode })).rejects.toMatchObject({ code: 'agent.bad_totp' });
    // A fresh code approves one ticket (control) …
    const next = await codeAt(agent.totpSecret, 1);
    await expect(approveTicket(env.app.deps, { ref: a.ref, agentEmail: agent.email, totpCode: next })).resolves.toMatchObject({ ref: a.ref });
    // … and never a second one.
    await expect(approveTicket(env.app.deps, { ref: b.ref, agentEmail: agent.email, totpCode: next })).rejects.toMatchObject({ code: 'agent.bad_totp' });
  });

  test('the same agent under another spelling of their address is not a second approver', async () => {
    const first = await seedAgent(env, 'spell-agent@bpart.test');
    await seedAccount(env, { email: 'spell@stop23.example', fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
    const ticket = await ingest(
      env,
      buildMail({
        from: 'spell@stop23.example',
        authenticated: false,
        body: 'I lost my phone, please reset my 2FA. My name is Alice Martin, Good Example SRL.',
      }),
    );
    const reason = 'called the holder back on the number on file';
    await expect(
      approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: first.email, totpCode: await codeAt(first.totpSecret), reason }),
    ).resolves.toMatchObject({
      status: 'awaiting_second_approver',
    });
    await expect(
      approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: ' SPELL-Agent@BPART.test ', totpCode: await codeAt(first.totpSecret, 1), reason }),
    ).rejects.toMatchObject({ code: 'approval.same_agent' });
  });
});

describe('the sign-in lockout holds for every spelling of the address', () => {
  test('after five wrong codes, the right password and code are refused as Agent@, with spaces, and a Kelvin-sign spelling is no agent', async () => {
    const agent = await seedAgent(env, 'lock-agent@bpart.test');
    const c = client(app);
    const attempt = async (email: string, code: string) => {
      const csrf = await c.csrfFrom('/login');
      return c.post('/login', { _csrf: csrf, email, password: agent.password, code });
    };
    for (let i = 0; i < 5; i++) expect((await attempt(agent.email, '000000')).statusCode).not.toBe(303);
    for (const spelling of ['LOCK-AGENT@bpart.test', '  lock-agent@BPART.TEST  ', 'lock-agent@bpart.test']) {
      const response = await attempt(spelling, await codeAt(agent.totpSecret));
      expect(response.statusCode, spelling).not.toBe(303);
      expect(response.body, spelling).toMatch(/locked/i);
    }
    // Another spelling that folds only under Unicode rules is another (unknown) address.
    const kelvin = await attempt('loc\u212A-agent@bpart.test', await codeAt(agent.totpSecret));
    expect(kelvin.statusCode).not.toBe(303);
    expect(kelvin.body).not.toMatch(/locked/i);
  });

  test('control: the agent signs in with the right password and code', async () => {
    const agent = await seedAgent(env, 'unlocked-agent@bpart.test');
    await loggedIn(app, agent);
  });
});
