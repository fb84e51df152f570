// Helpers for the security suites (issue 3): keys made in the test, an offline DNS zone
// served through createTestEnv's `resolver`, a guard that fails the test on any real DNS
// lookup, genuinely signed / forged raw messages, and "deliver and wait" on the real
// pipeline (storeMessages → BullMQ worker → PostgreSQL → SMTP sink).
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import dns from 'node:dns';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq, inArray } from 'drizzle-orm';
import { dkimSign } from 'mailauth';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi, type MockInstance } from 'vitest';
import { authenticateSender, type DnsResolver, type SenderAuthOptions } from '../../src/adapters/auth/sender-auth.ts';
import { accounts, inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import { ticketDetail } from '../../src/steps/ticket-view.ts';
import type { FastifyInstance } from 'fastify';
import { webApp } from '../e2e/console-support.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from './app.ts';
import { dkimSigned, type DkimOptions } from './dkim.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from './smtp-sink.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { waitFor } from './wait.ts';

export interface TestKey {
  privateKey: string;
  record: string;
}

export function rsaKey(bits = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), record: `v=DKIM1; k=rsa; p=${p}` };
}

export interface Zone {
  resolver: DnsResolver;
  /** Every query, as "TYPE name" (lower-case), in order. */
  queries: string[];
  /** Serves a TXT record (replacing any earlier one). */
  txt(name: string, record: string): void;
  /** Makes every query for a name fail with this error code (ESERVFAIL, ETIMEOUT, …). */
  fail(name: string, code: string): void;
}

/** An offline zone: TXT records it was given (as 255-byte chunks), ENOTFOUND for anything else. */
export function offlineZone(): Zone {
  const records = new Map<string, string>();
  const faults = new Map<string, string>();
  const queries: string[] = [];
  return {
    queries,
    txt(name, record) {
      records.set(`TXT ${name.toLowerCase()}`, record);
    },
    fail(name, code) {
      faults.set(name.toLowerCase(), code);
    },
    async resolver(name, type) {
      const lower = String(name).toLowerCase();
      const key = `${type} ${lower}`;
      queries.push(key);
      const code = faults.get(lower);
      if (code) throw Object.assign(new Error(`${code} ${name}`), { code });
      const record = records.get(key);
      if (record === undefined) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return [record.match(/.{1,255}/g) ?? []];
    },
  };
}

/** Publishes a signing key for `domain` (selector `sel`) and its DMARC record. */
export function publishKey(zone: Zone, domain: string, key: TestKey, dmarc = 'v=DMARC1; p=reject'): void {
  zone.txt(`sel._domainkey.${domain}`, key.record);
  zone.txt(`_dmarc.${domain}`, dmarc);
}

/**
 * Victims for the red-team suites: each call gives a domain of its own (`<prefix><n>-<pid>.example`)
 * that signs its mail (key "sel", DMARC p=reject) and the account of alice@ that domain.
 */
