// One way to open an IMAP connection to a configured mailbox: the reader, the readiness probe and
// `doctor` differ only in their time-outs and idle settings.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

export function imapClient(target: { host: string; port: number; secure: boolean }, auth: ImapAuth, options: Partial<ImapFlowOptions> = {}): ImapFlow {
  return new ImapFlow({ host: target.host, port: target.port, secure: target.secure, auth, logger: false, ...options });
}
