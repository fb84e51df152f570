// Attacks tried in stop 27, third pass (docs/security-log.md): the body the reader reads against what the holder's
// signature covers, on the real pipeline with mail genuinely DKIM-signed against the offline zone. Eve holds the
// password and one genuine signed mail of the holder's: their answer to her ("What is this? I never wrote to you."),
// which quotes her mail. Each attack has a control that differs only in the attacked detail.
import { authenticate } from 'mailauth';
import { beforeAll, describe, expect, test } from 'vitest';
import { readMessage } from '../../src/steps/process-message.ts';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { zone, running, victim, signed } = useRedTeam('cte');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

async function readingOf(raw: string) {
  const read = await readMessage(env.app.deps, Buffer.from(raw), new Date());
  if ('quarantine' in read) throw new Error(`quarantined: ${read.quarantine}`);
  return read;
}

async function dkimResult(raw: string): Promise<string> {
  const result = await authenticate(Buffer.from(raw), { resolver: zone.resolver, disableArc: true, disableBimi: true });
  return result.dkim.results[0]?.status.result ?? 'none';
}

// Every header the product reads, Content-Transfer-Encoding aside: a signer that does not list it (the product then
// refuses the holder's mail as it is: the header is read and not signed).
const READ_BUT_CTE = ['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type'];

/**
 * Eve's mail as the holder's client quoted it: one long "> " line (format=flowed, Gmail's plain part and others do not
 * re-wrap a quote), which quoted-printable breaks every 76 characters with a soft line break ("=" at the line end).
 * Eve chose the text and so where each break falls: every line after the first holds a sentence of hers, without
 * the quote mark. Decoded, it is one quoted line.
 */
const pad = (s: string) => s.padEnd(75, ' ');
const QUOTED_SOFT_BROKEN = [
  pad('> Hi Alice, here is the text you asked me to send to support for you:'),
  pad('I lost my phone last weekend and cannot log in any more. Please reset'),
  pad('the two-factor authentication on my account. My name is Alice Martin'),
  'and I manage the account of Good Example SRL.',
]
  .map((line, i, all) => (i < all.length - 1 ? `${line}=` : line))
  .join('\n');

const denial = (email: string, body: string, contentType = 'text/plain; charset=utf-8') =>
  rawMessage({ from: `Alice Martin <${email}>`, subject: 'Re: Your request', contentType, body }).replace(
    'Content-Transfer-Encoding: 8bit',
    'Content-Transfer-Encoding: quoted-printable',
  );

const PLAIN = (email: string) => denial(email, `What is this? I never wrote to you.\n\nAlice\n\n${QUOTED_SOFT_BROKEN}`);

/** The same in HTML: the client's `<blockquote` tag broken by a soft line break (Eve's display name sets the column). */
const HTML = (email: string) =>
  denial(
    email,
    [
      '<div>What is this? I never wrote to you.<br>Alice</div><div>On Mon, 7 Dec 2026, Eve &lt;eve@evil-cte.example&gt;<bl=',
      'ockquote type=3D"cite"><div>I lost my phone last weekend and cannot log in any more. Please reset the =',
      'two-factor authentication on my account.</div><div>My name is Alice Martin and I manage the account of =',
      'Good Example SRL.</div></blockquote></div>',
    ].join('\n'),
    'text/html; charset=utf-8',
  );

describe('a Content-Transfer-Encoding the signature left out, removed', () => {
  // Removing a header nobody signed keeps the signature valid. Without Content-Transfer-Encoding a part is read as
  // 7bit: a quoted-printable body is then read as written, each soft line break a line end, each escape as it stands.
  // What the holder's client quoted as one line ("> " once) becomes lines of which only the first is quoted.
  test.each([
    ['plain text: the quoted line’s soft breaks', PLAIN],
    ['HTML: the blockquote tag broken by a soft break', HTML],
  ])('%s: Eve’s quoted words are not the holder’s', async (_, build) => {
    const v = await victim();
    const genuine = await signed(build(v.email), v.domain, { headerList: READ_BUT_CTE });
    // As the holder wrote it: their denial, no request (nothing acts on it, so it is not even authenticated).
    expect((await readingOf(genuine)).analysis.kind).toBe('other');
    const attack = genuine.replace(/\r\nContent-Transfer-Encoding: quoted-printable/, '');
    expect(attack).not.toBe(genuine);
    expect(await dkimResult(attack)).toBe('pass');
    const read = await readingOf(attack);
    // Before: authenticated (dkim_aligned_pass), a complete recovery request of Eve's words, acknowledged at the stored address.
    expect({ authenticated: read.authenticated, reason: read.authReason }).toEqual({ authenticated: false, reason: 'dkim_header_not_signed' });
    expect(read.verdict.evidence).toMatchObject({ headers: { notSigned: ['content-transfer-encoding'] } });
    const row = await deliverOne(env, attack);
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the holder’s mail signed with its Content-Transfer-Encoding is their denial, and the header cannot be removed', async () => {
    const v = await victim();
    const genuine = await signed(PLAIN(v.email), v.domain, { headerList: [...READ_BUT_CTE, 'content-transfer-encoding'] });
    expect(await dkimResult(genuine)).toBe('pass');
    // Their denial, read as it is: no request (so not even authenticated: nothing acts on it).
    expect((await readingOf(genuine)).analysis.kind).toBe('other');
    expect(await dkimResult(genuine.replace(/\r\nContent-Transfer-Encoding: quoted-printable/, ''))).toBe('fail');
  });

  test('control: 7bit mail that never had a Content-Transfer-Encoding authenticates without listing it, unless its body reads differently as quoted-printable', async () => {
    const v = await victim();
    const plain = (body: string) =>
      rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', body }).replace(/\r\nContent-Transfer-Encoding: [^\r]*/, '');
    const request =
      'Hello,\n\nI lost my phone and cannot log in. Please reset my two-factor authentication (see https://x.example/?id=42).\n\nAlice Martin\nGood Example SRL';
    const ordinary = await readingOf(await signed(plain(request), v.domain, { headerList: READ_BUT_CTE }));
    expect({ authenticated: ordinary.authenticated, reason: ordinary.authReason }).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
    const escaped = await readingOf(await signed(plain(`${request}\nscore=3E5`), v.domain, { headerList: READ_BUT_CTE }));
    expect({ authenticated: escaped.authenticated, reason: escaped.authReason }).toEqual({ authenticated: false, reason: 'dkim_header_not_signed' });
    const listed = await readingOf(
      await signed(plain(`${request}\nscore=3E5`), v.domain, { headerList: READ_BUT_CTE, oversign: ['Content-Transfer-Encoding'] }),
    );
    expect({ authenticated: listed.authenticated, reason: listed.authReason }).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
  });
});
