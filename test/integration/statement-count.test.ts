// Issue 15: what one message costs the database. Fifty representative messages (new requests
// of accounts, follow-ups, requests of no account, bounces and auto-replies of our replies,
// other mail), DKIM-signed where a sender would sign, go through the real pipeline one at a
// time; every statement sent to PostgreSQL is counted (BEGIN and COMMIT included), and the
// common paths must stay within the budget. A count, not a timing: it fails when a change
// adds round trips to the hot path.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sealEvents } from '../../src/adapters/db/events.repository.ts';
import { inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { CONFIRM_URL_PLACEHOLDER } from '../../src/steps/queue-reply.ts';
import { sendReply } from '../../src/steps/send-reply.ts';
import { verifyAuditChain } from '../../src/steps/verify-audit.ts';
import { processMessageAttempt } from '../../src/steps/process-message-attempt.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import { createTestEnv, seedAccount, type TestEnv } from '../support/app.ts';
import { rawMessage, request, sign, signingZone } from '../support/security.ts';
import { statementCounter, type StatementCount } from '../support/statements.ts';

/** Statements per message (BEGIN/COMMIT included) the common paths may use (issue 15 targets 6; see docs/performance-log.md, "Statements per message"). */
const BUDGET = { request_with_account: 6, bounce: 5, other: 5, follow_up: 8 } as const;

/** Statements per reply sent by its job: the claim (with the row, counts and links) and "sent" with its event. */
const SEND_REPLY_BUDGET = 2;

const DOMAIN = 'genuine.example';
const { zone, key } = signingZone(DOMAIN);
const counter = statementCounter();
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv({ RECOVERY_CHALLENGE: 'link', NOTIFY_AGENTS: 'on' }, { resolver: zone.resolver, onStatement: counter.onStatement });
});
afterAll(async () => env?.close());

type Path = 'request_with_account' | 'request_no_account' | 'follow_up' | 'bounce' | 'auto_reply' | 'other';
const measured: { path: Path; outcome: string; count: StatementCount }[] = [];

async function run(path: Path, raws: string[]): Promise<{ id: number; outcome: string }[]> {
  const stored = await storeMessages(
    env.app.deps,
    raws.map((raw) => ({ raw: Buffer.from(raw), source: 'ingest' as const })),
  );
  const done: { id: number; outcome: string }[] = [];
  for (const { id } of stored) {
    const { result, count } = await counter.measure(() => processMessageAttempt(env.app.deps, id, { isLastAttempt: false }));
    measured.push({ path, outcome: result.outcome, count });
    done.push({ id, outcome: result.outcome });
  }
  return done;
}

const signed = (raw: string) => sign(raw, { domain: DOMAIN, key });
const FIRST = ['Alice', 'Bruno', 'Chloe', 'David', 'Emma', 'Felix', 'Gina', 'Hugo', 'Ines', 'Jules', 'Karin', 'Louis', 'Marie', 'Noah', 'Olga'];
const person = (i: number) => ({ email: `holder${i}@${DOMAIN}`, name: `${FIRST[i]} Peeters`, organisation: `${FIRST[i]} Trading SRL` });
const withoutOrganisation = (name: string) => `Hello,

I lost my phone last weekend and with it my authenticator app, so I can no longer log in.
Could you please reset the two-factor authentication on my account?

My name is ${name}.

Best regards,
${name}`;

