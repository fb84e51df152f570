// Identity is the single From mailbox, read the same way by mailparser and mailauth.
import { describe, expect, test } from 'vitest';
import { authenticateSender } from '../../src/adapters/auth/sender-auth.ts';
import { parseMessage } from '../../src/adapters/mail/parse.ts';
import { checkIdentity, foldedSpelling, normaliseAddress, sameMailbox } from '../../src/core/address-identity.ts';
import { matchAccount } from '../../src/core/match-account.ts';
import type { InboundMessage } from '../../src/core/message.ts';

const nxdomain = async (name: string): Promise<never> => {
  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

/** The pipeline's two readings of one message: mailparser's (parse.ts) and mailauth's (sender-auth). */
async function read(headerLines: string[]) {
  const raw = Buffer.from([...headerLines, 'To: support@desk.example', 'Subject: help', '', 'Hello', ''].join('\r\n'));
  const msg = await parseMessage(raw);
  const { authFrom } = await authenticateSender(raw, { trustedAuthservIds: [], resolver: nxdomain });
  return { msg, authFrom, identity: checkIdentity(msg, authFrom) };
}

function blank(): InboundMessage {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    subject: '',
    from: [],
    fromHeaderCount: 0,
    replyTo: [],
    sender: null,
    returnPath: null,
    headers: {},
    contentType: 'text/plain',
    text: '',
    htmlOnly: false,
    attachments: [],
    date: null,
  };
}

describe('the identity is the single From mailbox', () => {
  test('lower-cased, with +tag and dots kept as written', async () => {
    const { identity } = await read(['From: Alice <Alice.Smith+Recovery@Good.EXAMPLE>']);
    expect(identity).toEqual({ ok: true, address: 'alice.smith+recovery@good.example', domain: 'good.example', flags: [] });
  });

  test('no From, two From lines, two mailboxes are refused', async () => {
    expect((await read(['Sender: alice@good.example'])).identity).toMatchObject({ ok: false, reason: 'no_from' });
    const twoLines = await read(['From: alice@good.example', 'From: mallory@evil.example']);
    expect(twoLines.identity).toMatchObject({ ok: false, reason: 'multiple_from_headers', address: null });
    const twoBoxes = await read(['From: alice@good.example, Mallory <mallory@evil.example>']);
    expect(twoBoxes.identity).toMatchObject({ ok: false, reason: 'multiple_from_mailboxes', address: null });
  });

  test('a comment followed by another domain is refused, not read as alice@good.example', async () => {
    const { identity } = await read(['From: alice@good.example(x)evil.example']);
    expect(identity).toMatchObject({ ok: false, reason: 'invalid_address' });
  });

  test('a quoted local part holding an address is refused', async () => {
    const { identity } = await read(['From: "alice@good.example"@evil.example']);
    expect(identity).toMatchObject({ ok: false, reason: 'invalid_address' });
  });

  test('an encoded-word display name holding an address is flagged, the address is the real one', async () => {
    const name = `=?utf-8?B?${Buffer.from('alice@good.example').toString('base64')}?=`;
    const { msg, identity } = await read([`From: ${name} <mallory@evil.example>`]);
    expect(msg.from[0]?.name).toBe('alice@good.example');
    expect(identity).toMatchObject({ ok: true, address: 'mallory@evil.example', flags: ['display_name_contains_address'] });
  });

  test('a fullwidth address in the display name is flagged too', async () => {
    const { identity } = await read(['From: "ａｌｉｃｅ＠ｇｏｏｄ．ｅｘａｍｐｌｅ" <mallory@evil.example>']);
    expect(identity).toMatchObject({ ok: true, flags: ['display_name_contains_address', 'non_ascii'] });
  });

  test('the display name repeating the From address is not flagged', async () => {
    const { identity } = await read(['From: "ALICE@good.example" <alice@good.example>']);
    expect(identity).toMatchObject({ ok: true, flags: [] });
  });

  test('mailparser and mailauth reading different addresses is a parser mismatch', async () => {
    const encoded = await read(['From: =?utf-8?q?alice?=@good.example']);
    expect(encoded.msg.from[0]?.address).toBe('alice@good.example');
    expect(encoded.authFrom).toEqual([{ address: '=?utf-8?q?alice?=@good.example' }]);
    expect(encoded.identity).toMatchObject({ ok: false, reason: 'parser_mismatch' });
    const routed = await read(['From: Alice <@route.example:alice@good.example>']);
    expect(routed.identity).toMatchObject({ ok: false, reason: 'parser_mismatch' });
    const { msg } = await read(['From: alice@good.example']);
    expect(checkIdentity(msg, [{ address: 'alice@evil.example' }])).toMatchObject({ ok: false, reason: 'parser_mismatch' });
  });
});

