// DNS for sender authentication (DKIM, SPF, DMARC are TXT lookups): the resolver answers. A
// name without a TXT record is an answer too; a timeout or a refused query is not.
import dns from 'node:dns';
import { fail, pass, type Outcome } from '../../../core/doctor.ts';
import type { DnsResolver } from '../../auth/sender-auth.ts';

export const systemResolver: DnsResolver = (name, type) => dns.promises.resolve(name, type as 'TXT');

const NO_SUCH_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

export async function checkDns(domain: string, resolver: DnsResolver = systemResolver): Promise<Outcome> {
  try {
    const records = (await resolver(domain, 'TXT')) as string[][];
    return pass(`the resolver answers (${records.length} TXT record(s) at ${domain})`);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (NO_SUCH_RECORD.has(code)) return pass(`the resolver answers (no TXT record at ${domain})`);
    return fail(
      `TXT lookup of ${domain} failed: ${code || (error as Error).message}`,
      "check /etc/resolv.conf and that this host may query DNS (UDP and TCP port 53); SENDER_AUTH_DNS=off trusts only your MX's Authentication-Results",
    );
  }
}

/** A TXT answer (records of string chunks) as whole records. */
export function txtRecords(answer: unknown): string[] {
  if (!Array.isArray(answer)) return [];
  return answer.map((record) => (Array.isArray(record) ? record.join('') : String(record)));
}
