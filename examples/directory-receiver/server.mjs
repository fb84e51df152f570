// The reference receiver of recovery-desk's http account directory (docs/directory-api.yaml).
// A company copies this file and replaces the `store` below with its own users and 2FA tables.
// Dependency-free: node server.mjs (Node 20+). Configuration from the environment:
//   DIRECTORY_HTTP_SECRET  the secret shared with recovery-desk (required, >= 32 characters)
//   HOST, PORT             where to listen (default 127.0.0.1:8090; PORT=0 picks a free port)
//   BASE_PATH              the path DIRECTORY_HTTP_URL ends with (default: none), e.g. /recovery-desk
//   ACCOUNTS_FILE          a JSON file [{ id, email, fullName, organisations, totpEnabled }] (default: empty)
//   REQUIRE_V2             1 (default): refuse a request without X-Recovery-Desk-Signature-V2, the signature
//                          that binds the method, path, Idempotency-Key and If-Match; 0: verify it only
//                          when present (only while a sender that signs v1 alone is still in use)
//   RECEIVER_TEST_ADMIN=1  TEST ONLY: enables /__test/* (seed, force failures, counters), from 127.0.0.1 only
// On start it prints one JSON line: {"listening":"http://host:port"}.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

/** ASCII A-Z lower-cased, nothing else folded (no Unicode case folding: SPEC §5). */
const lowerAscii = (text) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

const SECRET = process.env.DIRECTORY_HTTP_SECRET ?? '';
if (SECRET.length < 32) {
  process.stderr.write('DIRECTORY_HTTP_SECRET must be set (at least 32 characters)\n');
  process.exit(2);
}
const WINDOW_SECONDS = 300;
const BASE_PATH = (process.env.BASE_PATH ?? '').replace(/\/+$/, '');
const ACCOUNTS_FILE = process.env.ACCOUNTS_FILE;
const TEST_ADMIN = process.env.RECEIVER_TEST_ADMIN === '1';
const REQUIRE_V2 = (process.env.REQUIRE_V2 ?? '1') !== '0';
const MAX_BODY = 64 * 1024;

