// DKIM signatures made for real, with the two knobs the signed-header and replay suites need:
// the signing time (t=), and over-signing (a header name listed in h= once more than it occurs,
// so that an instance added later breaks the signature, RFC 6376 §8.15). mailauth's dkimSign
// signs only the instances present, so over-signed signatures are computed here (relaxed/relaxed,
// rsa-sha256) and verified by mailauth like any other.
import { createHash, createSign } from 'node:crypto';
import { dkimSign } from 'mailauth';

export interface DkimOptions {
  domain: string;
  privateKey: string;
  selector?: string;
  /** t= (default: now); null leaves t= out, as some signers do. */
  signTime?: Date | null;
  /** Header names to list in h= once more than they occur. */
  oversign?: string[];
  /** Sign only these headers (as mailauth's headerList), e.g. to leave Content-Type out. */
  headerList?: string[];
  /** l=: sign only this many bytes of the canonical body. */
  maxBodyLength?: number;
}

export async function dkimSigned(message: string, opts: DkimOptions): Promise<string> {
  if (opts.oversign?.length || opts.signTime === null) return oversigned(message, opts);
  const signature = {
    signingDomain: opts.domain,
    selector: opts.selector ?? 'sel',
    privateKey: opts.privateKey,
    canonicalization: 'relaxed/relaxed',
    ...(opts.headerList ? { headerList: opts.headerList.join(':') } : {}),
    ...(opts.maxBodyLength !== undefined ? { maxBodyLength: opts.maxBodyLength } : {}),
  };
  const { signatures, errors } = await dkimSign(message, { ...signature, signatureData: [signature], signTime: opts.signTime ?? new Date() });
  if (errors.length > 0) throw new Error(`dkimSign failed: ${JSON.stringify(errors)}`);
  return signatures + message;
}

const relaxedValue = (value: string) =>
  value
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();

function oversigned(message: string, opts: DkimOptions): string {
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split);
  const body = message.slice(split + 4);
  const canonBody = body
    .split('\r\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
    .join('\r\n')
    .replace(/(\r\n)*$/, '');
  const bh = createHash('sha256')
    .update(canonBody ? `${canonBody}\r\n` : '')
    .digest('base64');
  const fields = head.split(/\r\n(?![ \t])/).map((line) => {
    const colon = line.indexOf(':');
    return { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) };
  });
  const names = [...fields.map((f) => f.name), ...(opts.oversign ?? []).map((n) => n.toLowerCase())];
  const unused = [...fields];
  const canon: string[] = [];
  for (const name of names) {
    const index = unused.map((f) => f.name).lastIndexOf(name);
    if (index < 0) continue; // a name listed more often than it occurs signs as nothing
    canon.push(`${name}:${relaxedValue(unused[index]!.value)}\r\n`);
    unused.splice(index, 1);
  }
  const t = opts.signTime === null ? '' : ` t=${Math.floor((opts.signTime ?? new Date()).getTime() / 1000)};`;
  const tags = `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${opts.domain}; s=${opts.selector ?? 'sel'};${t} h=${names.join(':')}; bh=${bh}; b=`;
  const signer = createSign('RSA-SHA256');
  signer.update(canon.join('') + `dkim-signature:${relaxedValue(tags)}`);
  return `DKIM-Signature: ${tags}${signer.sign(opts.privateKey, 'base64')}\r\n${message}`;
}
