// What a genuine signature vouches for (SPEC §5): the header instances it covered (issue 10 #1),
// the domain owner's alignment mode (#5), its age at arrival and the recipients (#7).
// Every attack has a control differing only in the attacked detail.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { authenticateSender, type SenderAuthOptions } from '../../src/adapters/auth/sender-auth.ts';
import { headerCounts, readHeaderBlock } from '../../src/adapters/auth/header-block.ts';
import { parseMessage } from '../../src/adapters/mail/parse.ts';
import { dkimSigned, type DkimOptions } from '../support/dkim.ts';

function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}
const key = rsaKey();
const DAY = 86_400_000;

const ZONE: Record<string, string> = {
  'TXT sel._domainkey.good.example': key.record,
  'TXT sel._domainkey.news.good.example': key.record,
  'TXT _dmarc.good.example': 'v=DMARC1; p=reject',
  'TXT sel._domainkey.strict.example': key.record,
  'TXT sel._domainkey.news.strict.example': key.record,
  'TXT _dmarc.strict.example': 'v=DMARC1; p=reject; adkim=s; aspf=s',
  'TXT mail.strict.example': 'v=spf1 ip4:192.0.2.0/24 -all',
  'TXT strict.example': 'v=spf1 ip4:192.0.2.0/24 -all',
  'TXT sel._domainkey.unsure.example': key.record,
  'TXT sel._domainkey.news.unsure.example': key.record,
};
const FAULTS: Record<string, string> = { '_dmarc.unsure.example': 'ESERVFAIL' };

async function resolver(name: string, type: string) {
  const code = FAULTS[name.toLowerCase()];
  if (code) throw Object.assign(new Error(code), { code });
  const record = ZONE[`${type} ${name.toLowerCase()}`];
  if (record === undefined) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return [record.match(/.{1,255}/g) ?? []];
}

const options = (extra: Partial<SenderAuthOptions> = {}): SenderAuthOptions => ({
  trustedAuthservIds: ['mx.desk.example'],
  resolver,
  dnsBackoffMs: [1],
  supportAddresses: ['support@desk.example', 'help@desk.example'],
  ...extra,
});
const check = (raw: string, extra: Partial<SenderAuthOptions> = {}) => authenticateSender(Buffer.from(raw, 'latin1'), options(extra));

