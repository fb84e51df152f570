// Issue 3, who a message is from (SPEC §5): one From line with one mailbox, read the same by
// mailparser and mailauth, exact matching (no +tag/dot/case/look-alike folding), and the
// headers that never identify anyone (Reply-To, Sender, display names). Real pipeline.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, tickets } from '../../src/adapters/db/schema/index.ts';
import { seedAccount, type TestEnv } from '../support/app.ts';
import {
  deliverOne,
  detailOf,
  expectTwoFactorUntouched,
  guardRealDns,
  offlineZone,
  rawMessage,
  recipients,
  request,
  rsaKey,
  sign,
  type TestKey,
  usePipelineWithSink,
} from '../support/security.ts';
import { type SmtpSink } from '../support/smtp-sink.ts';

const zone = offlineZone();
guardRealDns(zone);

const good = rsaKey();
const evil = rsaKey();

function domain(name: string, key: TestKey = good): string {
  zone.txt(`sel._domainkey.${name}`, key.record);
  zone.txt(`_dmarc.${name}`, 'v=DMARC1; p=reject');
  return name;
}
domain('evil.example', evil);
// gооd.example with two Cyrillic "о": a look-alike the attacker registered and signs for.
const LOOKALIKE = 'xn--gd-fmca.example';
domain(LOOKALIKE, evil);

const running = usePipelineWithSink(zone);
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const BODY = request('Alice Martin', 'Good Example SRL');

async function account(email: string) {
  return seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
}

async function ticketsOfAccount(email: string): Promise<number> {
  const rows = await env.app.deps.db
    .select({ id: tickets.id })
    .from(tickets)
    .innerJoin(accounts, eq(accounts.id, tickets.accountId))
    .where(eq(accounts.email, email));
  return rows.length;
}

/** The message is refused as an identity: an unmatched ticket (visible to agents), no account, no mail. */
async function expectRefused(raw: string | Buffer, reason: string, victim: string) {
  const row = await deliverOne(env, raw);
  expect(row).toMatchObject({ status: 'processed', kind: 'recovery_request', authenticated: false, fromAddress: null, accountId: null });
  const detail = await detailOf(env, row);
  expect(detail.status).toBe('unmatched');
  expect(detail.account).toBeNull();
  expect(detail.signals.senderAuthenticated).toBe(false);
  expect(detail.signals.authReason).toBe(reason);
  expect(detail.replies).toEqual([]);
  expect(recipients(sink)).toEqual([]);
  expect(await ticketsOfAccount(victim)).toBe(0);
  await expectTwoFactorUntouched(env, [victim]);
  return { row, detail };
}