describe('domains: ASCII only, never folded', () => {
  test('a Cyrillic look-alike domain in raw UTF-8 is refused and flagged', async () => {
    const { identity } = await read(['From: alice@g\u043e\u043ed.example']);
    expect(identity).toMatchObject({ ok: false, reason: 'non_ascii_domain', flags: ['non_ascii', 'mixed_script'] });
  });

  test('the same look-alike written as an A-label is kept as it is, never matched to good.example', async () => {
    const { identity } = await read(['From: alice@xn--gd-fmca.example']);
    expect(identity).toMatchObject({ ok: true, address: 'alice@xn--gd-fmca.example', domain: 'xn--gd-fmca.example' });
    expect(identity.flags).toEqual(['non_ascii', 'mixed_script']);
  });

  test('soft hyphen and fullwidth letters in the domain are refused, not mapped to good.example', async () => {
    const softHyphen = await read(['From: alice@good\u00adexample.com']);
    expect(softHyphen.identity).toMatchObject({ ok: false, reason: 'non_ascii_domain', flags: ['non_ascii', 'zero_width'] });
    const fullwidth = await read(['From: alice@\uff47\uff4f\uff4f\uff44.example']);
    expect(fullwidth.identity).toMatchObject({ ok: false, reason: 'non_ascii_domain', address: 'alice@ｇｏｏｄ.example' });
  });

  test('a broken A-label is refused', async () => {
    expect((await read(['From: alice@xn--zz.example'])).identity).toMatchObject({ ok: false, reason: 'invalid_address' });
  });

  test("mailparser's Unicode view of an A-label is matched through mailauth's reading of the bytes", () => {
    const msg = { ...blank(), fromHeaderCount: 1, from: [{ address: 'alice@g\u043e\u043ed.example', name: null }] };
    const identity = checkIdentity(msg, [{ address: 'alice@xn--gd-fmca.example' }]);
    expect(identity).toMatchObject({ ok: true, address: 'alice@xn--gd-fmca.example' });
    // without mailauth's reading, Unicode cannot be told from an A-label: refused
    expect(checkIdentity(msg, null)).toMatchObject({ ok: false, reason: 'non_ascii_domain' });
  });
});

describe('flags', () => {
  test('a Reply-To elsewhere is flagged; the same address in other case is not', async () => {
    const attacker = await read(['From: alice@good.example', 'Reply-To: alice.recovery@evil.example']);
    expect(attacker.identity).toMatchObject({ ok: true, flags: ['reply_to_differs'] });
    const same = await read(['From: alice@good.example', 'Reply-To: Alice <ALICE@Good.Example>']);
    expect(same.identity.flags).toEqual([]);
  });

  test('a differing Sender is flagged', async () => {
    const { identity } = await read(['From: alice@good.example', 'Sender: mallory@evil.example']);
    expect(identity).toMatchObject({ ok: true, flags: ['sender_differs'] });
  });

  test('bidi controls, zero-width characters and mixed scripts in the display name are flagged', async () => {
    const bidi = await read(['From: "Alice \u202eelpmaxe.live" <alice@good.example>']);
    expect(bidi.identity.flags).toEqual(['non_ascii', 'bidi', 'zero_width']);
    const hidden = await read(['From: "Al\u00adi\u200bce" <alice@good.example>']);
    expect(hidden.identity.flags).toEqual(['non_ascii', 'zero_width']);
    const mixed = await read(['From: "P\u0430yPal Support" <alice@good.example>']);
    expect(mixed.identity.flags).toEqual(['non_ascii', 'mixed_script']);
  });

  test('no ASCII character is a bidi control or invisible, and every ASCII letter is Latin: ASCII text raises no flag', () => {
    // checkIdentity skips the character flags of ASCII text on this ground.
    for (let code = 0; code < 0x80; code++) {
      const ch = String.fromCharCode(code);
      expect(/\p{Bidi_Control}|\p{Default_Ignorable_Code_Point}/u.test(ch), `U+${code.toString(16)}`).toBe(false);
      if (/\p{L}/u.test(ch)) expect(/\p{Script=Latin}/u.test(ch), ch).toBe(true);
    }
  });

  test('ordinary non-Latin names are non-ASCII but not mixed-script', async () => {
    const cyrillic = await read(['From: "Иван Петров (Ivan Petrov)" <ivan@good.example>']);
    expect(cyrillic.identity.flags).toEqual(['non_ascii']);
    const japanese = await read(['From: "山田たろう" <taro@good.example>']);
    expect(japanese.identity.flags).toEqual(['non_ascii']);
  });
});