function message(opts: { from?: string; to?: string; cc?: string; date?: Date; extra?: string[]; body?: string } = {}): string {
  return [
    `From: Alice <${opts.from ?? 'alice@good.example'}>`,
    `To: ${opts.to ?? 'Support <support@desk.example>'}`,
    ...(opts.cc ? [`Cc: ${opts.cc}`] : []),
    'Subject: Re: your question',
    `Date: ${(opts.date ?? new Date()).toUTCString()}`,
    '<m-1@good.example>'.replace(/^/, 'Message-ID: '),
    ...(opts.extra ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    opts.body ?? 'Thanks, see you tomorrow.\r\nAlice\r\n',
  ].join('\r\n');
}
const sign = (raw: string, extra: Partial<DkimOptions> = {}) => dkimSigned(raw, { domain: 'good.example', privateKey: key.privateKey, ...extra });
/** Puts lines above the signed headers, right under the signature, as a forwarder-attacker would. */
const prepend = (signed: string, lines: string[]) => signed.replace(/\r\nFrom: /, `\r\n${lines.join('\r\n')}\r\nFrom: `);

describe('what was signed is what is read', () => {
  test('the genuine message passes (control)', async () => {
    expect(await check(await sign(message()))).toMatchObject({
      authenticated: true,
      reason: 'dkim_aligned_pass',
      evidence: { headers: { duplicate: [], notSigned: [] } },
    });
  });

  test.each([
    ['Content-Type', 'Content-Type: multipart/mixed; boundary="x"', 'content-type'],
    ['Content-Transfer-Encoding', 'Content-Transfer-Encoding: quoted-printable', 'content-transfer-encoding'],
    ['a second Subject', 'Subject: Please reset my 2FA', 'subject'],
    ['a second To', 'To: support@desk.example', 'to'],
    ['a second Date', `Date: ${new Date().toUTCString()}`, 'date'],
    ['a second Message-ID', 'Message-ID: <other@good.example>', 'message-id'],
    ['a second MIME-Version', 'MIME-Version: 1.0', 'mime-version'],
  ])('%s above the signed headers: duplicate_header', async (_what, line, name) => {
    const verdict = await check(prepend(await sign(message()), [line]));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'duplicate_header' });
    expect(verdict.evidence.headers?.duplicate).toEqual([name]);
    // mailauth still says pass: only the count tells
    expect(verdict.evidence.dkim[0]).toMatchObject({ result: 'pass', aligned: true });
  });

  test('a second From above the signed one: refused, and counted as a duplicate', async () => {
    const verdict = await check(prepend(await sign(message()), ['From: alice@good.example']));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'multiple_from_headers', evidence: { headers: { duplicate: ['from'] } } });
  });

  test.each([
    ['Reply-To', 'Reply-To: mallory@evil.example', 'reply-to'],
    ['Sender', 'Sender: mallory@evil.example', 'sender'],
    ['Cc', 'Cc: mallory@evil.example', 'cc'],
    ['In-Reply-To', 'In-Reply-To: <ticket-ref@desk.example>', 'in-reply-to'],
    ['References', 'References: <ticket-ref@desk.example>', 'references'],
  ])('%s the signer never saw: dkim_header_not_signed naming it', async (_what, line, name) => {
    const verdict = await check(prepend(await sign(message()), [line]));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dkim_header_not_signed' });
    expect(verdict.evidence.headers?.notSigned).toEqual([name]);
  });

  test('a header the signer left out of h= is not vouched for (Content-Type could be swapped)', async () => {
    const list = ['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Transfer-Encoding'];
    const verdict = await check(await sign(message(), { headerList: list }));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dkim_header_not_signed', evidence: { headers: { notSigned: ['content-type'] } } });
    const control = await check(await sign(message(), { headerList: [...list, 'Content-Type'] }));
    expect(control).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
  });

  test('over-signing: the unmodified message passes, an added header breaks the signature', async () => {
    const signed = await sign(message(), { oversign: ['from', 'subject', 'reply-to', 'content-type'] });
    expect(signed).toMatch(/h=[^;]*subject:[^;]*subject/);
    expect(await check(signed)).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    const attacked = await check(prepend(signed, ['Reply-To: mallory@evil.example']));
    expect(attacked).toMatchObject({ authenticated: false, reason: 'dkim_signature_invalid' });
  });

  test.each([
    ['obs-syntax space before the colon', 'Subject : Please reset my 2FA'],
    ['a tab before the colon', 'Subject\t: Please reset my 2FA'],
    ['a vertical tab before the colon', 'Subject\x0b: Please reset my 2FA'],
    ['a no-break space before the colon', 'Subject\xa0: Please reset my 2FA'],
    ['lower case', 'subject: Please reset my 2FA'],
    ['the colon on a folded line', 'Subject\r\n : Please reset my 2FA'],
    ['a form feed before the colon', 'Subject\x0c: Please reset my 2FA'],
    ['a CR before the colon', 'Subject\r: Please reset my 2FA'],
    ['a vertical tab before the name', '\x0bSubject: Please reset my 2FA'],
    ['a bare LF line end', 'Subject: Please reset my 2FA\nX-Filler: 1'],
    ['a bare CR line end', 'X-Note: hi\rSubject: Please reset my 2FA'],
  ])('spelled with %s, a prepended Subject is still counted', async (_what, line) => {
    const raw = prepend(await sign(message()), [line]);
    const verdict = await check(raw);
    expect(verdict.reason).toBe('duplicate_header');
    expect(verdict.evidence.dkim[0]).toMatchObject({ result: 'pass' });
  });

  test('each spelling counted above is one mailparser reads as the Subject (why they are counted)', async () => {
    const readAsSubject = [
      'Subject : x',
      'Subject\t: x',
      'Subject\x0b: x',
      'Subject\x0c: x',
      'subject: x',
      'Subject\r\n : x',
      'Subject\r: x',
      '\x0bSubject: x',
      'Subject: x\nX-Filler: 1',
    ];
    for (const line of readAsSubject) {
      const parsed = await parseMessage(Buffer.from(`${line}\r\nFrom: a@good.example\r\nSubject: good\r\n\r\nbody\r\n`, 'latin1'));
      expect(parsed.subject, JSON.stringify(line)).toBe('x');
    }
  });

  test('the header block is read as the parsers delimit it: CR-only mail, folded values, the first empty line', () => {
    const crOnly = readHeaderBlock(Buffer.from('To: a@x.example\rSubject: one\r\tfolded\r\rSubject: in the body\r'));
    expect(crOnly).toEqual([
      { name: 'to', value: 'a@x.example' },
      { name: 'subject', value: 'one\tfolded' },
    ]);
    const counts = headerCounts(Buffer.from('Subject: a\r\nX-A: b\rSubject: c\r\n\r\nSubject: body\r\n'));
    expect(counts.get('subject')).toBe(2);
  });

  test('a trusted MX dmarc=pass does not vouch for headers its DKIM signature did not cover', async () => {
    const ar = 'Authentication-Results: mx.desk.example; dkim=pass header.d=good.example; dmarc=pass header.from=good.example';
    const signed = await sign(message());
    const offline = { resolver: async () => Promise.reject(Object.assign(new Error('off'), { code: 'ENOTFOUND' })) };
    const control = await check(`${ar}\r\n${signed}`, offline);
    expect(control).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
    const attacked = await check(`${ar}\r\n${prepend(signed, ['Reply-To: mallory@evil.example'])}`, offline);
    expect(attacked).toMatchObject({ authenticated: false, reason: 'dkim_header_not_signed', evidence: { headers: { notSigned: ['reply-to'] } } });
  });

  // Stop 25: a top-level Content-Disposition that makes the whole body an attached file changes what
  // is read (nothing of the holder's text), so it must be signed; a bare `inline` reads as none.
  test.each([
    'Content-Disposition: attachment; filename="request.txt"',
    'Content-Disposition: inline; filename="x.txt"',
    'Content-Disposition: attachment',
    'Content-Disposition:\r\n attachment',
  ])('an unsigned top-level %j is not vouched for', async (line) => {
    const attacked = await check(prepend(await sign(message()), [line]));
    expect(attacked).toMatchObject({ authenticated: false, reason: 'dkim_header_not_signed', evidence: { headers: { notSigned: ['content-disposition'] } } });
    const ar = 'Authentication-Results: mx.desk.example; dkim=pass header.d=good.example; dmarc=pass header.from=good.example';
    const offline = { resolver: async () => Promise.reject(Object.assign(new Error('off'), { code: 'ENOTFOUND' })) };
    expect(await check(`${ar}\r\n${prepend(await sign(message()), [line])}`, offline)).toMatchObject({
      authenticated: false,
      reason: 'dkim_header_not_signed',
    });
  });

  test('controls: an unsigned bare `inline` (as mutt writes it), and a signed `attachment`, pass', async () => {
    expect(await check(prepend(await sign(message()), ['Content-Disposition: inline']))).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    const signedDisposition = message({ extra: ['Content-Disposition: attachment; filename="note.txt"'] });
    const headerList = ['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition'];
    expect(await check(await sign(signedDisposition, { headerList }))).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    // The same message with the disposition left out of h=: not vouched for.
    expect(await check(await sign(signedDisposition, { headerList: headerList.slice(0, -1) }))).toMatchObject({ reason: 'dkim_header_not_signed' });
  });
});

