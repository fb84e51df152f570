// SMTP answers and accepts our sender: EHLO (STARTTLS when offered), AUTH when SMTP_URL has a
// user, MAIL FROM:<SUPPORT_ADDRESS>, RSET, QUIT. No recipient is named and nothing is sent.
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import { fail, pass, type Outcome } from '../../../core/doctor.ts';

type Callback = (error: Error | null) => void;
/** smtp-connection has no public MAIL FROM without a message; its command queue does it. */
interface Internals {
  _sendCommand(command: string): void;
  _responseActions: ((response: string) => void)[];
}

export async function checkSmtp(smtpUrl: string, sender: string): Promise<Outcome> {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const where = `${url.hostname}:${url.port || (secure ? 465 : 25)}`;
  const connection = new SMTPConnection({
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 25)),
    secure,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 5_000,
  });
  connection.on('error', () => undefined);
  const step = (run: (done: Callback) => void) => new Promise<void>((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
  let stage = 'connect';
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.once('end', () => reject(new Error('connection closed by the server')));
      connection.connect(() => resolve());
    });
    if (url.username) {
      stage = 'login';
      await step((done) =>
        connection.login({ user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }, (error) => done(error ?? null)),
      );
    }
    stage = 'sender';
    const internals = connection as unknown as Internals;
    await step((done) => {
      internals._sendCommand(`MAIL FROM:<${sender}>`);
      internals._responseActions.push((response) => done(response.startsWith('2') ? null : new Error(response)));
    });
    await step((done) => connection.reset((error) => done(error ?? null)));
    return pass(`${where} answers and accepts MAIL FROM:<${sender}>`);
  } catch (error) {
    const message = (error as Error).message;
    if (stage === 'login') return fail(`${where} refused the login: ${message}`, 'check the user and password in SMTP_URL');
    if (stage === 'sender')
      return fail(
        `${where} refuses our sender ${sender}: ${message}`,
        'allow SUPPORT_ADDRESS as a sender for the SMTP_URL account (or relay), or fix SUPPORT_ADDRESS',
      );
    return fail(`${where} does not answer: ${message}`, 'check the host and port of SMTP_URL (smtps:// for TLS on 465) and the firewall');
  } finally {
    try {
      connection.quit();
    } finally {
      connection.close();
    }
  }
}
