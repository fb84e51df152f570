// The bench's SMTP sink: accepts everything on 127.0.0.1 and notes when each message's
// DATA ended (performance.now() of the bench process) and what it answers (In-Reply-To).
// It reads only the header block, so that counting acknowledgements costs the bench little.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  at: number;
  to: string[];
  inReplyTo: string | null;
  subject: string;
  kind: string | null;
  bytes: number;
}

export interface BenchSink {
  url: string;
  received: Received[];
  /** Called for each message as it arrives. */
  onMessage: ((message: Received) => void) | null;
  close(): Promise<void>;
}

function header(head: string, name: string): string | null {
  const match = new RegExp(`^${name}:[ \\t]*((?:.|\\r?\\n[ \\t])*)`, 'im').exec(head);
  return match?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim() ?? null;
}

export async function startBenchSink(): Promise<BenchSink> {
  const sink: BenchSink = { url: '', received: [], onMessage: null, close: async () => {} };
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
        const at = performance.now();
        const raw = Buffer.concat(chunks);
        const end = raw.indexOf('\r\n\r\n');
        const head = raw.subarray(0, end >= 0 ? end : raw.length).toString('utf8');
        const message: Received = {
          at,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          inReplyTo: header(head, 'in-reply-to'),
          subject: header(head, 'subject') ?? '',
          kind: header(head, 'x-recovery-desk-kind'),
          bytes: raw.length,
        };
        sink.received.push(message);
        sink.onMessage?.(message);
        callback();
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
  server.on('error', () => {});
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