describe('alignment follows the domain owner (adkim / aspf)', () => {
  test('adkim=s: a key on a subdomain does not authenticate the parent domain', async () => {
    const raw = await sign(message({ from: 'victim@strict.example' }), { domain: 'news.strict.example' });
    const verdict = await check(raw);
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dkim_not_strictly_aligned', evidence: { alignment: { dkim: 'strict' } } });
    expect(verdict.evidence.dmarc?.result).toBe('fail');
  });

  test('adkim=r (default): the same subdomain key authenticates (control)', async () => {
    const raw = await sign(message({ from: 'victim@good.example' }), { domain: 'news.good.example' });
    expect(await check(raw)).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass', evidence: { alignment: { dkim: 'relaxed' } } });
  });

  test('adkim=s: the exact domain authenticates', async () => {
    const raw = await sign(message({ from: 'victim@strict.example' }), { domain: 'strict.example' });
    expect(await check(raw)).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
  });

  test('a subdomain author inherits adkim=s from the organisational domain record', async () => {
    const raw = await sign(message({ from: 'victim@news.strict.example' }), { domain: 'strict.example' });
    expect(await check(raw)).toMatchObject({ authenticated: false, reason: 'dkim_not_strictly_aligned' });
  });

  test('DMARC record unreadable: only the exact domain aligns', async () => {
    const sub = await check(await sign(message({ from: 'victim@unsure.example' }), { domain: 'news.unsure.example' }));
    expect(sub).toMatchObject({ authenticated: false, reason: 'dns_temporary_error', evidence: { alignment: { dkim: 'unknown' } } });
    const exact = await check(await sign(message({ from: 'victim@unsure.example' }), { domain: 'unsure.example' }));
    expect(exact).toMatchObject({ authenticated: true });
  });

  test('aspf=s: SPF of a subdomain envelope does not align; the exact domain does', async () => {
    const raw = message({ from: 'victim@strict.example' });
    const sub = await check(raw, { trustedHops: [{ ip: '192.0.2.7', mailFrom: 'bounce@mail.strict.example' }] });
    expect(sub).toMatchObject({ authenticated: false, reason: 'spf_not_strictly_aligned', evidence: { alignment: { spf: 'strict' } } });
    const exact = await check(raw, { trustedHops: [{ ip: '192.0.2.7', mailFrom: 'bounce@strict.example' }] });
    expect(exact).toMatchObject({ authenticated: true, reason: 'spf_aligned_pass_trusted_hop' });
  });
});