describe('one From line, one mailbox, read alike by both parsers', () => {
  test('two From lines, signed by the victim domain: refused', async () => {
    const d = domain('two-lines.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: [`alice@${d}`, 'mallory@evil.example'], body: BODY }), { domain: d, key: good });
    await expectRefused(raw, 'multiple_from_headers', `alice@${d}`);
    const reversed = await sign(rawMessage({ from: ['mallory@evil.example', `alice@${d}`], body: BODY }), { domain: 'evil.example', key: evil });
    await expectRefused(reversed, 'multiple_from_headers', `alice@${d}`);
  });

  test('two mailboxes in one From: refused', async () => {
    const d = domain('two-boxes.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}, Mallory <mallory@evil.example>`, body: BODY }), { domain: 'evil.example', key: evil });
    await expectRefused(raw, 'multiple_from_mailboxes', `alice@${d}`);
    const group = await sign(rawMessage({ from: `friends: alice@${d}, mallory@evil.example;`, body: BODY }), { domain: d, key: good });
    await expectRefused(group, 'multiple_from_mailboxes', `alice@${d}`);
  });

  test('alice@good.example(x)evil.example: refused, whichever domain signed', async () => {
    const d = domain('comment.example');
    await account(`alice@${d}`);
    const byEvil = await sign(rawMessage({ from: `alice@${d}(x)evil.example`, body: BODY }), { domain: 'evil.example', key: evil });
    await expectRefused(byEvil, 'invalid_address', `alice@${d}`);
    const byGood = await sign(rawMessage({ from: `alice@${d}(x)evil.example`, body: BODY }), { domain: d, key: good });
    await expectRefused(byGood, 'invalid_address', `alice@${d}`);
  });

  test('a quoted local part holding an @: refused, not interpreted', async () => {
    const d = domain('quoted.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `"alice@${d}"@evil.example`, body: BODY }), { domain: 'evil.example', key: evil });
    await expectRefused(raw, 'invalid_address', `alice@${d}`);
  });
});

describe('display names never identify anyone', () => {
  test('an encoded-word display name holding the victim address: authenticated as the attacker, flagged, the victim gets nothing', async () => {
    const d = domain('encoded.example');
    await account(`alice@${d}`);
    const b64 = Buffer.from(`alice@${d} <alice@${d}>`).toString('base64');
    const raw = await sign(rawMessage({ from: `=?utf-8?B?${b64}?= <mallory@evil.example>`, body: BODY }), { domain: 'evil.example', key: evil });
    const row = await deliverOne(env, raw);
    expect(row).toMatchObject({ authenticated: true, fromAddress: 'mallory@evil.example', accountId: null });
    const detail = await detailOf(env, row);
    expect(detail.status).toBe('unmatched');
    expect(detail.account).toBeNull();
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass' });
    expect(detail.signals.flags).toContain('display_name_contains_address');
    // the one mail allowed to a non-account address: the fixed notice, to the authenticated sender itself
    expect(recipients(sink)).toEqual(['mallory@evil.example']);
    expect(detail.replies.map((r) => r.kind)).toEqual(['wrong_address']);
    expect(sink.messages[0]!.parsed.text).not.toContain(d);
    expect(await ticketsOfAccount(`alice@${d}`)).toBe(0);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('a quoted display name with the victim address in front of an unsigned attacker mailbox: no mail at all', async () => {
    const d = domain('display.example');
    await account(`alice@${d}`);
    const row = await deliverOne(env, rawMessage({ from: `"alice@${d}" <mallory@evil.example>`, body: BODY }));
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'unmatched', account: null });
    expect(detail.signals).toMatchObject({ senderAuthenticated: false, authReason: 'no_aligned_pass' });
    expect(detail.signals.flags).toContain('display_name_contains_address');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });
});

describe('look-alikes and IDN tricks', () => {
  test('a Cyrillic look-alike domain the attacker signs for: authenticated as itself, flagged, never the victim', async () => {
    await account('alice@good.example');
    const raw = await sign(rawMessage({ from: `Alice <alice@${LOOKALIKE}>`, body: BODY }), { domain: LOOKALIKE, key: evil });
    const row = await deliverOne(env, raw);
    expect(row).toMatchObject({ authenticated: true, fromAddress: `alice@${LOOKALIKE}`, accountId: null });
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'unmatched', account: null });
    expect(detail.signals.flags).toEqual(expect.arrayContaining(['non_ascii', 'mixed_script']));
    expect(recipients(sink).filter((to) => to === 'alice@good.example')).toEqual([]);
    // the fixed notice to its own (authenticated) address; the sink shows RCPT TO's domain in Unicode
    expect(detail.replies).toEqual([expect.objectContaining({ to: `alice@${LOOKALIKE}`, kind: 'wrong_address' })]);
    expect(recipients(sink)).toEqual(['alice@g\u043e\u043ed.example']);
    await expectTwoFactorUntouched(env, ['alice@good.example']);
  });

  test('raw Cyrillic in the From domain: refused as non_ascii_domain', async () => {
    await account('alice@good.example');
    await expectRefused(rawMessage({ from: 'alice@g\u043e\u043ed.example', body: BODY }), 'non_ascii_domain', 'alice@good.example');
  });

  test('a Cyrillic letter in the local part matches nothing and is flagged', async () => {
    const d = domain('cyrillic-local.example');
    await account(`alice@${d}`);
    const row = await deliverOne(env, rawMessage({ from: `\u0430lice@${d}`, body: BODY }));
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'unmatched', account: null });
    expect(detail.signals).toMatchObject({ senderAuthenticated: false });
    expect(detail.signals.flags).toEqual(expect.arrayContaining(['non_ascii', 'mixed_script']));
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('a soft hyphen in the domain (UTS-46 would drop it): refused', async () => {
    await account('alice@good.example');
    await expectRefused(rawMessage({ from: 'alice@go\u00adod.example', body: BODY }), 'non_ascii_domain', 'alice@good.example');
  });

  test('a soft hyphen in the local part: refused', async () => {
    const d = domain('soft-local.example');
    await account(`alice@${d}`);
    await expectRefused(await sign(rawMessage({ from: `al\u00adice@${d}`, body: BODY }), { domain: d, key: good }), 'invalid_address', `alice@${d}`);
  });

  test('a fullwidth domain (UTS-46 would fold it to good.example): refused', async () => {
    await account('alice@good.example');
    await expectRefused(rawMessage({ from: 'alice@\uff47\uff4f\uff4f\uff44.example', body: BODY }), 'non_ascii_domain', 'alice@good.example');
  });

  test('an xn-- label that decodes to a fullwidth name, and a malformed one: refused', async () => {
    await account('alice@good.example');
    zone.txt('sel._domainkey.xn--pi7cfya.example', evil.record);
    const fullwidth = await sign(rawMessage({ from: 'alice@xn--pi7cfya.example', body: BODY }), { domain: 'xn--pi7cfya.example', key: evil });
    await expectRefused(fullwidth, 'invalid_address', 'alice@good.example');
    await expectRefused(rawMessage({ from: 'alice@xn--zz.example', body: BODY }), 'invalid_address', 'alice@good.example');
  });

  test('bidi and zero-width characters in the display name are flagged; in the local part refused', async () => {
    const d = domain('bidi.example');
    await account(`alice@${d}`);
    // "Alice <RLO>elpmaxe.dib@ecila" shows as "Alice alice@bidi.example" in many clients
    const raw = await sign(rawMessage({ from: `"Alice \u202eelpmaxe.idib@ecila\u200b" <alice@${d}>`, body: BODY }), { domain: d, key: good });
    const detail = await detailOf(env, await deliverOne(env, raw));
    expect(detail.signals).toMatchObject({ senderAuthenticated: true });
    expect(detail.signals.flags).toEqual(expect.arrayContaining(['bidi', 'zero_width']));
    expect(recipients(sink)).toEqual([`alice@${d}`]); // a genuine (if odd) sender: the stored address only
    sink.clear();
    await account(`bob@${d}`);
    await expectRefused(rawMessage({ from: `b\u200bob@${d}`, body: BODY }), 'invalid_address', `bob@${d}`);
  });

  test('a fullwidth local part matches nothing', async () => {
    const d = domain('fullwidth-local.example');
    await account(`alice@${d}`);
    const row = await deliverOne(env, rawMessage({ from: `\uff41\uff4c\uff49\uff43\uff45@${d}`, body: BODY }));
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'unmatched', account: null });
    expect(detail.signals.flags).toContain('non_ascii');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });
});

