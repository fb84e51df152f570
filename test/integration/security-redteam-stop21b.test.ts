// Attacks tried in the stop-21 red team, second pass (docs/security-log.md "Attacks tried in stop 21, second
// pass"): the web console and the holder's links, by an outsider or a low-privilege agent. Each
// attack has a control that differs only in the attacked detail.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createDirectory } from '../../src/adapters/directory/index.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail } from '../support/mail.ts';
import { client, deliverPending, ingest, linkIn, loggedIn, ticketByRef, webApp, type Client } from '../e2e/console-support.ts';
import { deliverOne, mixed, rawMessage, request, useRedTeam } from '../support/security.ts';

let env: TestEnv;
let app: FastifyInstance;
let ref: string;
let agent: Awaited<ReturnType<typeof seedAgent>>;
// One sign-in per agent: a TOTP code is accepted once.
let c: Client;
let other: Client;

// Everything a console page renders from the mail, written as markup.
const XSS_NAME = '"><script>alert(1)</script>';
const XSS_SUBJECT = 'Lost my phone <img src=x onerror=alert(2)>';
const XSS_ORG = '<svg onload=alert(3)>';

beforeAll(async () => {
  env = await createTestEnv();
  app = await webApp(env, { rateLimits: { login: 100 } });
  await seedAccount(env, { email: 'mallory.victim@xss.example', fullName: 'Mara Victim', organisations: [XSS_ORG] });
  agent = await seedAgent(env, 'agent-b@bpart.test', 'agent');
  const ticket = await ingest(
    env,
    buildMail({
      from: 'mallory.victim@xss.example',
      fromName: XSS_NAME,
      subject: XSS_SUBJECT,
      body: `Hello,\n\nI lost my phone with my authenticator app and cannot log in. Please reset my two-factor authentication.\n\nMy name is Mara Victim and I manage the account of ${XSS_ORG}.\n\nMara Victim\n${XSS_ORG}`,
    }),
  );
  ref = ticket.ref;
  c = await loggedIn(app, agent);
  other = await loggedIn(app, await seedAgent(env, 'agent-other@bpart.test', 'agent'));
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

const NOTE = (tag: string) => `note-${tag}-${Math.random().toString(36).slice(2, 8)}`;
async function notePosted(_c: Client, text: string): Promise<boolean> {
  return (await c.get(`/tickets/${ref}`)).body.includes(text);
}
function cookieHeader(c: Client): string {
  return [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('CSRF on the console’s decisions', () => {
  test('control: a note posted from the ticket page with its token is added', async () => {
    const text = NOTE('control');
    const csrf = await c.csrfFrom(`/tickets/${ref}`);
    const response = await c.post(`/tickets/${ref}/note`, { _csrf: csrf, text }, { 'sec-fetch-site': 'same-origin' });
    expect(response.statusCode).toBe(303);
    expect(await notePosted(c, text)).toBe(true);
  });

  test('no token, a token of another browser, or a cross-site / same-site (sibling subdomain) POST: refused', async () => {
    const own = await c.csrfFrom(`/tickets/${ref}`);
    const foreign = await other.csrfFrom(`/tickets/${ref}`);
    const attempts: [Record<string, string>, Record<string, string>][] = [
      [{}, {}],
      [{ _csrf: foreign }, {}],
      [{ _csrf: own }, { 'sec-fetch-site': 'cross-site' }],
      [{ _csrf: own }, { 'sec-fetch-site': 'same-site' }],
      [{ _csrf: own }, { origin: 'https://evil.example' }],
    ];
    for (const [form, headers] of attempts) {
      const text = NOTE('csrf');
      const response = await c.post(`/tickets/${ref}/note`, { ...form, text }, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(await notePosted(c, text)).toBe(false);
    }
  });

  test('text/plain and JSON bodies (what a cross-site form or fetch can send) carry no decision without the token', async () => {
    const own = await c.csrfFrom(`/tickets/${ref}`);
    for (const [type, payload] of [
      ['text/plain', `_csrf=&text=NOTE`],
      ['text/plain', `_csrf=${own}&text=NOTE`],
      ['application/json', JSON.stringify({ text: 'NOTE' })],
    ] as const) {
      const text = NOTE('type');
      const response = await app.inject({
        method: 'POST',
        url: `/tickets/${ref}/note`,
        payload: payload.replace('NOTE', text),
        headers: { 'content-type': type, cookie: cookieHeader(c) },
      });
      expect(response.statusCode, type).toBe(403);
      expect(await notePosted(c, text)).toBe(false);
    }
  });

  test('method override headers and a GET to a decision route change nothing', async () => {
    const text = NOTE('override');
    const override = await app.inject({
      method: 'POST',
      url: `/tickets/${ref}/note?_method=GET`,
      payload: `text=${text}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'GET', cookie: cookieHeader(c) },
    });
    expect(override.statusCode).toBe(403);
    const get = await c.get(`/tickets/${ref}/note?text=${text}`);
    expect(get.statusCode).toBe(405);
    expect(await notePosted(c, text)).toBe(false);
  });
});

describe('sessions, cookies and redirects', () => {
  test('a session id planted before sign-in is not the one signed in, and a signed-out session is dead', async () => {
    const agent = await seedAgent(env, 'agent-fixation@bpart.test', 'agent');
    const c = client(app);
    c.cookies.set('rd_session', 'attacker-chosen-session-id');
    const csrf = await c.csrfFrom('/login');
    const { totpCode } = await import('../../src/adapters/totp/totp.ts');
    const response = await c.post('/login', { _csrf: csrf, email: agent.email, password: agent.password, code: await totpCode(agent.totpSecret) });
    expect(response.statusCode).toBe(303);
    const session = c.cookies.get('rd_session')!;
    expect(session).not.toBe('attacker-chosen-session-id');
    const planted = client(app);
    planted.cookies.set('rd_session', 'attacker-chosen-session-id');
    expect((await planted.get('/tickets')).headers.location).toBe('/login');

    const set = response.cookies.find((k) => k.name === 'rd_session')!;
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(set.domain).toBeUndefined();

    const copy = client(app);
    copy.cookies.set('rd_session', session);
    expect((await copy.get('/tickets')).statusCode).toBe(200);
    await c.post('/logout', { _csrf: await c.csrfFrom('/tickets') });
    expect((await copy.get('/tickets')).headers.location).toBe('/login');
  });

  test('no redirect leaves the console: a ref written as a host, a path starting with //', async () => {
    const csrf = await c.csrfFrom(`/tickets/${ref}`);
    const response = await c.post(`/tickets/%2F%2Fevil.example/note`, { _csrf: csrf, text: 'x' });
    expect(response.headers.location ?? '').not.toMatch(/^(\/\/|https?:)/);
    for (const url of ['//evil.example/', '/\\evil.example/', '/%2F%2Fevil.example']) {
      const r = await client(app).get(url);
      expect(r.headers.location ?? '', url).not.toMatch(/^(\/\/|\/\\|https?:)/);
    }
  });

  test('the ticket page’s notice is one of ours: ?ok= naming a property of every object shows nothing', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const page = await c.get(`/tickets/${ref}?ok=${name}`);
      expect(page.statusCode).toBe(200);
      expect(page.body, name).not.toMatch(/native code|\[object Object\]/);
      expect(page.body, name).not.toContain('class="flash success"');
    }
    // control: a notice of ours is shown
    expect((await c.get(`/tickets/${ref}?ok=note`)).body).toContain('Note added.');
  });
});

describe('XSS through the values the console renders from mail', () => {
  test('display name, subject and organisation are text on the queue and the ticket page, under a strict CSP', async () => {
    for (const url of ['/tickets', `/tickets/${ref}`, '/tickets?status=all']) {
      const page = await c.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body).not.toMatch(/<script|<img|<svg/i);
      expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
    }
    // control: the values are there, escaped
    expect((await c.get(`/tickets/${ref}`)).body).toContain('Lost my phone &lt;img src=x onerror=alert(2)&gt;');
  });
});

describe('IDOR and privileges', () => {
  test('a non-admin agent cannot replay quarantined mail; the refusal is the same for an id that does not exist', async () => {
    const csrf = await c.csrfFrom('/tickets?status=quarantined');
    for (const id of ['1', '999999', '-1', 'abc']) {
      const r = await c.post(`/quarantine/${id}/replay`, { _csrf: csrf });
      expect(r.statusCode, id).toBe(403);
    }
  });
});

describe('the sign-in limiter', () => {
  test('a forged X-Forwarded-For does not give each attempt a fresh allowance', async () => {
    const limited = await webApp(env, { rateLimits: { login: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const c = client(limited);
        const csrf = await c.csrfFrom('/login');
        const r = await c.post(
          '/login',
          { _csrf: csrf, email: `nobody-${i}@bpart.test`, password: 'wrong', code: '000000' },
          { 'x-forwarded-for': `203.0.113.${i}` },
        );
        statuses.push(r.statusCode);
      }
      expect(statuses.slice(3)).toEqual([429, 429, 429]);
      expect(statuses.slice(0, 3)).not.toContain(429);
    } finally {
      await limited.close();
    }
  });
});

describe('the holder’s link pages', () => {
  test('a link page leaks its token to no one: same-origin referrer, nothing loaded from elsewhere, never cached', async () => {
    for (const url of [
      '/r/confirm/abcdefghijklmnopqrstuvwxyz012345',
      '/r/cancel/abcdefghijklmnopqrstuvwxyz012345',
      '/r/not-me/abcdefghijklmnopqrstuvwxyz012345',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.headers['referrer-policy'], url).toBe('same-origin');
      expect(String(r.headers['content-security-policy'])).toContain("default-src 'none'");
      expect(r.body).not.toMatch(/(src|href)="https?:/);
    }
  });

  test('a cross-site POST to a holder link is refused before the token is looked at', async () => {
    for (const url of ['/r/confirm/abcdefghijklmnopqrstuvwxyz012345', '/r/cancel/abcdefghijklmnopqrstuvwxyz012345']) {
      const r = await app.inject({ method: 'POST', url, headers: { 'sec-fetch-site': 'cross-site' } });
      expect(r.statusCode, url).toBe(403);
    }
    const r = await app.inject({
      method: 'POST',
      url: '/r/not-me',
      payload: 'token=abcdefghijklmnopqrstuvwxyz012345',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    expect(r.statusCode).toBe(403);
  });
});

describe('body wrappers: what text is read from them', () => {
  // The holder forwards Eve's mail as a MIME digest (mutt's "forward as MIME digest", a list's
  // digest passed on). RFC 2046 §5.1.5: a digest part without Content-Type is message/rfc822.
  // mailsplit reads it as text/plain, so Eve's whole mail, headers and all, was the holder's text.
  const { running, victim, signed } = useRedTeam('stop21b-');
  let pipeline: TestEnv;
  beforeAll(() => {
    ({ env: pipeline } = running());
  });
  // The embedded mail with MIME headers only (no From, no Subject): nothing for the reader to
  // take for a forwarded header block.
  const EVE = ['Content-Type: text/plain; charset=utf-8', '', request('Alice Martin', 'Good Example SRL')].join('\n');
  /** The holder's text, then one part: its header lines and Eve's mail as its content. */
  /** A digest whose one part has `headers` and Eve's mail as content. */
  const digest = (headers: string[]) => ['--inner', ...headers, '', EVE, '--inner--'].join('\n');
  const DIGEST = ['Content-Type: multipart/digest; boundary="inner"'];
  const ASKING = 'Hello, I received the mail attached. Is it really from you?\n\nAlice';

  test.each([
    ['a digest part without Content-Type', digest([])],
    ['a digest part labelled text/plain', digest(['Content-Type: text/plain; charset=utf-8'])],
    [
      'a multipart/mixed inside a digest part',
      digest(['Content-Type: multipart/mixed; boundary="deep"', '', '--deep']).replace('--inner--', '--deep--\n--inner--'),
    ],
  ])('%s: Eve’s mail is an attachment, never the holder’s request', async (_name, content) => {
    const v = await victim();
    const row = await deliverOne(pipeline, await signed(mixed(v.email, ASKING, DIGEST, content), v.domain));
    // (before the fix: authenticated, recovery_request, a complete ticket)
    expect(row.kind).not.toBe('recovery_request');
    expect(row.outcome).not.toBe('ticket_opened');
  });

  test('control: the holder’s own request above the same digest opens the ticket', async () => {
    const v = await victim();
    const row = await deliverOne(pipeline, await signed(mixed(v.email, request('Alice Martin', 'Good Example SRL'), DIGEST, digest([])), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });

  test.each([
    ['S/MIME signature (application/pkcs7-signature)', ['Content-Type: application/pkcs7-signature; name=smime.p7s']],
    ['S/MIME opaque (application/pkcs7-mime)', ['Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m']],
    ['TNEF (winmail.dat, inline)', ['Content-Type: application/ms-tnef; name="winmail.dat"', 'Content-Disposition: inline']],
    ['message/partial', ['Content-Type: message/partial; id="x@evil"; number=1; total=2']],
    ['PGP/MIME control part (application/pgp-encrypted)', ['Content-Type: application/pgp-encrypted']],
    ['text/rfc822-headers', ['Content-Type: text/rfc822-headers']],
  ])('held: %s carrying Eve’s mail is not read as the holder’s words', async (_name, headers) => {
    const v = await victim();
    const row = await deliverOne(pipeline, await signed(mixed(v.email, ASKING, headers, EVE), v.domain));
    expect(row.kind).not.toBe('recovery_request');
    expect(row.outcome).not.toBe('ticket_opened');
  });
});

describe('the directory naming a different account than asked (SPEC §9)', () => {
  // A company's http directory that answers a lookup with the account it thinks close enough
  // (a LIKE, a fuzzy search, a stale cache keyed by a hash collision): the reset must never
  // land on that account.
  let server: Server;
  let answer: unknown[] = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accounts: answer })));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());
  const account = (id: string, email: string) => ({ id, email, fullName: null, organisations: [], totpEnabled: true, version: null });
  const find = (email: string) =>
    createDirectory(
      { ACCOUNT_DIRECTORY: 'http', DIRECTORY_HTTP_URL: url, DIRECTORY_HTTP_SECRET: 's'.repeat(32), DIRECTORY_HTTP_TIMEOUT: 2000 } as Parameters<
        typeof createDirectory
      >[0],
      () => {
        throw new Error('no own database here');
      },
    ).find(email);

  test('an answer naming another mailbox, or the asked one beside another, is no match', async () => {
    for (const accounts of [
      [account('bob-1', 'bob@corp.example')],
      [account('alice-x', 'alice@corp.example.evil')],
      [account('alice-k', 'alice+k@corp.example')],
      [account('alice-1', 'alice@corp.example'), account('bob-1', 'bob@corp.example')],
    ]) {
      answer = accounts;
      expect((await find('alice@corp.example')).kind, JSON.stringify(accounts)).not.toBe('one');
    }
    // control: the asked mailbox alone is the match (ASCII case aside)
    answer = [account('alice-1', 'Alice@corp.example')];
    expect(await find('alice@corp.example')).toMatchObject({ kind: 'one', account: { id: 'alice-1' } });
  });
});

describe('the holder’s confirmation link', () => {
  let env: TestEnv;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestEnv({ RECOVERY_CHALLENGE: 'link' });
    app = await webApp(env);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });
  test('goes only to the stored address, never in a header, and works once, for confirming only', async () => {
    await seedAccount(env, { email: 'link.holder@links.example', fullName: 'Lina Holder', organisations: ['Links BV'] });
    const ticket = await ingest(
      env,
      buildMail({
        from: 'link.holder@links.example',
        fromName: 'Lina Holder',
        headers: { 'Reply-To': 'eve@evil-links.example', Cc: 'eve@evil-links.example' },
        body: 'Hello,\n\nI lost my phone with my authenticator app and cannot log in. Please reset my two-factor authentication.\n\nMy name is Lina Holder and I manage the account of Links BV.\n\nLina Holder\nLinks BV',
      }),
    );
    expect(ticket.status).toBe('waiting_confirmation');
    const mails = await deliverPending(env);
    const mine = mails.filter((m) => m.text.includes('/r/confirm/'));
    expect(mine.map((m) => m.to)).toEqual(['link.holder@links.example']);
    expect(mails.some((m) => m.to.includes('evil-links'))).toBe(false);
    const token = linkIn(mine[0], 'confirm');
    const { text: _text, ...envelope } = mine[0]!;
    expect(JSON.stringify(envelope)).not.toContain(token);

    // the confirmation token is no cancel token
    expect((await app.inject({ method: 'POST', url: `/r/cancel/${token}` })).statusCode).toBe(410);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('waiting_confirmation');
    // a token one character off confirms nothing
    const off = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await app.inject({ method: 'POST', url: `/r/confirm/${off}` })).statusCode).toBe(410);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('waiting_confirmation');
    // control: the token itself confirms, once
    expect((await app.inject({ method: 'POST', url: `/r/confirm/${token}` })).statusCode).toBe(200);
    expect((await ticketByRef(env, ticket.ref)).status).not.toBe('waiting_confirmation');
    expect((await app.inject({ method: 'POST', url: `/r/confirm/${token}` })).statusCode).toBe(410);
  });
});