export function victims(zone: Zone, key: TestKey, prefix: string, env: () => TestEnv) {
  let counter = 0;
  return async (): Promise<{ email: string; domain: string; id: number }> => {
    counter += 1;
    const domain = `${prefix}${counter}-${process.pid}.example`;
    zone.txt(`sel._domainkey.${domain}`, key.record);
    zone.txt(`_dmarc.${domain}`, 'v=DMARC1; p=reject');
    const email = `alice@${domain}`;
    const { id } = await seedAccount(env(), { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
    return { email, domain, id };
  };
}

/** The security suites' usual start: a guarded offline zone with one key published for `domain`. */
export function signingZone(domain = 'genuine.example'): { zone: Zone; key: TestKey } {
  const zone = offlineZone();
  guardRealDns(zone);
  const key = rsaKey();
  publishKey(zone, domain, key);
  return { zone, key };
}

/**
 * Fails the test when anything reaches the real resolver (node:dns, callback or promise API,
 * module functions or Resolver instances), and checks the zone was only asked reserved names.
 */
export function guardRealDns(zone: Zone): void {
  let spies: MockInstance[] = [];
  let seen = 0;
  beforeEach(() => {
    seen = zone.queries.length;
    const targets: object[] = [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype];
    spies = targets.flatMap((target) =>
      Object.keys(target)
        .concat(Object.getOwnPropertyNames(target))
        .filter((name, i, all) => all.indexOf(name) === i && /^(resolve|lookup|reverse)/.test(name))
        .filter((name) => typeof (target as Record<string, unknown>)[name] === 'function')
        .map((name) =>
          vi.spyOn(target as Record<string, () => never>, name).mockImplementation(() => {
            throw new Error(`real DNS lookup attempted: ${name}`);
          }),
        ),
    );
  });
  afterEach(() => {
    for (const spy of spies) expect(spy, 'a real DNS lookup was attempted').not.toHaveBeenCalled();
    for (const spy of spies) spy.mockRestore();
    spies = [];
    // Only TXT records of reserved test domains (RFC 2606 / 6761) were ever asked for.
    const strange = zone.queries.slice(seen).filter((q) => !/^TXT \S+\.(example|test|invalid)$/.test(q));
    expect(strange, 'DNS queries outside the test zone').toEqual([]);
  });
}

// ---------------------------------------------------------------------------------------
// Messages

export interface RawSpec {
  /** Whole From header value(s); one line each. */
  from: string | string[];
  subject?: string;
  body?: string;
  messageId?: string;
  /** Headers above From (Authentication-Results, ARC, Received, …), whole lines. */
  top?: string[];
  /** Extra headers after Message-ID, whole lines. */
  headers?: string[];
  contentType?: string;
}

let counter = 0;

/** A raw message as a sender's MTA would write it (CRLF, 8-bit UTF-8 headers allowed). */
export function rawMessage(spec: RawSpec): string {
  counter += 1;
  const from = (Array.isArray(spec.from) ? spec.from : [spec.from]).map((f) => `From: ${f}`);
  return [
    ...(spec.top ?? []),
    ...from,
    'To: support@bpart.test',
    `Subject: ${spec.subject ?? 'Lost my 2FA device'}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${spec.messageId ?? `<sec-${process.pid}-${counter}-${Date.now()}@sender.example>`}`,
    ...(spec.headers ?? []),
    'MIME-Version: 1.0',
    `Content-Type: ${spec.contentType ?? 'text/plain; charset=utf-8'}`,
    'Content-Transfer-Encoding: 8bit',
    '',
    (spec.body ?? request('Alice Martin', 'Good Example SRL')).replace(/\r?\n/g, '\r\n'),
    '',
  ].join('\r\n');
}

/** A complete recovery request (name, organisation, explanation) in English. */
/**
 * The holder's signed multipart/mixed mail: their own text first, then one part with `partHeaders`
 * and `content` (Eve's mail, passed on in some wrapper).
 */
export const mixed = (email: string, own: string, partHeaders: string[], content: string): string =>
  rawMessage({
    from: `Alice Martin <${email}>`,
    subject: 'Is this from you?',
    contentType: 'multipart/mixed; boundary="outer"',
    body: ['--outer', 'Content-Type: text/plain; charset=utf-8', '', own, '', '--outer', ...partHeaders, '', content, '--outer--'].join('\n'),
  });

export function request(name: string, organisation: string): string {
  return `Hello,

I lost my phone last weekend and with it my authenticator app, so I can no longer log in.
Could you please reset the two-factor authentication on my account?

My name is ${name} and I manage the account of ${organisation}.

Best regards,
${name}
${organisation}`;
}

export interface SignOptions {
  domain: string;
  key: TestKey;
  selector?: string;
  algorithm?: string;
  maxBodyLength?: number;
}

/** DKIM-signs a message for real (mailauth's dkimSign) and returns it with the signature on top. */
export async function sign(message: string, opts: SignOptions): Promise<string> {
  const signature = {
    signingDomain: opts.domain,
    selector: opts.selector ?? 'sel',
    privateKey: opts.key.privateKey,
    canonicalization: 'relaxed/relaxed',
    ...(opts.algorithm ? { algorithm: opts.algorithm } : {}),
    ...(opts.maxBodyLength !== undefined ? { maxBodyLength: opts.maxBodyLength } : {}),
  };
  const { signatures, errors } = await dkimSign(message, { ...signature, signatureData: [signature] });
  if (errors.length > 0) throw new Error(`dkimSign failed: ${JSON.stringify(errors)}`);
  return signatures + message;
}

// ---------------------------------------------------------------------------------------
// The pipeline

export type MessageRow = typeof inboundMessages.$inferSelect;

/** Stores raw messages as ingest does, waits until the worker processed each and every reply settled. */
export async function deliver(env: TestEnv, raws: (string | Buffer)[], timeoutMs = 20_000): Promise<MessageRow[]> {
  const stored = await storeMessages(
    env.app.deps,
    raws.map((raw) => ({ raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'), source: 'ingest' as const })),
  );
  const ids = stored.map((s) => s.id);
  const rows = await waitFor(
    async () => {
      const found = await env.app.deps.db.select().from(inboundMessages).where(inArray(inboundMessages.id, ids));
      return found.length === ids.length && found.every((row) => row.status !== 'stored') && found;
    },
    { timeoutMs, intervalMs: 25, what: `${ids.length} message(s) processed` },
  );
  await settleOutbox(env, timeoutMs);
  return ids.map((id) => rows.find((row) => row.id === id)!);
}

/** Waits until no reply is pending any more (each one sent, failed or suppressed). */
export async function settleOutbox(env: TestEnv, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await env.app.deps.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending'))).length === 0, {
    timeoutMs,
    intervalMs: 25,
    what: 'every reply sent',
  });
}

export async function deliverOne(env: TestEnv, raw: string | Buffer): Promise<MessageRow> {
  const [row] = await deliver(env, [raw]);
  return row!;
}

export async function detailOf(env: TestEnv, row: Pick<MessageRow, 'ticketId'>) {
  expect(row.ticketId, 'the message opened or touched a ticket').not.toBeNull();
  const [ticket] = await env.app.deps.db.select({ ref: tickets.ref }).from(tickets).where(eq(tickets.id, row.ticketId!));
  const detail = await ticketDetail(env.app.deps, ticket!.ref);
  return detail!;
}

/** Every account still has its TOTP secret (nothing removed 2FA). */
export async function expectTwoFactorUntouched(env: TestEnv, emails?: string[]): Promise<void> {
  const rows = await env.app.deps.db.select({ email: accounts.email, totpSecret: accounts.totpSecret }).from(accounts);
  const checked = emails ? rows.filter((r) => emails.includes(r.email)) : rows;
  if (emails) expect(checked.map((r) => r.email).sort()).toEqual([...emails].sort());
  for (const row of checked) expect(row.totpSecret, `2FA of ${row.email}`).not.toBeNull();
}

/** Who got mail at the sink: the envelope recipients of every message, in order. */
export function recipients(sink: SmtpSink): string[] {
  return sink.messages.flatMap((m: SinkMessage) => m.envelope.to);
}

export async function ticketCount(env: TestEnv): Promise<number> {
  return (await env.app.deps.db.select({ id: tickets.id }).from(tickets)).length;
}

/**
 * The file's pipeline: an SMTP sink, a test env resolving through the zone, a running worker;
 * the sink is emptied before each test and everything is closed after the file.
 */
export function usePipelineWithSink(zone: Zone, overrides: Record<string, string> = {}): () => { sink: SmtpSink; env: TestEnv } {
  let sink: SmtpSink | undefined;
  let env: TestEnv | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
    env = await createTestEnv({ SMTP_URL: sink.url, ...overrides }, { resolver: zone.resolver });
    env.startWorker();
  });
  afterAll(async () => {
    await env?.close();
    await sink?.close();
  });
  beforeEach(() => sink?.clear());
  return () => {
    if (!sink || !env) throw new Error('the pipeline is not running yet');
    return { sink, env };
  };
}

/**
 * A sink for the file and a fresh test env per test (closed after each): for cases that need a
 * configuration of their own or must not share flood counters.
 */
export function useFreshEnvsWithSink(zone: Zone): { sink(): SmtpSink; freshEnv(overrides?: Record<string, string>): Promise<TestEnv> } {
  let sink: SmtpSink | undefined;
  let env: TestEnv | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await env?.close();
    await sink?.close();
  });
  beforeEach(() => sink?.clear());
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });
  const started = (): SmtpSink => {
    if (!sink) throw new Error('the sink is not running yet');
    return sink;
  };
  return {
    sink: started,
    async freshEnv(overrides = {}) {
      env = await createTestEnv({ SMTP_URL: started().url, ...overrides }, { resolver: zone.resolver });
      return env;
    },
  };
}

