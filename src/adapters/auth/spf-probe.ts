// What an SPF record says of addresses nobody sends mail from (stop 26). A record that passes one of them —
// `v=spf1 +all`, `ip4:0.0.0.0/0`, or an include or redirect to such a record — passes any server, so an SPF
// pass under it says nothing of who sent the message: Eve's own server passes as the holder's. The probe is
// SPF alone (mailauth's check_host), through the caller's resolver (its retries, the worker's cache, and
// SENDER_AUTH_DNS=off's resolver that answers nothing): no DKIM key, no DMARC record, no body is read here.
import { spf as checkSpf } from 'mailauth';
import type { DnsResolver } from './sender-auth.ts';

// Addresses no one sends mail from (0.0.0.0/8 "this network", 240.0.0.0/4 reserved, 100::/64
// discard-only, RFC 6890 / 6666): a record that passes one of them passes anyone.
const NOBODY = ['0.255.255.254', '240.0.0.1', '100::1'];
const MTA = 'recovery-desk';

export interface AnyIpProbe {
  /** The record (or one it includes or redirects to) passes an address nobody sends from. */
  permitsAnyIp: boolean;
  /** A lookup failed for a while (temperror after the resolver's retries): the record could not be read. */
  temporary: boolean;
  /** check_host's result for the last address probed: `none` (no record), `fail`, `softfail`, `neutral`, … */
  result: string;
  /** The domain whose record was read. */
  domain: string;
}

/**
 * Whether the SPF record of `identity` (MAIL FROM, else the HELO name, as check_host takes them) passes any
 * address. The three probes share their lookups (one query per name and type for all of them, whatever cache
 * the resolver has); they stop at the first pass, temperror or `none` (no record: no address can pass).
 */
export async function probeAnyIp(identity: { mailFrom?: string | undefined; helo?: string | undefined }, resolver: DnsResolver): Promise<AnyIpProbe> {
  const shared = sharedLookups(resolver);
  let last = { result: 'none', domain: '' };
  for (const ip of NOBODY) {
    const probe = await checkSpf({ sender: identity.mailFrom || undefined, ip, helo: identity.helo, mta: MTA, resolver: shared });
    last = { result: probe.status.result, domain: probe.domain ?? '' };
    if (last.result === 'pass') return { permitsAnyIp: true, temporary: false, ...last };
    if (last.result === 'temperror') return { permitsAnyIp: false, temporary: true, ...last };
    if (last.result === 'none') break;
  }
  return { permitsAnyIp: false, temporary: false, ...last };
}

/** One lookup per name and type for the probes together; each caller gets its own copy of the answer. */
function sharedLookups(resolver: DnsResolver): DnsResolver {
  const asked = new Map<string, Promise<unknown>>();
  return async (name, type) => {
    const key = `${type} ${String(name).toLowerCase().replace(/\.$/, '')}`;
    let answer = asked.get(key);
    if (!answer) {
      answer = resolver(name, type);
      asked.set(key, answer);
    }
    return structuredClone(await answer);
  };
}