describe('replay by age and address', () => {
  const now = new Date();
  test('a 90-day-old signature is too old; one a day old passes', async () => {
    const old = await check(await sign(message({ date: new Date(now.getTime() - 90 * DAY) }), { signTime: new Date(now.getTime() - 90 * DAY) }));
    expect(old).toMatchObject({ authenticated: false, reason: 'signature_too_old' });
    expect(old.evidence.age).toMatchObject({ maxAgeMs: 7 * DAY });
    const fresh = await check(await sign(message({ date: new Date(now.getTime() - DAY) }), { signTime: new Date(now.getTime() - DAY) }));
    expect(fresh).toMatchObject({ authenticated: true });
  });

  test('age is judged when the message arrived, not when it is read again', async () => {
    const signedAt = new Date(now.getTime() - 90 * DAY);
    const raw = await sign(message({ date: signedAt }), { signTime: signedAt });
    expect(await check(raw, { receivedAt: new Date(signedAt.getTime() + 60_000) })).toMatchObject({ authenticated: true });
    expect(await check(raw, { receivedAt: new Date(signedAt.getTime() + 60_000), maxAgeMs: 30_000 })).toMatchObject({ reason: 'signature_too_old' });
  });

  test('a fresh signature on a message whose Date is 90 days old is too old', async () => {
    const verdict = await check(await sign(message({ date: new Date(now.getTime() - 90 * DAY) })));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'signature_too_old' });
  });

  test('a signature made far in the future is refused', async () => {
    const verdict = await check(await sign(message(), { signTime: new Date(now.getTime() + 2 * DAY) }));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'signature_in_future' });
  });

  test('mail the victim signed to someone else is not a request to support', async () => {
    const verdict = await check(await sign(message({ to: 'Bob <bob@partner.example>' })));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'not_addressed_to_support', evidence: { recipients: ['bob@partner.example'] } });
  });

  test('an alias in Cc, or the support address in other ASCII case, is addressed to support', async () => {
    expect(await check(await sign(message({ to: 'bob@partner.example', cc: 'Help <help@desk.example>' })))).toMatchObject({ authenticated: true });
    expect(await check(await sign(message({ to: 'SUPPORT@Desk.Example' })))).toMatchObject({ authenticated: true });
  });
});
