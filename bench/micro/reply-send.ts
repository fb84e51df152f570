// CPU and socket writes of sending one reply through the worker's SMTP transport (nodemailer,
// pooled, 4 connections) to an SMTP sink in another process (bench/support/sink.ts), 4 mails in
// flight as the reply jobs run: `today` hands nodemailer the fields (it composes the MIME as a
// stream of chunks while the DATA is written), `raw` composes the same mail first into one
// Buffer (nodemailer's MailComposer) and hands that over as `raw`. Rounds alternate A B B A;
// figures are this process's CPU (user + system) per mail and socket writes per mail.
//   RECOVERY_DESK_ENV=development node bench/micro/reply-send.ts [--n 600] [--rounds 4]
import { spawn } from 'node:child_process';
import net from 'node:net';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createMailer } from '../../src/adapters/smtp/mailer.ts';
import type { OutgoingMail } from '../../src/steps/deps.ts';

const { values: args } = parseArgs({
  options: { n: { type: 'string', default: '600' }, rounds: { type: 'string', default: '4' }, variants: { type: 'string', default: 'today,raw' } },
});
const N = Number(args.n);
const variants = args.variants.split(',');

const child = spawn(
  process.execPath,
  ['-e', "const { startBenchSink } = await import('./bench/support/sink.ts'); const s = await startBenchSink(); console.log(s.url);"],
  {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [line] = (await once(child.stdout!, 'data')) as [Buffer];
const smtpUrl = line.toString().trim();

let writes = 0;
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, ...a: unknown[]) {
  writes += 1;
  return (write as (...x: unknown[]) => boolean).apply(this, a);
};

const body = `Beste Anna,\n\nWe hebben uw verzoek ontvangen (referentie REC-2026-000123). ${'Bevestig via de link hieronder dat u dit bent. '.repeat(8)}\n\nhttps://desk.bpart.test/confirm/abcdefghijklmnopqrstuvwxyz0123456789\n\nMet vriendelijke groet,\nHelpdesk\n`;
const mail = (i: number): OutgoingMail => ({
  from: 'helpdesk@bpart.test',
  to: `anna.${i}@example.nl`,
  subject: 'Re: Ik kan niet meer inloggen (REC-2026-000123)',
  text: body,
  messageId: `<reply-${i}-${process.pid}@bpart.test>`,
  inReplyTo: `<orig-${i}@example.nl>`,
  references: [`<orig-${i}@example.nl>`],
  headers: {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    'X-Recovery-Desk-Loop': 'helpdesk@bpart.test',
    'X-Recovery-Desk-Kind': 'acknowledgement',
  },
});

const mailers = Object.fromEntries(
  variants.map((v) => [v, createMailer({ smtpUrl, outboxDir: '/tmp', ...(v === 'raw' ? { composeFirst: true } : {}) } as never)]),
);
let next = 0;
const round = async (variant: string) => {
  const mailer = mailers[variant]!;
  const start = next;
  const w0 = writes;
  const c0 = process.cpuUsage();
  let i = start;
  const lane = async () => {
    while (i < start + N) await mailer.send(mail(i++));
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  const c = process.cpuUsage(c0);
  next = i;
  return { cpu: (c.user + c.system) / 1000 / N, system: c.system / 1000 / N, writes: (writes - w0) / N };
};
// Warm-up: every variant's code compiled and its pool's connections open.
for (const v of variants) await round(v);
const results: Record<string, { cpu: number; system: number; writes: number }[]> = Object.fromEntries(variants.map((v) => [v, []]));
const rounds = Number(args.rounds);
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? variants : [...variants].reverse();
  for (const v of order) results[v]!.push(await round(v));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
console.log(`reply-send: ${N} mails per round, 4 in flight, ${rounds} rounds (A B B A …) after a warm-up round each; this process's CPU per mail`);
for (const v of variants) {
  const xs = results[v]!;
  console.log(
    `  ${v.padEnd(6)} CPU ${xs.map((x) => x.cpu.toFixed(3)).join(', ')} ms (median ${median(xs.map((x) => x.cpu)).toFixed(3)}; of it system ${median(xs.map((x) => x.system)).toFixed(3)}); socket writes ${median(xs.map((x) => x.writes)).toFixed(1)} per mail`,
  );
}
for (const m of Object.values(mailers)) m.close();
child.kill();
process.exit(0);
