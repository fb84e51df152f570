// A burst of recovery requests through a real mailbox, and the guarantee checked after any
// fault: every message has exactly one outcome, no ticket is doubled, every reply reached the
// SMTP sink (by Message-ID and recipient) and none twice.
import { ImapFlow } from 'imapflow';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/adapters/db/client.ts';
import { upsertAccount } from '../../../src/adapters/db/accounts.repository.ts';
import type { SecretBox } from '../../../src/adapters/crypto/secrets.ts';
import { buildMail } from '../mail.ts';
import type { SmtpSink } from '../smtp-sink.ts';

export interface Person {
  email: string;
  fullName: string;
  organisation: string;
}

/** Distinct people on distinct domains (so no per-domain flood limit applies). */
export function people(n: number, tag = 'p'): Person[] {
  return Array.from({ length: n }, (_, i) => ({ email: `user${i}@${tag}${i}.example`, fullName: `Person Number${i}`, organisation: `Org ${tag} ${i}` }));
}

export function requestFor(person: Person, i: number, tag = 'p'): Buffer {
  const name = person.fullName;
  const body = `Hello,\n\nI lost my phone with my authenticator app. Please reset my 2FA.\n\nMy name is ${name} and I manage ${person.organisation}.\n\nRegards,\n${name}\n${person.organisation}`;
  return buildMail({ from: person.email, body, messageId: `<burst-${tag}-${i}@${person.email.split('@')[1]}>` });
}

/** Mail that is not a recovery request (left for the helpdesk, no answer). */
export function otherMail(i: number, tag = 'o'): Buffer {
  return buildMail({
    from: `billing${i}@${tag}${i}.example`,
    subject: `Invoice ${tag}-${i}`,
    body: `Hello, could you send me a copy of invoice ${i}? Thanks, Jo Smith`,
    messageId: `<other-${tag}-${i}@x.example>`,
  });
}

export async function seedPeople(db: Db, secrets: SecretBox, list: Person[]): Promise<void> {
  for (let i = 0; i < list.length; i += 25) {
    await Promise.all(
      list.slice(i, i + 25).map((p) =>
        db.transaction((tx) =>
          upsertAccount(tx, {
            email: p.email,
            fullName: p.fullName,
            organisations: [p.organisation],
            recoveryCodes: ['h1'],
            sealedTotpSecret: (id) => secrets.seal('JBSWY3DPEHPK3PXP', `account:${id}`),
          }),
        ),
      ),
    );
  }
}

