// Attacks tried in the December 2026 red team (docs/security-log.md "Attacks tried in December 2026"), on the
// real pipeline with mail genuinely DKIM-signed against the offline zone. The attacker holds the
// victim's password and one genuine signed mail of theirs; each attack has a control.
import { authenticate } from 'mailauth';
import { beforeAll, describe, expect, test } from 'vitest';
import { readMessage } from '../../src/steps/process-message.ts';
import { seedAccount, type TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { zone, key, running, victim, signed, ticketRow } = useRedTeam('canon');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const BODY = request('Alice Martin', 'Good Example SRL');
async function readingOf(raw: string) {
  const read = await readMessage(env.app.deps, Buffer.from(raw), new Date());
  if ('quarantine' in read) throw new Error(`quarantined: ${read.quarantine}`);
  return read;
}

/** The holder forwards a file someone sent them to support ("is this you?"): the file is Eve's text. */
const forwardedFile = (email: string) =>
  rawMessage({
    from: `Alice Martin <${email}>`,
    subject: 'Fwd: is this really from you?',
    contentType: 'multipart/mixed; boundary="b1"',
    body: [
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, I received the attached file. Is it really from you?',
      '',
      'Alice',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8; name="form.txt"',
      'Content-Disposition: attachment; filename="form.txt"',
      '',
      BODY,
      '',
      '--b1--',
    ].join('\n'),
  });

/** The padding relaxed canonicalisation ignores, put on the delimiter line in front of the attached file. */
const padDelimiter = (raw: string, padding: string) =>
  raw.replace('\r\n--b1\r\nContent-Type: text/plain; charset=utf-8; name=', `\r\n--b1${padding}\r\nContent-Type: text/plain; charset=utf-8; name=`);

/** mailauth's verdict on the (only) signature: whether an edit kept it valid. */
const dkimResult = async (raw: string) =>
  (await authenticate(Buffer.from(raw), { resolver: zone.resolver, disableArc: true, disableBimi: true })).dkim.results[0]?.status.result;

/** What the reader took from a message: kind, the text, the attachments' names. */
const readOf = async (raw: string) => {
  const read = await readingOf(raw);
  return { kind: read.analysis.kind, text: read.message.text, files: read.message.attachments.map((a) => a.filename) };
};

describe('whitespace the relaxed body canonicalisation ignores does not change the MIME structure', () => {
  // relaxed/relaxed hashes a body line without its trailing whitespace and a line of spaces as an
  // empty line, so these edits keep the holder's signature valid. mailsplit ends a part at a
  // delimiter line with at most 998 trailing spaces, and a part's headers at a truly empty line.
  test('a delimiter line padded past 998 spaces: the attached file does not become the holder’s text', async () => {
    const v = await victim();
    const genuine = await signed(forwardedFile(v.email), v.domain);
    const attack = padDelimiter(genuine, ' '.repeat(1200));
    expect(attack).not.toBe(genuine);
    expect(await dkimResult(attack), 'the signature still verifies: only the reading could differ').toBe('pass');
    expect(await readOf(attack)).toEqual(await readOf(genuine));
    const row = await deliverOne(env, attack);
    expect(row).toMatchObject({ kind: 'other', ticketId: null, outcome: 'ignored' });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('padding with tabs, on a CR LF / LF mix, before the header block ends in LF then CR LF: the same reading', async () => {
    const v = await victim();
    const genuine = await signed(forwardedFile(v.email), v.domain);
    // The last header line ending as LF, the empty line as CR LF: both canonicalise to CR LF.
    const split = genuine.indexOf('\r\n\r\n');
    const mixed = `${genuine.slice(0, split)}\n\r\n${genuine.slice(split + 4).replace(/\r\n/g, '\n')}`;
    const attack = padDelimiter(mixed.replace(/\n/g, '\r\n').replace(/\r\r\n/g, '\r\n'), '\t'.repeat(1000));
    expect(await dkimResult(attack)).toBe('pass');
    expect(await readOf(attack)).toEqual(await readOf(genuine));
    const lfOnly = padDelimiter(genuine, ' \t'.repeat(600)).replace(/\r\n/g, '\n');
    expect(await dkimResult(lfOnly)).toBe('pass');
    expect(await readOf(lfOnly)).toEqual(await readOf(genuine));
  });

  test('control: the same request written by the holder in their own part opens an authenticated ticket', async () => {
    const v = await victim();
    const own = forwardedFile(v.email).replace(
      'Content-Type: text/plain; charset=utf-8; name="form.txt"\r\nContent-Disposition: attachment; filename="form.txt"',
      'Content-Type: text/plain; charset=utf-8',
    );
    const row = await deliverOne(env, await signed(own, v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('a line of spaces in place of the empty line after a part’s headers: the same reading', async () => {
    const v = await victim();
    const genuine = await signed(forwardedFile(v.email), v.domain);
    // The holder's own part: its first paragraph would be read as header lines and vanish.
    const attack = genuine.replace(
      'Content-Type: text/plain; charset=utf-8\r\n\r\nHello, I received',
      'Content-Type: text/plain; charset=utf-8\r\n   \r\nHello, I received',
    );
    expect(await dkimResult(attack)).toBe('pass');
    expect(await readOf(attack)).toEqual(await readOf(genuine));
  });

  test('a boundary with a space (Lotus Notes): the space doubled on one delimiter line does not merge the parts', async () => {
    const v = await victim();
    const notes = forwardedFile(v.email).replace('boundary="b1"', 'boundary="=_mixed 0040A1B2C125"').replace(/^--b1/gm, '--=_mixed 0040A1B2C125');
    const genuine = await signed(notes, v.domain);
    const attack = genuine.replace(
      '\r\n--=_mixed 0040A1B2C125\r\nContent-Type: text/plain; charset=utf-8; name=',
      '\r\n--=_mixed \t 0040A1B2C125\r\nContent-Type: text/plain; charset=utf-8; name=',
    );
    expect(attack).not.toBe(genuine);
    expect(await dkimResult(attack)).toBe('pass');
    expect((await readOf(genuine)).files).toEqual(['form.txt']);
    expect(await readOf(attack)).toEqual(await readOf(genuine));
  });

  test('padding within what mailsplit accepts (and what a genuine client may send) reads as before', async () => {
    const v = await victim();
    const genuine = await signed(forwardedFile(v.email), v.domain);
    expect(await readOf(padDelimiter(genuine, ' '.repeat(10)))).toEqual(await readOf(genuine));
  });
});

describe('a read header the signature left out, removed', () => {
  // Removing a header nobody signed keeps the signature valid. Content-Type is the one whose
  // absence changes the reading: without it the body is text/plain, so every part of a multipart
  // mail, the attached file included, would be read as the holder's own text.
  const READ_BUT_CONTENT_TYPE = ['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-transfer-encoding'];
  test('a signature that does not cover Content-Type: the header removed, the attached file is not the holder’s text', async () => {
    const v = await victim();
    const genuine = await signed(forwardedFile(v.email), v.domain, { headerList: READ_BUT_CONTENT_TYPE });
    expect(await readOf(genuine)).toMatchObject({ kind: 'other', files: ['form.txt'] });
    const attack = genuine.replace(/\r\nContent-Type: multipart\/mixed; boundary="b1"/, '');
    expect(attack).not.toBe(genuine);
    expect(await dkimResult(attack)).toBe('pass');
    const read = await readingOf(attack);
    expect({ authenticated: read.authenticated, reason: read.authReason }).toEqual({ authenticated: false, reason: 'dkim_header_not_signed' });
    const row = await deliverOne(env, attack);
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: a message that never had a Content-Type authenticates when h= lists it (its absence signed), not otherwise', async () => {
    const v = await victim();
    const plain = rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY })
      .replace(/\r\nContent-Type: [^\r]*/, '')
      .replace(/\r\nContent-Transfer-Encoding: [^\r]*/, '');
    const read = await readingOf(await signed(plain, v.domain, { oversign: ['Content-Type'] }));
    expect({ authenticated: read.authenticated, reason: read.authReason }).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
    const unlisted = await readingOf(await signed(plain, v.domain));
    expect({ authenticated: unlisted.authenticated, reason: unlisted.authReason }).toEqual({ authenticated: false, reason: 'dkim_header_not_signed' });
    expect(unlisted.verdict.evidence).toMatchObject({ headers: { notSigned: ['content-type'] } });
  });
});

describe('From lines that name the victim beside the attacker’s own signed domain', () => {
  // Eve signs for evil.example, which she owns, and writes the victim's address wherever a
  // parser might take it for the author. Whatever is read, it is never an authenticated victim.
  test.each([
    ['an unquoted display name', (victimEmail: string) => `${victimEmail} <eve@evil-canon.example>`],
    ['an obsolete route', (victimEmail: string) => `<@${victimEmail.split('@')[1]}:eve@evil-canon.example>`],
    ['a comment after the address', (victimEmail: string) => `eve@evil-canon.example (${victimEmail})`],
    ['a group before the address', (victimEmail: string) => `Team: ${victimEmail};, eve@evil-canon.example`],
    ['an address after the angle address', (victimEmail: string) => `<eve@evil-canon.example> ${victimEmail}`],
    ['a percent hack', (victimEmail: string) => `${victimEmail.replace('@', '%')}@evil-canon.example`],
    ['a folded second address', (victimEmail: string) => `eve@evil-canon.example\r\n\t<${victimEmail}>`],
  ])('%s', async (_, from) => {
    const v = await victim();
    zone.txt('sel._domainkey.evil-canon.example', key.record);
    const raw = await signed(rawMessage({ from: from(v.email), body: BODY }), 'evil-canon.example');
    const read = await readingOf(raw);
    expect(read.authenticated && read.sender === v.email, `${read.sender} ${read.authReason}`).toBe(false);
    const row = await deliverOne(env, raw);
    expect(recipients(sink)).not.toContain(v.email);
    // read as the victim (a folded display name), it is a plain forgery: unauthenticated, for an agent
    if (row.ticketId !== null && (await ticketRow(row.ticketId)).accountId === v.id) expect(row.authenticated).toBe(false);
    await expectTwoFactorUntouched(env, [v.email]);
  });
});

describe('alignment with a parent domain follows the owner’s adkim', () => {
  test('adkim=s on the organisational domain: a key of the parent does not authenticate a subdomain From; adkim=r does', async () => {
    const parent = `parent-${process.pid}.example`;
    zone.txt(`sel._domainkey.${parent}`, key.record);
    zone.txt(`_dmarc.${parent}`, 'v=DMARC1; p=reject; adkim=s');
    const email = `alice@mail.${parent}`;
    await seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
    const raw = await signed(rawMessage({ from: `Alice Martin <${email}>`, body: BODY }), parent);
    const strict = await readingOf(raw);
    expect({ authenticated: strict.authenticated, reason: strict.authReason }).toEqual({ authenticated: false, reason: 'dkim_not_strictly_aligned' });
    zone.txt(`_dmarc.${parent}`, 'v=DMARC1; p=reject; adkim=r');
    const relaxed = await readingOf(await signed(rawMessage({ from: `Alice Martin <${email}>`, body: BODY }), parent));
    expect({ authenticated: relaxed.authenticated, reason: relaxed.authReason }).toEqual({ authenticated: true, reason: 'dkim_aligned_pass' });
  });
});

describe('a thread of the victim claimed by someone else', () => {
  test('the attacker, authenticated as herself, answers the victim’s ticket by its ref and References: nothing of the ticket changes', async () => {
    const v = await victim();
    const opened = await deliverOne(
      env,
      await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: 'Hello,\n\nI lost my phone, please reset my 2FA.\n\nAlice Martin' }), v.domain),
    );
    const before = await ticketRow(opened.ticketId!);
    expect(before).toMatchObject({ status: 'waiting_details' });
    sink.clear();
    zone.txt('sel._domainkey.evil-canon.example', key.record);
    const reply = rawMessage({
      from: `Alice Martin <eve@evil-canon.example>`,
      subject: `Re: [${before.ref}] Your request`,
      headers: [`In-Reply-To: <rd.${before.ref}.abc.${'0'.repeat(32)}@bpart.test>`, `References: <rd.${before.ref}.abc.${'0'.repeat(32)}@bpart.test>`],
      body: 'I manage Good Example SRL. I confirm the request: please go ahead.\n\nAlice Martin',
    });
    const row = await deliverOne(env, await signed(reply, 'evil-canon.example'));
    expect(row.ticketId).not.toBe(before.id);
    const after = await ticketRow(before.id);
    expect({ status: after.status, fields: after.fields, missing: after.missing, confirmedAt: after.confirmedAt }).toEqual({
      status: before.status,
      fields: before.fields,
      missing: before.missing,
      confirmedAt: before.confirmedAt,
    });
    expect(recipients(sink)).not.toContain(v.email);
    await expectTwoFactorUntouched(env, [v.email]);
  });
});
