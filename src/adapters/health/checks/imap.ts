// One mailbox of IMAP_URL: logs in (password or XOAUTH2) and finds its folder, and the folder
// processed mail is moved to when IMAP_PROCESSED_ACTION=move. Changes nothing on the server.
import { imapClient } from '../../imap/client.ts';
import { fail, pass, type Outcome } from '../../../core/doctor.ts';
import { parseImapUrl } from '../../imap/mailbox-reader.ts';

export interface MailboxCheck {
  imapUrl: string;
  /** The folder processed mail is moved to, when the action is move. */
  processedFolder?: string | undefined;
  accessToken?: (() => Promise<string>) | undefined;
}

export async function checkMailbox(options: MailboxCheck): Promise<Outcome> {
  const target = parseImapUrl(options.imapUrl);
  const how = options.accessToken ? 'XOAUTH2' : 'password';
  let token: string;
  try {
    token = options.accessToken ? await options.accessToken() : '';
  } catch (error) {
    return fail(
      `no XOAUTH2 access token: ${(error as Error).message}`,
      'check IMAP_OAUTH2_TOKEN_URL, IMAP_OAUTH2_CLIENT_ID, IMAP_OAUTH2_CLIENT_SECRET and IMAP_OAUTH2_REFRESH_TOKEN (a refresh token can expire or be revoked)',
    );
  }
  const auth = options.accessToken ? { user: target.user, accessToken: token } : { user: target.user, pass: target.pass };
  const imap = imapClient(target, auth, {
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
    disableAutoIdle: true,
  });
  imap.on('error', () => undefined); // a failure rejects connect() or the command below
  try {
    await imap.connect();
  } catch (error) {
    imap.close();
    const failure = error as Error & { authenticationFailed?: boolean; responseText?: string };
    if (failure.authenticationFailed) {
      return fail(
        `login as ${target.user} (${how}) refused${failure.responseText ? `: ${failure.responseText}` : ''}`,
        options.accessToken
          ? 'check that the OAuth2 client may read this mailbox (IMAP_OAUTH2_SCOPE) and the user in IMAP_URL'
          : 'check the user and password in IMAP_URL (percent-encode @ : / in them)',
      );
    }
    return fail(
      `${target.host}:${target.port} not reachable: ${failure.message}`,
      'check the host and port of IMAP_URL (imaps:// for TLS on 993) and the firewall',
    );
  }
  try {
    const folders = [target.mailbox, ...(options.processedFolder ? [options.processedFolder] : [])];
    for (const folder of folders) {
      const found = await imap.status(folder, { messages: true }).then(
        () => true,
        () => false,
      );
      if (!found) {
        const isProcessed = folder !== target.mailbox;
        return fail(
          `logged in as ${target.user}, but folder ${folder} does not exist`,
          isProcessed
            ? `create folder ${folder} on the server, or set IMAP_PROCESSED_FOLDER to an existing one`
            : `create folder ${folder} on the server, or fix the folder at the end of IMAP_URL`,
        );
      }
    }
    return pass(`logged in as ${target.user} (${how}); ${folders.join(' and ')} found`);
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}
