// The DKIM public key published at <selector>._domainkey.<support domain> is the one that
// belongs to DKIM_PRIVATE_KEY_FILE: otherwise every reply we sign fails DKIM at the receiver.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fail, pass, type Outcome } from '../../../core/doctor.ts';
import type { DnsResolver } from '../../auth/sender-auth.ts';
import { systemResolver, txtRecords } from './dns.ts';

export interface DkimCheck {
  keyFile: string;
  selector: string;
  domain: string;
  resolver?: DnsResolver | undefined;
}

export async function checkDkim(options: DkimCheck): Promise<Outcome> {
  const name = `${options.selector}._domainkey.${options.domain}`;
  let ours: { spki: Buffer; record: string };
  try {
    ours = publicKeyOf(await readFile(options.keyFile, 'utf8'));
  } catch (error) {
    return fail(
      `cannot read a private key from DKIM_PRIVATE_KEY_FILE: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'point DKIM_PRIVATE_KEY_FILE at a PEM private key readable by this user (openssl genrsa -out dkim.pem 2048)',
    );
  }
  const publish = `publish a TXT record at ${name}: "${ours.record}"`;
  let records: string[];
  try {
    records = txtRecords(await (options.resolver ?? systemResolver)(name, 'TXT'));
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    return fail(`no DKIM record at ${name} (${code})`, publish);
  }
  const published = records.map((record) => /(?:^|;)\s*p=([^;]*)/i.exec(record)?.[1]?.replace(/\s+/g, '')).filter((p) => p !== undefined);
  if (published.length === 0) return fail(`the TXT record at ${name} holds no DKIM key (p=)`, publish);
  if (published.some((p) => p === '')) return fail(`the DKIM key at ${name} is revoked (empty p=)`, publish);
  const matches = published.some((p) => {
    const key = Buffer.from(p, 'base64');
    return key.equals(ours.spki) || (key.length === 32 && key.equals(ours.spki.subarray(-32)));
  });
  if (!matches)
    return fail(
      `the key published at ${name} does not match DKIM_PRIVATE_KEY_FILE`,
      `${publish}, or set DKIM_PRIVATE_KEY_FILE to the key that belongs to the published one`,
    );
  return pass(`the key published at ${name} matches DKIM_PRIVATE_KEY_FILE`);
}

function publicKeyOf(pem: string): { spki: Buffer; record: string } {
  const key = createPublicKey(createPrivateKey(pem));
  const spki = key.export({ type: 'spki', format: 'der' });
  // Ed25519 records carry the raw 32-byte key (RFC 8463), RSA records the SubjectPublicKeyInfo.
  const ed25519 = key.asymmetricKeyType === 'ed25519';
  return { spki, record: `v=DKIM1; k=${ed25519 ? 'ed25519' : 'rsa'}; p=${(ed25519 ? spki.subarray(-32) : spki).toString('base64')}` };
}
