// Attacks tried in stop 23 (README "Attacks tried in stop 23"), on the real pipeline with mail
// genuinely DKIM-signed against the offline zone: Eve has the holder's password, sends mail from
// anywhere, forges headers, registers look-alike domains, and writes mail the holder may answer.
// The sender's identity, what our MX's Authentication-Results says, what a signature covers, and
// what goes out. Each attack has a control that differs only in the attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestEnv } from '../support/app.ts';
import { TEST_AUTHSERV } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { running, victim, signed, ticketRow, zone, key } = useRedTeam('stop23-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const holderRequest = (email: string, extra: Partial<Parameters<typeof rawMessage>[0]> = {}) =>
  rawMessage({ from: `Alice Martin <${email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL'), ...extra });

describe('our MX’s Authentication-Results, with the envelope sender Eve chose written into its comment', () => {
  // An MX that writes SPF's explanation as a comment ("domain of <MAIL FROM> designates <ip> as
  // permitted sender", as Gmail, rspamd and mailauth word it) and does not escape the address:
  // Eve's MAIL FROM is a quoted local part of her own SPF-passing domain that closes the comment,
  // writes a dmarc=pass for the holder's domain, and opens a comment that swallows the MX's own
  // dmarc=fail (or, with DMARC in a header of its own, balances the MX's closing parenthesis).
  const arWith = (mailFrom: string, dmarc: string | null) =>
    `Authentication-Results: ${TEST_AUTHSERV}; dkim=none; spf=pass (${TEST_AUTHSERV}: domain of ${mailFrom} designates 192.0.2.7 as permitted sender) smtp.mailfrom=evil-mx23.example${dmarc ? `; ${dmarc}` : ''}`;

  test.each([
    ['an unclosed comment swallows the MX’s dmarc=fail', (d: string) => arWith(`"x) ; dmarc=pass header.from=${d} ; x=y ((("@evil-mx23.example`, `dmarc=fail (p=reject) header.from=${d}`)],
    ['a balanced injection where the MX writes DMARC elsewhere', (d: string) => arWith(`"x) ; dmarc=pass header.from=${d} (y"@evil-mx23.example`, null)],
    ['a domain literal as the envelope domain', (d: string) => arWith(`eve@[) ; dmarc=pass header.from=${d} ; x=y (((]`, `dmarc=fail (p=reject) header.from=${d}`)],
  ])('%s: never an authenticated request of the holder', async (_name, header) => {
    const v = await victim();
    const row = await deliverOne(env, holderRequest(v.email, { top: [header(v.domain)] }));
    // Before: trusted_authserv_dmarc_pass, an authenticated complete ticket, the acknowledgement sent.
    expect(row.authenticated).toBe(false);
    expect((row.auth as { reason: string }).reason).toBe('trusted_authserv_ambiguous');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the MX’s plain dmarc=pass for the holder’s domain authenticates their request', async () => {
    const v = await victim();
    const row = await deliverOne(env, holderRequest(v.email, { top: [arWith(v.email, `dmarc=pass (p=reject) header.from=${v.domain}`)] }));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: an MX that escapes the parentheses (mailauth) is read as written, dmarc=fail', async () => {
    const v = await victim();
    const header = arWith(`"x\\) ; dmarc=pass header.from=${v.domain} ; x=y \\(\\(\\("@evil-mx23.example`, `dmarc=fail (p=reject) header.from=${v.domain}`);
    const row = await deliverOne(env, holderRequest(v.email, { top: [header] }));
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
  });

  test('control: the holder’s own signature still authenticates them under such a header (our DKIM check, not the MX’s word)', async () => {
    const v = await victim();
    const header = arWith(`"x) ; dmarc=pass header.from=${v.domain} ; x=y ((("@evil-mx23.example`, `dmarc=pass header.from=${v.domain}`);
    const row = await deliverOne(env, await signed(holderRequest(v.email), v.domain).then((raw) => `${header}\r\n${raw}`));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    void zone;
    void key;
    void ticketRow;
  });
});
