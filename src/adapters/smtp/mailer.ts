// Outgoing mail through nodemailer: pooled SMTP when SMTP_URL is set, else .eml files.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from '../../steps/deps.ts';

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string | undefined;
  outboxDir: string;
  dkim?: { domainName: string; keySelector: string; privateKey: string } | undefined;
  /** Compose the MIME into one Buffer first and hand it to the transport as `raw` (bench/micro/reply-send.ts). */
  composeFirst?: boolean;
}

function toNodemailer(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    envelope: { from: mail.from, to: [mail.to] },
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references.length ? { references: mail.references } : {}),
    headers: mail.headers,
  };
}

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    const url = new URL(options.smtpUrl);
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 4,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
      secure: url.protocol === 'smtps:',
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      ...(options.dkim ? { dkim: options.dkim } : {}),
    });
    return {
      async send(mail) {
        if (!options.composeFirst) return void (await transport.sendMail(toNodemailer(mail)));
        const fields = toNodemailer(mail);
        const raw = await new MailComposer(fields).compile().build();
        await transport.sendMail({ envelope: fields.envelope, raw });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...(options.dkim ? { dkim: options.dkim } : {}) });
  return {
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      await mkdir(options.outboxDir, { recursive: true });
      const name = mail.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
      await writeFile(path.join(options.outboxDir, `${name}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