/** APPENDs every message over one IMAP connection (creating the mailbox if missing). */
export async function appendAll(port: number, user: string, pass: string, mailbox: string, messages: Buffer[], flags: string[] = []): Promise<void> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false, disableAutoIdle: true });
  client.on('error', () => {});
  await client.connect();
  try {
    if (mailbox.toUpperCase() !== 'INBOX') await client.mailboxCreate(mailbox).catch(() => undefined);
    for (const raw of messages) {
      const result = await client.append(mailbox, raw, flags);
      if (!result) throw new Error(`APPEND to ${mailbox} failed`);
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export interface Tally {
  messages: number;
  unfinished: number;
  tickets: number;
  repliesPending: number;
}

/** Where the run stands (for waitFor and for progress output). */
export async function tally(db: Db): Promise<Tally> {
  const [row] = await db.execute<{ messages: number; unfinished: number; tickets: number; pending: number }>(sql`
    select (select count(*)::int from inbound_messages) as messages,
           (select count(*)::int from inbound_messages where status = 'stored') as unfinished,
           (select count(*)::int from tickets) as tickets,
           (select count(*)::int from outbox where status = 'pending') as pending`);
  return { messages: row?.messages ?? 0, unfinished: row?.unfinished ?? 0, tickets: row?.tickets ?? 0, repliesPending: row?.pending ?? 0 };
}

/** True once every expected message is stored and finished and every reply is out of the outbox. */
export async function settled(db: Db, expectedMessages: number): Promise<boolean> {
  const t = await tally(db);
  return t.messages >= expectedMessages && t.unfinished === 0 && t.repliesPending === 0;
}

export interface GuaranteeReport {
  messages: number;
  outcomes: Record<string, number>;
  tickets: number;
  replies: number;
  delivered: number;
  /** Outbox rows delivered more than once: Message-ID, how often, when each copy arrived. */
  duplicates: { messageId: string; copies: number; outboxId: number; attempts: number; arrivals: number[] }[];
  problems: string[];
}

/**
 * The guarantee. `requests` are the From addresses that sent a recovery request (one ticket
 * each, one acknowledgement each); `others` the count of messages that must be ignored.
 * Arrival times of sink messages come from `arrivals` (Message-ID → ms timestamps).
 */
export async function checkGuarantee(
  db: Db,
  sink: SmtpSink,
  arrivals: Map<string, number[]>,
  expect: { total: number; requests: string[]; quarantined?: number },
): Promise<GuaranteeReport> {
  const problems: string[] = [];
  const messages = await db.execute<{
    id: number;
    uid: number | null;
    status: string;
    outcome: string | null;
    ticket_id: number | null;
    from_address: string | null;
    reason: string | null;
  }>(sql`select id, uid, status, outcome, ticket_id, from_address, reason from inbound_messages order by id`);
  if (messages.length !== expect.total) problems.push(`${messages.length} messages stored, expected ${expect.total}`);
  const uids = new Set(messages.map((m) => m.uid));
  if (uids.size !== messages.length) problems.push('a UID was stored twice');
  const outcomes: Record<string, number> = {};
  for (const m of messages) {
    if (m.status === 'stored' || !m.outcome) problems.push(`message ${m.id} has no outcome (status ${m.status})`);
    outcomes[m.outcome ?? 'none'] = (outcomes[m.outcome ?? 'none'] ?? 0) + 1;
  }
  if ((outcomes.quarantined ?? 0) !== (expect.quarantined ?? 0))
    problems.push(
      `${outcomes.quarantined ?? 0} quarantined, expected ${expect.quarantined ?? 0}: ${messages
        .filter((m) => m.outcome === 'quarantined')
        .map((m) => `${m.id}:${m.reason}`)
        .slice(0, 10)
        .join(', ')}`,
    );

  const tickets = await db.execute<{ id: number; account_id: number | null; email: string | null }>(
    sql`select t.id, t.account_id, a.email from tickets t left join accounts a on a.id = t.account_id`,
  );
  const perAccount = new Map<string, number>();
  for (const t of tickets) perAccount.set(t.email ?? `ticket ${t.id}`, (perAccount.get(t.email ?? `ticket ${t.id}`) ?? 0) + 1);
  for (const [email, n] of perAccount) if (n > 1) problems.push(`${n} tickets for ${email}`);
  const wanted = new Set(expect.requests);
  for (const email of wanted) if (!perAccount.has(email)) problems.push(`no ticket for ${email}`);
  if (tickets.length !== wanted.size) problems.push(`${tickets.length} tickets, expected ${wanted.size}`);
  const opened = messages.filter((m) => m.outcome === 'ticket_opened');
  if (opened.length !== wanted.size) problems.push(`${opened.length} messages opened a ticket, expected ${wanted.size}`);

  const replies = await db.execute<{ id: number; to_address: string; our_message_id: string; status: string; attempts: number }>(
    sql`select id, to_address, our_message_id, status, attempts from outbox order by id`,
  );
  if (replies.length !== wanted.size) problems.push(`${replies.length} replies written, expected ${wanted.size} (one acknowledgement per ticket)`);
  const byMessageId = new Map<string, number>();
  for (const m of sink.messages) {
    const key = `${m.messageId ?? '?'} ${m.envelope.to.join(',')}`;
    byMessageId.set(key, (byMessageId.get(key) ?? 0) + 1);
  }
  const duplicates: GuaranteeReport['duplicates'] = [];
  let delivered = 0;
  for (const r of replies) {
    if (r.status !== 'sent') problems.push(`reply ${r.id} is ${r.status}`);
    const copies = byMessageId.get(`${r.our_message_id} ${r.to_address}`) ?? 0;
    if (copies === 0) problems.push(`reply ${r.id} (${r.our_message_id}) never reached ${r.to_address}`);
    else delivered += 1;
    if (copies > 1)
      duplicates.push({ messageId: r.our_message_id, copies, outboxId: r.id, attempts: r.attempts, arrivals: arrivals.get(r.our_message_id) ?? [] });
    byMessageId.delete(`${r.our_message_id} ${r.to_address}`);
  }
  for (const [key] of byMessageId) problems.push(`the sink got a message no outbox row explains: ${key}`);
  return { messages: messages.length, outcomes, tickets: tickets.length, replies: replies.length, delivered, duplicates, problems };
}

/** Records when each Message-ID reached the sink (for telling where a duplicate came from). */
export function watchArrivals(sink: SmtpSink): { arrivals: Map<string, number[]>; stop(): void } {
  const arrivals = new Map<string, number[]>();
  let seen = 0;
  const timer = setInterval(() => {
    for (; seen < sink.messages.length; seen++) {
      const id = sink.messages[seen]?.messageId ?? '?';
      arrivals.set(id, [...(arrivals.get(id) ?? []), Date.now()]);
    }
  }, 5);
  return { arrivals, stop: () => clearInterval(timer) };
}