export interface RedTeam {
  zone: Zone;
  key: TestKey;
  /** The file's running pipeline (available from the suite's beforeAll on). */
  running(): { sink: SmtpSink; env: TestEnv };
  /** A new victim: a domain of its own that signs with `key`, and alice@ that domain's account. */
  victim(): Promise<{ email: string; domain: string; id: number }>;
  /** The raw message DKIM-signed for `domain` with the team's key (relaxed/relaxed, now). */
  signed(raw: string, domain: string, extra?: Partial<DkimOptions>): Promise<string>;
  ticketRow(id: number): Promise<typeof tickets.$inferSelect>;
  /** The holder's signed request without the organisation, which we ask for: its ticket. */
  askedForOrganisation(v: { email: string; domain: string }): Promise<typeof tickets.$inferSelect>;
}

/**
 * The red-team suites' set-up: a guarded offline zone, one key, the file's pipeline with its
 * sink, victims under `prefix` and the signer. Call at the top of a file (or a describe);
 * `overrides` are the pipeline's own settings (TRUSTED_RECEIVED_BY, …).
 */
export function useRedTeam(prefix: string, overrides: Record<string, string> = {}): RedTeam {
  const zone = offlineZone();
  guardRealDns(zone);
  const key = rsaKey();
  const running = usePipelineWithSink(zone, overrides);
  const team: RedTeam = {
    zone,
    key,
    running,
    victim: victims(zone, key, prefix, () => running().env),
    signed: (raw, domain, extra = {}) => dkimSigned(raw, { domain, privateKey: key.privateKey, ...extra }),
    async ticketRow(id) {
      const [row] = await running().env.app.deps.db.select().from(tickets).where(eq(tickets.id, id));
      return row!;
    },
    async askedForOrganisation(v) {
      const request = rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: 'Lost my phone',
        body: 'Hello,\n\nI lost my phone with my authenticator app and cannot log in. Please reset my two-factor authentication.\n\nAlice Martin',
      });
      const first = await deliverOne(running().env, await team.signed(request, v.domain));
      expect(first).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
      const ticket = await team.ticketRow(first.ticketId!);
      expect(ticket.missing).toEqual(['organisation']);
      return ticket;
    },
  };
  return team;
}