describe('exact matching', () => {
  test('case variants match the account, and the answer goes to the stored spelling', async () => {
    const d = domain('case.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `Alice <ALICE@Case.EXAMPLE>`, body: BODY }), { domain: 'CASE.Example', key: good });
    const row = await deliverOne(env, raw);
    expect(row).toMatchObject({ authenticated: true, fromAddress: `alice@${d}` });
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'ready', account: { email: `alice@${d}` } });
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass' });
    expect(recipients(sink)).toEqual([`alice@${d}`]);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('+tag and dot variants are other addresses: no ticket on the account; only the fixed notice to an authenticated sender', async () => {
    const d = domain('tag.example');
    await account(`alice@${d}`);
    const signedTag = await deliverOne(env, await sign(rawMessage({ from: `alice+2fa@${d}`, body: BODY }), { domain: d, key: good }));
    const detail = await detailOf(env, signedTag);
    expect(detail).toMatchObject({ status: 'unmatched', account: null, senderAddress: `alice+2fa@${d}` });
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, unmatchedReason: 'no_account' });
    expect(recipients(sink)).toEqual([`alice+2fa@${d}`]);
    expect(detail.replies.map((r) => r.kind)).toEqual(['wrong_address']);

    sink.clear();
    for (const from of [`alice+x@${d}`, `a.lice@${d}`, `alice.@${d}`]) {
      const row = await deliverOne(env, rawMessage({ from, body: BODY }));
      expect(row.accountId).toBeNull();
      expect(row.authenticated).toBe(false);
    }
    expect(recipients(sink)).toEqual([]);
    expect(await ticketsOfAccount(`alice@${d}`)).toBe(0);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });
});

