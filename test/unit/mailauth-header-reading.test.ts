// Behind our MX, mailauth's DKIM verifier is handed only the header block, past its message
// stream (trusted-mx.ts, mailauthHeaderReading): what it reads there — the header fields, From,
// each DKIM-Signature's tags — must be what authenticate() reads in the whole message, whatever
// ends the lines (an attacker chooses them), or the trusted pass would judge other headers than
// the full path and the parser. This also pins the verifier's unexported API to mailauth's version.
import { authenticate, type AuthenticateResult } from 'mailauth';
import { describe, expect, test } from 'vitest';
import { headerBlockWithEnd } from '../../src/adapters/auth/header-block.ts';
import { mailauthHeaderReading } from '../../src/adapters/auth/mailauth-headers.ts';
import { dkimSigned } from '../support/dkim.ts';
import { rsaKey } from '../support/security.ts';

const key = rsaKey();
const noNetwork = async (name: string): Promise<never> => {
  throw Object.assign(new Error(`${name}: offline`), { code: 'ENOTFOUND' });
};

/** What the trusted path reads of mailauth's answer (the body's hash and the key's verdict are not among it). */
function reading(result: Pick<AuthenticateResult, 'dkim'>) {
  return {
    fields: (result.dkim.headers?.parsed ?? []).map((h) => h.line.toString('latin1')),
    block: result.dkim.headers?.original.toString('latin1'),
    from: result.dkim.headerFrom,
    fromFields: result.dkim.fromFields,
    signatures: result.dkim.results.map((r) => ({
      domain: r.signingDomain,
      selector: r.selector,
      b: r.signature,
      keys: r.signingHeaders?.keys,
      signTime: r.signTime,
      limited: r.canonBodyLengthLimited,
      limit: r.canonBodyLengthLimit,
    })),
  };
}

const HEAD = ['From: Alice <alice@good.example>', 'To: support@desk.example', 'Subject: lost my phone', 'MIME-Version: 1.0', 'Content-Type: text/plain'];
const BODY = ['Hello,', '', 'Subject: not a header, the body', 'Alice'];

const whole = (raw: Buffer) =>
  authenticate(raw, { resolver: noNetwork, mta: 'test', minBitLength: 1024, rejectRsaSha1: true, disableArc: true, disableBimi: true });
const headersOnly = (raw: Buffer) => mailauthHeaderReading(raw, { resolver: noNetwork, minBitLength: 1024, rejectRsaSha1: true });

describe("mailauth's reading of the header block alone", () => {
  test.each([
    ['CRLF throughout', (h: string[], b: string[]) => `${h.join('\r\n')}\r\n\r\n${b.join('\r\n')}\r\n`],
    ['bare LF throughout', (h: string[], b: string[]) => `${h.join('\n')}\n\n${b.join('\n')}\n`],
    ['the last header line ending in LF, the empty line in CRLF', (h: string[], b: string[]) => `${h.join('\r\n')}\n\r\n${b.join('\r\n')}\r\n`],
    ['the last header line ending in CRLF, the empty line a bare LF', (h: string[], b: string[]) => `${h.join('\r\n')}\r\n\n${b.join('\r\n')}\r\n`],
    [
      'a bare CR line that ends nothing, then the empty line',
      (h: string[], b: string[]) => `${h.join('\r\n')}\r\n\r\r\nX-After: cr\r\n\r\n${b.join('\r\n')}\r\n`,
    ],
    ['no body at all', (h: string[]) => `${h.join('\r\n')}\r\n`],
    ['an empty header block', (_h: string[], b: string[]) => `\r\n${[...HEAD, '', ...b].join('\r\n')}\r\n`],
  ])('%s: the same fields, From and signature tags as in the whole message', async (_name, shape) => {
    const signed = await dkimSigned(`${HEAD.join('\r\n')}\r\n\r\n${BODY.join('\r\n')}\r\n`, {
      domain: 'good.example',
      privateKey: key.privateKey,
      maxBodyLength: 10,
    });
    const signature = signed.slice(0, signed.indexOf('From: ')).replace(/\r\n$/, '').split('\r\n');
    const raw = Buffer.from(shape([...signature, ...HEAD], BODY), 'latin1');
    expect(headerBlockWithEnd(raw).toString('latin1')).not.toContain('not a header');
    const read = reading(await headersOnly(raw));
    expect(read).toEqual(reading(await whole(raw)));
  });
});