describe('statements per message on the real pipeline', () => {
  test('new requests, follow-ups, bounces, auto-replies and other mail stay within the statement budget', async () => {
    const people = Array.from({ length: 15 }, (_, i) => person(i));
    for (const p of people) await seedAccount(env, { email: p.email, fullName: p.name, organisations: [p.organisation] });

    // 15 requests of accounts, a third without their organisation (they get asked for it).
    const requests = await run(
      'request_with_account',
      await Promise.all(
        people.map((p, i) =>
          signed(rawMessage({ from: `${p.name} <${p.email}>`, body: i % 3 === 0 ? withoutOrganisation(p.name) : request(p.name, p.organisation) })),
        ),
      ),
    );
    expect(requests.map((r) => r.outcome)).toEqual(people.map(() => 'ticket_opened'));

    // 5 follow-ups in the thread of the tickets waiting for details.
    const waiting = await env.app.deps.db.select().from(tickets).where(eq(tickets.status, 'waiting_details'));
    expect(waiting).toHaveLength(5);
    const followUps = await run(
      'follow_up',
      await Promise.all(
        waiting.map((t) => {
          const p = people.find((q) => q.email === t.senderAddress)!;
          return signed(rawMessage({ from: `${p.name} <${p.email}>`, subject: `Re: ${t.ref}`, body: `My organisation is ${p.organisation}.\n\n${p.name}` }));
        }),
      ),
    );
    expect(followUps.map((r) => r.outcome)).toEqual(waiting.map(() => 'ticket_updated'));

    // 5 requests from addresses of no account.
    const strangers = await run(
      'request_no_account',
      await Promise.all(
        [0, 1, 2, 3, 4].map((i) =>
          signed(rawMessage({ from: `Stranger ${i} <stranger${i}@${DOMAIN}>`, body: request(`${FIRST[i]} Janssens`, 'Nowhere SRL') })),
        ),
      ),
    );
    expect(strangers.map((r) => r.outcome)).toEqual([0, 1, 2, 3, 4].map(() => 'ticket_opened'));

    // 8 bounces and 5 auto-replies of our replies, in their thread.
    const replies = await env.app.deps.db.select({ ourMessageId: outbox.ourMessageId, to: outbox.toAddress }).from(outbox).limit(13);
    expect(replies.length).toBe(13);
    const bounces = await run(
      'bounce',
      replies.slice(0, 8).map((r) =>
        rawMessage({
          from: `Mail Delivery System <MAILER-DAEMON@mx.${DOMAIN}>`,
          subject: 'Undelivered Mail Returned to Sender',
          headers: [`In-Reply-To: ${r.ourMessageId}`, 'Auto-Submitted: auto-replied'],
          body: `This is the mail system at host mx.${DOMAIN}.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<${r.to}>: mailbox full`,
        }),
      ),
    );
    const autoReplies = await run(
      'auto_reply',
      await Promise.all(
        replies.slice(8, 13).map((r) =>
          signed(
            rawMessage({
              from: r.to,
              subject: 'Automatic reply: out of office',
              headers: [`In-Reply-To: ${r.ourMessageId}`, 'Auto-Submitted: auto-replied'],
              body: 'I am out of the office until Monday and will read your message when I am back.',
            }),
          ),
        ),
      ),
    );
    expect([...bounces, ...autoReplies].map((r) => r.outcome)).toEqual(Array.from({ length: 13 }, () => 'ignored'));

    // 12 other mails: questions, a newsletter; a third not signed.
    const others = await run(
      'other',
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const raw = rawMessage({
            from: `Reader ${i} <reader${i}@${DOMAIN}>`,
            subject: i % 2 ? 'Invoice question' : 'Our newsletter',
            body: i % 2 ? 'Hello, could you send me last month’s invoice again? Thanks.' : 'This month at Genuine: new offices, a new website.',
          });
          return i % 3 === 0 ? raw : signed(raw);
        }),
      ),
    );
    expect(others.map((r) => r.outcome)).toEqual(others.map(() => 'ignored'));
    const kinds = await env.app.deps.db.select({ id: inboundMessages.id, kind: inboundMessages.kind }).from(inboundMessages);
    const kindOf = new Map(kinds.map((k) => [k.id, k.kind]));
    expect(bounces.map((b) => kindOf.get(b.id))).toEqual(bounces.map(() => 'bounce'));
    expect(autoReplies.map((b) => kindOf.get(b.id))).toEqual(autoReplies.map(() => 'auto_reply'));
    expect(others.map((b) => kindOf.get(b.id))).toEqual(others.map(() => 'other'));

    // The replies those messages queued, each sent by its job: read and claimed (with its links'
    // token hashes) in one statement, then "sent" with its audit event.
    const pending = await env.app.deps.db.select({ id: outbox.id, body: outbox.body }).from(outbox).where(eq(outbox.status, 'pending'));
    expect(pending.some((r) => r.body.includes(CONFIRM_URL_PLACEHOLDER))).toBe(true);
    const sends: StatementCount[] = [];
    for (const { id } of pending) {
      const { result, count } = await counter.measure(() => sendReply(env.app.deps, id));
      expect(result.result).toBe('sent');
      sends.push(count);
    }

    // The audit seal is part of what a message costs: spread over the messages that made events.
    // A tick after a busy one (the sealer skips its idle probe): BEGIN, lock, read, UPDATE, COMMIT.
    const seal = await counter.measure(() => sealEvents(env.app.deps.db, { probe: false }));
    expect(seal.result).toBeGreaterThan(0);
    expect(seal.count.statements, seal.count.texts.join('\n')).toBeLessThanOrEqual(5);
    // An idle tick: one SELECT finds nothing waiting.
    const idle = await counter.measure(() => sealEvents(env.app.deps.db));
    expect(idle.result).toBe(0);
    expect(idle.count.statements).toBe(1);
    const audit = await verifyAuditChain(env.app.deps.db);
    expect(audit.ok).toBe(true);

    const paths = [...new Set(measured.map((m) => m.path))];
    const rows = paths.map((path) => {
      const of = measured.filter((m) => m.path === path);
      const statements = of.map((m) => m.count.statements);
      return {
        path,
        n: of.length,
        mean: +(statements.reduce((a, b) => a + b, 0) / of.length).toFixed(1),
        max: Math.max(...statements),
        transactions: +(of.reduce((a, m) => a + m.count.transactions, 0) / of.length).toFixed(1),
      };
    });
    const all = measured.reduce((a, m) => a + m.count.statements, 0);
    console.log(
      [
        'statements per message (BEGIN/COMMIT included):',
        ...rows.map((r) => `  ${r.path.padEnd(22)} n=${r.n} mean=${r.mean} max=${r.max} transactions=${r.transactions}`),
        `  send_reply             n=${sends.length} max=${Math.max(...sends.map((c) => c.statements))}`,
        `  all ${measured.length}: ${(all / measured.length).toFixed(1)} per message; audit seal ${seal.count.statements} for ${seal.result} events (${(seal.count.statements / measured.length).toFixed(2)} per message)`,
      ].join('\n'),
    );
    for (const count of sends) expect(count.statements, `send_reply: ${count.texts.join('\n')}`).toBeLessThanOrEqual(SEND_REPLY_BUDGET);
    for (const [path, budget] of Object.entries(BUDGET)) {
      const worst = measured.filter((m) => m.path === path).sort((a, b) => b.count.statements - a.count.statements)[0]!;
      expect(worst.count.statements, `${path}: ${worst.count.texts.join('\n')}`).toBeLessThanOrEqual(budget);
    }
  });
});
