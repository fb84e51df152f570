// A local SMTP server that accepts every message and keeps it, for tests of what the
// service sends: no auth, no TLS, 127.0.0.1 at a port of its own.
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './wait.ts';

/** mailparser's header map, with the headers tests look at most as properties. */
export type SinkHeaders = Map<string, HeaderValue> & {
  subject: string | undefined;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  /** Addresses in the To: header, as written. */
  to: string[];
  /** The same map, for `msg.headers.headers.get('x-…')`. */
  headers: Map<string, HeaderValue>;
};

export interface SinkMessage {
  /** What MAIL FROM and RCPT TO said. */
  envelope: { from: string; to: string[] };
  /** The message as received, byte for byte. */
  raw: Buffer;
  /** Map of lower-cased header names (mailparser's), with subject, messageId, … as properties. */
  headers: SinkHeaders;
  subject: string | undefined;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  to: string[];
  /** mailparser's whole result (text, html, attachments, …). */
  parsed: ParsedMail;
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /** smtp://127.0.0.1:PORT */
  url: string;
  /** Every message received so far, oldest first. */
  messages: SinkMessage[];
  /** Resolves with `messages` once at least n have arrived. */
  waitForMessages(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Forgets the messages received so far. */
  clear(): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true })
          .then((parsed) => {
            // Stored before the 250 reply: once sendMail() resolves, the message is here.
            messages.push(toSinkMessage(envelope, raw, parsed));
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {}); // a client's broken connection must not crash the test worker
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessages(n, timeoutMs = 10_000) {
      return waitFor(() => messages.length >= n && messages, {
        timeoutMs,
        intervalMs: 20,
        what: `${n} message(s) at the SMTP sink (have ${messages.length})`,
      });
    },
    clear() {
      messages.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toSinkMessage(envelope: SinkMessage['envelope'], raw: Buffer, parsed: ParsedMail): SinkMessage {
  const references = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : [parsed.references];
  const to = addresses(parsed.to);
  const fields = {
    subject: parsed.subject,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references,
    to,
  };
  const headers: SinkHeaders = Object.assign(new Map(parsed.headers), fields, { headers: parsed.headers });
  return { envelope, raw, headers, ...fields, parsed };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const result: string[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.address) result.push(entry.address);
      if (entry.group) visit(entry.group);
    }
  };
  for (const object of field === undefined ? [] : Array.isArray(field) ? field : [field]) visit(object.value);
  return result;
}