describe('no Unicode folding of the local part (issue 10 item 3)', () => {
  // A provider that lets anyone register a non-ASCII local part signs the attacker's mail for
  // real: the Kelvin sign K (U+212A) lower-cases to "k" and NFKC-normalises to "K".
  test("a genuinely signed request from \u212Aarl@…: no ticket on karl's account, flagged, karl gets nothing", async () => {
    const d = domain('kelvin.example');
    await seedAccount(env, { email: `karl@${d}`, fullName: 'Karl Peeters', organisations: ['Good Example SRL'] });
    const raw = await sign(rawMessage({ from: `Karl <\u212Aarl@${d}>`, body: request('Karl Peeters', 'Good Example SRL') }), { domain: d, key: good });
    const row = await deliverOne(env, raw);
    expect(row).toMatchObject({ status: 'processed', kind: 'recovery_request', authenticated: true, fromAddress: `\u212Aarl@${d}`, accountId: null });
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'unmatched', account: null });
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass', unmatchedReason: 'no_account' });
    expect(detail.signals.flags).toContain('non_ascii');
    expect(recipients(sink)).not.toContain(`karl@${d}`);
    expect(detail.replies.every((reply) => reply.to !== `karl@${d}`)).toBe(true);
    expect(await ticketsOfAccount(`karl@${d}`)).toBe(0);
    await expectTwoFactorUntouched(env, [`karl@${d}`]);
  });

  test('control: KARL@… in ASCII upper case, signed the same way, is karl', async () => {
    const d = domain('kelvin-control.example');
    await seedAccount(env, { email: `karl@${d}`, fullName: 'Karl Peeters', organisations: ['Good Example SRL'] });
    const raw = await sign(rawMessage({ from: `Karl <KARL@${d}>`, body: request('Karl Peeters', 'Good Example SRL') }), { domain: d, key: good });
    const row = await deliverOne(env, raw);
    expect(row).toMatchObject({ authenticated: true, fromAddress: `karl@${d}` });
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'ready', account: { email: `karl@${d}` } });
    expect(detail.signals.flags).toEqual([]);
    expect(recipients(sink)).toEqual([`karl@${d}`]);
  });

  test('an account stored with a non-ASCII local part matches only the same bytes', async () => {
    const d = domain('nfc.example');
    const nfc = `j\u00fcrgen@${d}`;
    await seedAccount(env, { email: nfc, fullName: 'Jürgen Maes', organisations: ['Good Example SRL'] });
    const body = request('Jürgen Maes', 'Good Example SRL');
    const decomposed = await deliverOne(env, await sign(rawMessage({ from: `ju\u0308rgen@${d}`, body }), { domain: d, key: good }));
    expect(decomposed).toMatchObject({ authenticated: true, fromAddress: `ju\u0308rgen@${d}`, accountId: null });
    expect(await ticketsOfAccount(nfc)).toBe(0);
    // control: the same bytes as on file
    sink.clear();
    const same = await deliverOne(env, await sign(rawMessage({ from: `J\u00fcrgen@${d}`, body }), { domain: d, key: good }));
    expect(same.accountId).not.toBeNull();
    expect((await detailOf(env, same)).account).toMatchObject({ email: nfc });
  });
});

describe('Reply-To and Sender never receive mail', () => {
  test('Reply-To to an attacker on a genuine request: answer to the stored address only, flagged', async () => {
    const d = domain('replyto.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}`, body: BODY, headers: ['Reply-To: Alice <mallory@evil.example>'] }), { domain: d, key: good });
    const detail = await detailOf(env, await deliverOne(env, raw));
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, flags: ['reply_to_differs'] });
    expect(recipients(sink)).toEqual([`alice@${d}`]);
    expect(sink.messages[0]!.raw.toString()).not.toContain('mallory');
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('Reply-To to an attacker on a forged request: nothing at all', async () => {
    const d = domain('replyto-forged.example');
    await account(`alice@${d}`);
    const detail = await detailOf(env, await deliverOne(env, rawMessage({ from: `alice@${d}`, body: BODY, headers: ['Reply-To: mallory@evil.example'] })));
    expect(detail.signals).toMatchObject({ senderAuthenticated: false, authReason: 'no_aligned_pass', flags: ['reply_to_differs'] });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('a Sender differing from From: flagged, answer to the stored address only', async () => {
    const d = domain('sender.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}`, body: BODY, headers: ['Sender: mallory@evil.example'] }), { domain: d, key: good });
    const detail = await detailOf(env, await deliverOne(env, raw));
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, flags: ['sender_differs'] });
    expect(recipients(sink)).toEqual([`alice@${d}`]);
    // forged, with the attacker as Sender: nothing
    sink.clear();
    await account(`bob@${d}`);
    const forged = await detailOf(env, await deliverOne(env, rawMessage({ from: `bob@${d}`, body: BODY, headers: ['Sender: mallory@evil.example'] })));
    expect(forged.signals).toMatchObject({ senderAuthenticated: false, flags: ['sender_differs'] });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [`alice@${d}`, `bob@${d}`]);
  });
});