describe('normaliseAddress (how account emails are stored)', () => {
  test.each([
    ['Alice+Tag@Good.Example', 'alice+tag@good.example'],
    ['a.l.i.c.e@sub.good.example', 'a.l.i.c.e@sub.good.example'],
    ['alice@xn--bcher-kva.example', 'alice@xn--bcher-kva.example'],
  ])('%s → %s', (input, address) => {
    expect(normaliseAddress(input)).toMatchObject({ ok: true, address });
  });

  test.each([
    ['"a@b"@c.example', 'invalid_address'],
    ['alice@good.example.', 'invalid_address'],
    ['alice@[192.0.2.1]', 'invalid_address'],
    ['alice@localhost', 'invalid_address'],
    ['a..b@good.example', 'invalid_address'],
    ['alice@-good.example', 'invalid_address'],
    ['ali\u200bce@good.example', 'invalid_address'],
    ['alice', 'invalid_address'],
    ['alice@bücher.example', 'non_ascii_domain'],
  ])('%s is refused (%s)', (input, reason) => {
    expect(normaliseAddress(input)).toEqual({ ok: false, reason });
  });

  test('a Unicode domain typed for an account can be converted with UTS-46 on request', () => {
    expect(normaliseAddress('Alice@Bücher.Example', { allowUnicodeDomain: true })).toMatchObject({
      ok: true,
      address: 'alice@xn--bcher-kva.example',
    });
  });
});

