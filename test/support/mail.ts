// Builds raw test messages the way a receiving MX leaves them in the mailbox.
import { randomBytes } from 'node:crypto';
import { TEST_AUTHSERV } from './app.ts';

export interface MailSpec {
  from: string;
  fromName?: string;
  to?: string;
  subject?: string;
  body: string;
  /** Adds the trusted MX's Authentication-Results header with dmarc=pass (default true). */
  authenticated?: boolean;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

export function buildMail(spec: MailSpec): Buffer {
  const domain = spec.from.split('@')[1] ?? 'example.test';
  const messageId = spec.messageId ?? `<${randomBytes(8).toString('hex')}@${domain}>`;
  const lines = [
    ...(spec.authenticated === false
      ? []
      : [`Authentication-Results: ${TEST_AUTHSERV}; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${spec.from}; dmarc=pass header.from=${domain}`]),
    `Received: from mail.${domain} by ${TEST_AUTHSERV}; ${new Date().toUTCString()}`,
    `From: ${spec.fromName ? `${spec.fromName} <${spec.from}>` : spec.from}`,
    `To: ${spec.to ?? 'support@bpart.test'}`,
    `Subject: ${spec.subject ?? 'Lost my 2FA device'}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${messageId}`,
    ...(spec.inReplyTo ? [`In-Reply-To: ${spec.inReplyTo}`] : []),
    ...(spec.references ? [`References: ${spec.references.join(' ')}`] : []),
    ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    spec.body,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

export const COMPLETE_REQUEST_EN = `Hello,

I lost my phone last weekend and with it my authenticator app, so I can no longer log in.
Could you please reset the two-factor authentication on my account?

My name is Sarah Connor and I manage the account of Northwind Traders.

Best regards,
Sarah Connor
Northwind Traders`;