/** The override reason agents give in the red-team suites when they approve an unauthenticated ticket. */
export const OVERRIDE_REASON = 'called the holder back on the number on file';

/**
 * The console of a red-team suite: a web app on the suite's pipeline (sign-in limits raised, the
 * suites sign in many times), closed at the end, and a fresh agent per call.
 */
export function useRedTeamConsole(prefix: string, running: RedTeam['running']) {
  let app: FastifyInstance | undefined;
  let seq = 0;
  beforeAll(async () => {
    app = await webApp(running().env, { rateLimits: { login: 1000 } });
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app(): FastifyInstance {
      if (!app) throw new Error('the console starts in beforeAll');
      return app;
    },
    async agent() {
      seq += 1;
      return seedAgent(running().env, `${prefix}agent-${seq}@bpart.test`);
    },
  };
}

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

/** The recovery-desk command line as its own process, against this suite's database, queues and SMTP sink. */
export async function runCli(env: TestEnv, sink: SmtpSink, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = env.config;
  const vars = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: c.DATABASE_URL,
    REDIS_URL: c.REDIS_URL,
    QUEUE_PREFIX: c.QUEUE_PREFIX,
    SUPPORT_ADDRESS: c.SUPPORT_ADDRESS,
    SMTP_URL: sink.url,
    SECRETS_KEY: '11'.repeat(32),
    MESSAGE_HMAC_KEY: 'test-hmac-key-0123456789',
    RECOVERY_DESK_ENV: 'development',
    RECOVERY_CANCEL_WINDOW: '24h',
    RECOVERY_CHALLENGE: 'off',
    SENDER_AUTH_DNS: 'off',
    NOTIFY_AGENTS: 'off',
    LOG_LEVEL: 'silent',
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: vars, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Sender authentication behind our MX (`mx.desk.example`) with the zone's resolver: the verdict and the look-ups it made. */
export async function authenticateBehindMx(zone: Zone, raw: string, extra: Partial<SenderAuthOptions> = {}) {
  const verdict = await authenticateSender(Buffer.from(raw, 'latin1'), {
    trustedAuthservIds: ['mx.desk.example'],
    resolver: zone.resolver,
    dnsBackoffMs: [1],
    supportAddresses: ['support@desk.example'],
    ourDomains: ['desk.example'],
    ...extra,
  });
  return { verdict, queries: zone.queries };
}

/**
 * The stage of a test file that reads a real mailbox: an offline DNS zone (real look-ups fail the
 * test), one signing key, Dovecot and an SMTP sink started before the tests and stopped after,
 * with every test env pushed to `envs` closed. Fields are set once `beforeAll` has run.
 */
export function mailboxStage() {
  const zone = offlineZone();
  guardRealDns(zone);
  const stage = { zone, key: rsaKey(), envs: [] as TestEnv[], dovecot: undefined as unknown as Dovecot, sink: undefined as unknown as SmtpSink };
  beforeAll(async () => {
    [stage.dovecot, stage.sink] = await Promise.all([startDovecot(), startSmtpSink()]);
  });
  afterAll(async () => {
    for (const env of stage.envs) await env.close();
    await Promise.all([stage.dovecot?.stop(), stage.sink?.close()]);
  });
  return stage;
}

/** A holder at a domain of its own whose key the zone publishes, with an account on file. */
export async function signingHolder(stage: { zone: Zone; key: TestKey }, env: TestEnv, tag: string): Promise<{ email: string; domain: string }> {
  const domain = `${tag}-${process.pid}.example`;
  publishKey(stage.zone, domain, stage.key);
  const email = `alice@${domain}`;
  await seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
  return { email, domain };
}