// Issue 10 item 3: JavaScript's toLowerCase(), NFC/NFKC and Unicode case folding all map some
// non-ASCII letters onto ASCII ones. Only ASCII A-Z are lower-cased; everything else is kept.
describe('local parts: only ASCII is lower-cased, nothing else folded', () => {
  const account = (address: string) => ({ id: 1, email: address, fullName: 'Karl', organisations: [] });

  test.each([
    ['Kelvin sign K (toLowerCase gives k)', '\u212Aarl', 'karl'],
    ['long s ſ (case folding gives s)', '\u017Ftefan', 'stefan'],
    ['dotless ı (upper-cases to I)', '\u0131van', 'ivan'],
    ['Turkish İ (lower-cases to i + dot above)', '\u0130van', 'ivan'],
    ['fullwidth ｋ (NFKC gives k)', '\uff4barl', 'karl'],
    ['angstrom sign Å (NFC gives Å)', '\u212Bsa', '\u00e5sa'],
    ['combining u + diaeresis (NFC gives ü)', 'ju\u0308rgen', 'j\u00fcrgen'],
    ['precomposed ü (NFD gives u + diaeresis)', 'j\u00fcrgen', 'ju\u0308rgen'],
  ])('%s: the local part %s never matches an account spelled %s', async (_what, local, onFile) => {
    const { msg, identity } = await read([`From: ${local}@provider.example`]);
    // both readings keep the character as it was written
    expect(msg.from[0]?.address).toBe(`${local}@provider.example`);
    expect(identity).toMatchObject({ ok: true, address: `${local}@provider.example` });
    expect(identity.flags).toContain('non_ascii');
    const stored = normaliseAddress(`${onFile}@provider.example`);
    expect(stored.ok && stored.address).toBe(`${onFile}@provider.example`);
    expect(matchAccount(identity.ok ? identity.address : null, account(`${onFile}@provider.example`))).toEqual({ kind: 'none' });
  });

  test('control: ASCII upper case is lower-cased and matches', async () => {
    const { identity } = await read(['From: Karl <KARL@Provider.Example>']);
    expect(identity).toEqual({ ok: true, address: 'karl@provider.example', domain: 'provider.example', flags: [] });
    expect(matchAccount('karl@provider.example', account('karl@provider.example'))).toEqual({ kind: 'matched', accountId: 1 });
  });

  test('an account imported with non-ASCII keeps its spelling: upper-case ASCII folded, Ü kept as Ü', () => {
    expect(normaliseAddress('J\u00dcRGEN@Provider.Example')).toMatchObject({ ok: true, address: 'j\u00dcrgen@provider.example' });
    expect(normaliseAddress('\u212Aarl@provider.example')).toMatchObject({ ok: true, address: '\u212Aarl@provider.example' });
  });

  test('an encoded-word posing as the Kelvin local part is a parser mismatch, not karl', async () => {
    const { identity } = await read(['From: =?utf-8?q?=E2=84=AA?=arl@provider.example']);
    expect(identity).toMatchObject({ ok: false, reason: 'parser_mismatch' });
  });

  test('Reply-To, Sender and display names are compared without folding too', async () => {
    const replyTo = await read(['From: \u212Aarl@provider.example', 'Reply-To: karl@provider.example']);
    expect(replyTo.identity.flags).toEqual(['reply_to_differs', 'non_ascii']);
    const sender = await read(['From: karl@provider.example', 'Sender: \u212Aarl@provider.example']);
    expect(sender.identity.flags).toEqual(['sender_differs']);
    const kelvinDomain = await read(['From: alice@karl.example', 'Reply-To: alice@\u212Aarl.example']);
    expect(kelvinDomain.identity.flags).toEqual(['reply_to_differs']);
    const shown = await read(['From: "karl@provider.example" <\u212Aarl@provider.example>']);
    expect(shown.identity.flags).toEqual(['display_name_contains_address', 'non_ascii']);
    // control: the same address in ASCII upper case is the same mailbox
    const same = await read(['From: karl@provider.example', 'Reply-To: KARL@provider.example', 'Sender: Karl@PROVIDER.example']);
    expect(same.identity.flags).toEqual([]);
  });

  test('flags are computed on the header as received, before any lower-casing', () => {
    // a reading already folded by someone else's toLowerCase() still shows the Kelvin sign in the header
    const msg = { ...blank(), fromHeaderCount: 1, from: [{ address: 'karl@provider.example', name: null }], headers: { from: ['\u212Aarl@provider.example'] } };
    expect(checkIdentity(msg, [{ address: '\u212Aarl@provider.example' }])).toMatchObject({ ok: false, reason: 'parser_mismatch', flags: ['non_ascii'] });
  });
});

test('sameMailbox: ASCII case and a Unicode domain fold, nothing else (what a directory match must be)', () => {
  expect(sameMailbox('Karl@Example.COM', 'karl@example.com')).toBe(true);
  expect(sameMailbox('alice@bücher.example', 'alice@xn--bcher-kva.example')).toBe(true);
  expect(sameMailbox('\u212Aarl@example.com', 'karl@example.com')).toBe(false);
  expect(sameMailbox('k\u00e4rl@example.com', 'karl@example.com')).toBe(false);
  expect(sameMailbox('karl+x@example.com', 'karl@example.com')).toBe(false);
  expect(sameMailbox('not an address', 'not an address')).toBe(false);
  // Stop 25: a Unicode domain counts only written as its own U-label; one UTS-46 folds is another spelling.
  for (const folded of [
    'alice@\uff47ood.example',
    'alice@\u24d6ood.example',
    'alice@goo\u00add.example',
    'alice@good\u3002example',
    'alice@\u212Aood.example',
  ]) {
    expect(sameMailbox(folded, 'alice@good.example'), folded).toBe(false);
  }
  expect(sameMailbox('Alice@B\u00fccher.Example', 'alice@xn--bcher-kva.example')).toBe(true);
});

test('foldedSpelling: another spelling a folding directory confuses with the asked mailbox (stop 25), never the mailbox itself or another one', () => {
  for (const other of ['\u212Aarl@example.com', 'k\u00e4rl@example.com', 'karl@\uff45xample.com', 'ka\u00adrl@example.com', 'KARL@\u24d4xample.com']) {
    expect(foldedSpelling(other, 'karl@example.com'), other).toBe(true);
  }
  for (const other of ['karl@example.com', 'Karl@Example.com', 'bob@example.com', 'karl+x@example.com', 'karl@example.com.evil']) {
    expect(foldedSpelling(other, 'karl@example.com'), other).toBe(false);
  }
});