// ---- storage: replace with your own -------------------------------------------------------
// An account: { id, email, fullName, organisations, totpEnabled, version }. The version must
// change whenever the account changes (email, 2FA enrolment): here a counter.
const store = {
  accounts: new Map(),
  // Idempotency-Key → { accountId, status, body }: kept at least as long as recovery-desk
  // retries (DIRECTORY_RETRY_FOR, 15 minutes by default); a real service keeps them a day or more.
  idempotency: new Map(),
  load(list) {
    this.accounts.clear();
    for (const a of list)
      this.accounts.set(String(a.id), { organisations: [], fullName: null, totpEnabled: true, ...a, id: String(a.id), version: String(a.version ?? 1) });
  },
  save() {
    if (ACCOUNTS_FILE) writeFileSync(ACCOUNTS_FILE, JSON.stringify([...this.accounts.values()], null, 2));
  },
  byEmail(email) {
    // recovery-desk sends the address as it matched it (ASCII letters lower-cased): compare alike.
    // Only A-Z: toLowerCase() also folds the Kelvin sign (U+212A) into k, so an account registered as
    // \u212Aarl@… was answered beside karl@… and made karl's own request match no account.
    return [...this.accounts.values()].filter((a) => lowerAscii(a.email) === lowerAscii(email));
  },
  // Remove TOTP devices and recovery codes, revoke sessions, require re-enrolment: one transaction.
  resetSecondFactor(account) {
    account.totpEnabled = false;
    account.version = String(Number(account.version) + 1 || 1);
    this.save();
    return { totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true };
  },
};
if (ACCOUNTS_FILE) store.load(JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8')));
// --------------------------------------------------------------------------------------------

// TEST ONLY: forced behaviour and counters, driven through /__test/*.
const test = { failure: null, resets: 0, refused: 0 };

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** True when one of the comma-separated `<scheme>=<hex>` values of a signature header is `expected`, compared in constant time. */
function oneMatches(header, scheme, expected) {
  const want = Buffer.from(`${scheme}=${expected}`);
  // Several values may be sent (comma-separated) while a secret is being rotated.
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${scheme}=`))
    .some((part) => {
      const given = Buffer.from(part);
      return given.length === want.length && timingSafeEqual(given, want);
    });
}

/**
 * v2's canonical request (docs/directory-api.yaml): seven lines joined by "\n" — recovery-desk-v2,
 * the timestamp, the method, the path after BASE_PATH exactly as received (no query), the
 * Idempotency-Key and If-Match (empty when absent), the hex SHA-256 of the raw body.
 */
function canonicalV2(timestamp, method, route, headers, body) {
  const header = (name) => (typeof headers[name] === 'string' ? headers[name] : '');
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return ['recovery-desk-v2', timestamp, method, route, header('idempotency-key'), header('if-match'), bodyHash].join('\n');
}

/** Why a request is not from recovery-desk, or null when its signatures and timestamp hold. */
function signatureProblem(req, route, body) {
  const timestamp = req.headers['x-recovery-desk-timestamp'];
  const v1 = req.headers['x-recovery-desk-signature'];
  const v2 = req.headers['x-recovery-desk-signature-v2'];
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed timestamp';
  // Outside the window: an old request replayed (or a clock far off). Inside it, the same request
  // sent again is harmless: a reset's Idempotency-Key answers the stored answer and resets nothing.
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > WINDOW_SECONDS) return 'timestamp outside the allowed window';
  if (typeof v1 !== 'string') return 'missing signature';
  // v1 (SPEC §9) covers "<timestamp>.<body>" only: a reset's body is always {}, so v1 alone lets the
  // headers of one signed reset reset any account. v2 also binds the method, the path (the account
  // id), Idempotency-Key and If-Match.
  if (!oneMatches(v1, 'v1', createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex'))) return 'signature does not match';
  if (typeof v2 !== 'string') return REQUIRE_V2 ? 'missing v2 signature (X-Recovery-Desk-Signature-V2)' : null;
  const expected = createHmac('sha256', SECRET).update(canonicalV2(timestamp, req.method, route, req.headers, body), 'utf8').digest('hex');
  return oneMatches(v2, 'v2', expected) ? null : 'v2 signature does not match this request';
}

function publicAccount(a) {
  return { id: a.id, email: a.email, fullName: a.fullName, organisations: a.organisations, totpEnabled: a.totpEnabled, version: a.version };
}

async function lookup(res, payload) {
  if (typeof payload?.email !== 'string') return send(res, 400, { error: 'email required' });
  if (test.failure === 'malformed') return send(res, 200, { accounts: [{ id: 1 }] });
  send(res, 200, { accounts: store.byEmail(payload.email).map(publicAccount) });
}

function reset(req, res, id) {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) return send(res, 400, { error: 'Idempotency-Key required' });
  const seen = store.idempotency.get(key);
  if (seen) {
    // The same key again: the stored answer, never a second reset (checked before If-Match:
    // the first reset changed the version).
    if (seen.accountId !== id) return send(res, 422, { error: 'Idempotency-Key already used for another account' });
    return send(res, seen.status, seen.body);
  }
  const account = store.accounts.get(id);
  if (!account) return send(res, 404, { error: 'no such account' });
  const ifMatch = req.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch !== account.version) return send(res, 409, { error: 'version changed', version: account.version });
  const body = test.failure === 'lie' ? { totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true } : store.resetSecondFactor(account);
  test.resets += 1;
  store.idempotency.set(key, { accountId: id, status: 200, body });
  if (test.failure === 'apply-then-hang') return; // reset and stored, but the answer never leaves
  send(res, 200, body);
}

async function admin(req, res, path) {
  const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
  if (!TEST_ADMIN || !local) return send(res, 404, { error: 'not found' });
  const payload = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
  if (path === '/__test/seed') {
    store.load(payload.accounts ?? []);
    store.idempotency.clear();
    Object.assign(test, { failure: null, resets: 0, refused: 0 });
    return send(res, 200, { seeded: store.accounts.size });
  }
  if (path === '/__test/fail') {
    // null (normal), "500", "hang" (never answers), "hang-resets" (look-ups answer, resets never do),
    // "apply-then-hang" (a reset is done and its key stored, but the answer never leaves),
    // "lie" (a reset changes nothing yet answers 200), "malformed" (a lookup answers a body outside the contract)
    test.failure = payload.mode ?? null;
    return send(res, 200, { failure: test.failure });
  }
  if (path === '/__test/update') {
    // An account changed in the application (the holder re-enrolled 2FA, changed address…): a new version.
    const account = store.accounts.get(String(payload.id));
    if (!account) return send(res, 404, { error: 'no such account' });
    Object.assign(account, payload.changes ?? {});
    account.version = String(Number(account.version) + 1 || 1);
    return send(res, 200, publicAccount(account));
  }
  if (path === '/__test/state') return send(res, 200, { resets: test.resets, refused: test.refused, accounts: [...store.accounts.values()] });
  send(res, 404, { error: 'not found' });
}

const server = createServer(async (req, res) => {
  try {
    // The path exactly as received (no query, no normalisation): what v2 signs is what is routed.
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/__test/')) return await admin(req, res, path);
    if (req.method !== 'POST' || !path.startsWith(`${BASE_PATH}/`)) return send(res, 404, { error: 'not found' });
    const route = path.slice(BASE_PATH.length);
    const body = await readBody(req);
    const problem = signatureProblem(req, route, body);
    if (problem) {
      test.refused += 1;
      return send(res, 401, { error: problem });
    }
    if (test.failure === '500') return send(res, 503, { error: 'forced failure' });
    if (test.failure === 'hang') return; // never answers: the client's time-out must fire
    if (test.failure === 'hang-resets' && route.endsWith('/reset-2fa')) return;
    let payload;
    try {
      payload = JSON.parse(body || '{}');
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    if (route === '/lookup') return await lookup(res, payload);
    const match = /^\/accounts\/([^/]+)\/reset-2fa$/.exec(route);
    if (match) {
      let id;
      try {
        id = decodeURIComponent(match[1]);
      } catch {
        return send(res, 400, { error: 'malformed account id' });
      }
      return reset(req, res, id);
    }
    send(res, 404, { error: 'not found' });
  } catch (error) {
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
    process.stderr.write(`receiver: ${error instanceof Error ? error.message : String(error)}\n`);
  }
});

server.listen(Number(process.env.PORT ?? 8090), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  process.stdout.write(`${JSON.stringify({ listening: `http://${address.includes(':') ? `[${address}]` : address}:${port}` })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
