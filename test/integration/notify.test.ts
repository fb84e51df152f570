// SPEC §7.2 NOTIFY_*: agents are told, in batches, on the real pipeline (PostgreSQL, Redis,
// BullMQ workers, the SMTP sink) and a local HTTP receiver standing in for a chat webhook.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { notificationDeliveries, notifications, tickets } from '../../src/adapters/db/schema/index.ts';
import { disputeByToken } from '../../src/steps/holder-dispute.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { deliver } from '../support/security.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const PUBLIC_URL = 'https://desk.bpart.test';
const SECRET_PATH = '/hooks/T0000/B0000/s3cr3t-webhook-token-XyZ';
const SUBJECT = 'Lost my 2FA device, please help Sarah';
// Words of the holder's message, subject and extracted fields: none may reach an agent's mail.
const USER_WORDS = ['authenticator', 'Sarah', 'Connor', 'Northwind', 'lost my phone', SUBJECT, 'weekend'];
const TIMEOUT = 30_000;

interface Hook {
  server: Server;
  url: string;
  /** Every request received: the status answered and the JSON body. */
  calls: { status: number; body: { text?: string; tickets?: { ref: string }[] } }[];
  /** Statuses to answer, in order; 200 once used up. */
  answers: number[];
}

async function startHook(): Promise<Hook> {
  const hook: Hook = { server: createServer(), url: '', calls: [], answers: [] };
  hook.server.on('request', (req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => {
      const status = req.url === SECRET_PATH && req.method === 'POST' ? (hook.answers.shift() ?? 200) : 404;
      hook.calls.push({ status, body: JSON.parse(data || '{}') as Hook['calls'][number]['body'] });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'error');
    });
  });
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}${SECRET_PATH}`;
  return hook;
}

let sink: SmtpSink;
let hook: Hook;
let n = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  hook = await startHook();
});
afterAll(async () => {
  await sink?.close();
  await new Promise((resolve) => hook?.server.close(resolve));
});

function mailsTo(email: string): SinkMessage[] {
  return sink.messages.filter((m) => m.envelope.to.includes(email));
}

async function holders(env: TestEnv, count: number) {
  const emails: string[] = [];
  for (let i = 0; i < count; i += 1) {
    n += 1;
    const email = `holder${n}@northwind.example`;
    await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    emails.push(email);
  }
  const rows = await deliver(
    env,
    emails.map((from) => buildMail({ from, subject: SUBJECT, body: COMPLETE_REQUEST_EN })),
  );
  const refs: string[] = [];
  for (const row of rows) {
    const [ticket] = await env.app.deps.db.select({ ref: tickets.ref, status: tickets.status }).from(tickets).where(eq(tickets.id, row.ticketId!));
    expect(ticket?.status, 'a complete, authenticated request is ready for review').toBe('ready');
    refs.push(ticket!.ref);
  }
  return { emails, refs };
}

describe('agents are told (NOTIFY_AGENTS=on, with a webhook)', () => {
  let env: TestEnv;
  const logs: string[] = [];
  const agents = ['alice@bpart.test', 'bob@bpart.test'];

  beforeAll(async () => {
    const logTo = new Writable({ write: (chunk, _enc, done) => void (logs.push(String(chunk)), done()) });
    env = await createTestEnv(
      { SMTP_URL: sink.url, PUBLIC_URL, NOTIFY_AGENTS: 'on', NOTIFY_INTERVAL: '4s', NOTIFY_WEBHOOK_URL: hook.url, SWEEP_INTERVAL: '10m' },
      { logTo },
    );
    for (const agent of agents) await seedAgent(env, agent);
    env.startWorker();
  });
  afterAll(async () => {
    await env?.close();
  });

  test('several tickets ready within the interval: each agent gets one mail listing them all, with links and no user text; the webhook gets the same refs after a 500', async () => {
    hook.answers.push(500); // the webhook fails once, then accepts
    const { emails, refs } = await holders(env, 3);

    for (const agent of agents) await waitFor(() => mailsTo(agent).length >= 1, { timeoutMs: TIMEOUT, what: `a notification to ${agent}` });
    await waitFor(() => hook.calls.some((c) => c.status === 200), { timeoutMs: TIMEOUT, what: 'the webhook delivered after its retry' });
    await sleep(5_000); // longer than NOTIFY_INTERVAL: nothing else may follow

    for (const agent of agents) {
      const mails = mailsTo(agent);
      expect(mails, `${agent} gets one mail for the three tickets`).toHaveLength(1);
      const mail = mails[0]!;
      const text = mail.parsed.text ?? '';
      for (const ref of refs) expect(text).toContain(`${PUBLIC_URL}/tickets/${ref}`);
      expect(text).toMatch(/ready_for_review/);
      for (const words of [...USER_WORDS, ...emails]) expect(`${mail.subject}\n${text}`.toLowerCase()).not.toContain(words.toLowerCase());
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.inReplyTo, 'a notice, not a reply to anyone').toBeUndefined();
    }
    // Control: the holders did get their acknowledgements (the pipeline ran as usual).
    for (const email of emails) expect(mailsTo(email).length).toBeGreaterThanOrEqual(1);

    expect(
      hook.calls.map((c) => c.status),
      'answered 500 once, then delivered once',
    ).toEqual([500, 200]);
    const delivered = hook.calls[1]!.body;
    expect(typeof delivered.text).toBe('string');
    for (const ref of refs) expect(delivered.text).toContain(ref);
    expect(delivered.tickets?.map((t) => t.ref).sort()).toEqual([...refs].sort());
    for (const words of USER_WORDS) expect(JSON.stringify(delivered).toLowerCase()).not.toContain(words.toLowerCase());

    const rows = await env.app.deps.db.select().from(notificationDeliveries);
    expect(rows.filter((r) => r.target === 'webhook').map((r) => [r.attempts, Boolean(r.sentAt)])).toEqual([[2, true]]);
    expect(await env.app.deps.db.select().from(notifications).where(isNull(notifications.handledAt))).toHaveLength(0);
  }, 60_000);

  test('the webhook URL never appears in the logs, though its failure does', () => {
    const all = logs.join('');
    expect(all, 'control: the failed attempt was logged').toMatch(/webhook answered 500/);
    expect(all).not.toContain(SECRET_PATH);
    expect(all).not.toContain('s3cr3t-webhook-token');
    expect(all).not.toContain(hook.url);
  });

  test("the holder's dispute notifies the agents", async () => {
    const { emails, refs } = await holders(env, 1);
    const ref = refs[0]!;
    const ack = mailsTo(emails[0]!).at(-1);
    const token = /\/r\/not-me\/([A-Za-z0-9_-]+)/.exec(ack?.parsed.text ?? '')?.[1];
    expect(token, 'the acknowledgement carries a "This wasn\'t me" link').toBeTruthy();
    expect((await disputeByToken(env.app.deps, token!)).result).toBe('cancelled');

    const told = await waitFor(() => mailsTo(agents[0]!).find((m) => (m.parsed.text ?? '').includes(ref) && /disputed_by_holder/.test(m.parsed.text ?? '')), {
      timeoutMs: TIMEOUT,
      what: 'a notification of the dispute',
    });
    expect(told.parsed.text).toMatch(new RegExp(`${ref} \\(cancelled: [a-z_, ]*disputed_by_holder`));
    await waitFor(() => hook.calls.some((c) => c.status === 200 && (c.body.text ?? '').includes('disputed_by_holder')), {
      timeoutMs: TIMEOUT,
      what: 'the dispute at the webhook',
    });
  }, 60_000);

  test('a notification whose job Redis lost is sent by the sweeper', async () => {
    const { refs } = await holders(env, 1);
    const outbound = env.app.queues.byName.get('outbound')!;
    const queued = (await outbound.getJobs(['delayed', 'waiting'])).filter((job) => job.name === 'notify-agents');
    expect(queued.length, 'control: the batch was queued').toBeGreaterThan(0);
    for (const job of queued) await job.remove();
    await sleep(5_000);
    const told = () => mailsTo(agents[1]!).find((m) => (m.parsed.text ?? '').includes(refs[0]!));
    expect(told(), 'nothing without the job').toBeUndefined();
    await env.worker!.sweep();
    await waitFor(told, { timeoutMs: TIMEOUT, what: 'the notification after the sweep' });
  }, 60_000);
});

describe('NOTIFY_AGENTS=off', () => {
  let env: TestEnv;
  const agent = 'carol@bpart.test';

  beforeAll(async () => {
    env = await createTestEnv({ SMTP_URL: sink.url, PUBLIC_URL, NOTIFY_AGENTS: 'off', NOTIFY_INTERVAL: '1s', NOTIFY_WEBHOOK_URL: `${hook.url}?off` });
    await seedAgent(env, agent);
    env.startWorker();
  });
  afterAll(async () => {
    await env?.close();
  });

  test('sends nothing to agents nor to the webhook, and keeps no backlog', async () => {
    const before = hook.calls.length;
    const { emails } = await holders(env, 2);
    expect(mailsTo(emails[0]!).length, 'control: the holder was answered').toBeGreaterThanOrEqual(1);
    await sleep(3_000);
    expect(mailsTo(agent)).toHaveLength(0);
    expect(hook.calls.length).toBe(before);
    expect(await env.app.deps.db.select().from(notifications).where(isNull(notifications.handledAt))).toHaveLength(0);
    expect(await env.app.deps.db.select().from(notificationDeliveries)).toHaveLength(0);
  }, 60_000);
});
