// Stop 27, on the real pipeline (PostgreSQL, Redis, the BullMQ worker, the SMTP sink): our MX's dmarc=pass resting
// on SPF alone costs the SPF record's look-ups and nothing else (no DKIM key, no DMARC record), counted at the
// offline zone the worker resolves through; a record that passes any server, or that cannot be read, still
// authenticates no one.
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const OUR_MX = 'mx.bpart.test';
const { running, victim, zone } = useRedTeam('stop27spf-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const reasonOf = (row: { auth: unknown }) => (row.auth as { reason: string }).reason;
const spfOnly = (email: string, d: string) =>
  rawMessage({
    top: [`Authentication-Results: ${OUR_MX}; dkim=none; spf=pass smtp.mailfrom=${email}; dmarc=pass (p=reject) header.from=${d}`],
    from: `Alice Martin <${email}>`,
    subject: 'Lost my phone',
    body: request('Alice Martin', 'Good Example SRL'),
  });

describe('our MX’s SPF-only pass', () => {
  test('a record naming the holder’s servers (through an include): authenticated after its SPF look-ups only', async () => {
    const v = await victim();
    zone.txt(v.domain, `v=spf1 ip4:203.0.113.25 include:_spf.${v.domain} -all`);
    zone.txt(`_spf.${v.domain}`, 'v=spf1 ip6:2001:db8::/32 ~all');
    const before = zone.queries.length;
    const row = await deliverOne(env, spfOnly(v.email, v.domain));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(reasonOf(row)).toBe('trusted_authserv_dmarc_pass');
    // Was (stop 26): the DMARC record and its organisational fallback, and the record once per probe address.
    expect(zone.queries.slice(before)).toEqual([`TXT ${v.domain}`, `TXT _spf.${v.domain}`]);
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('an include of a record that passes every address: spf_permits_any_ip, nothing sent', async () => {
    const v = await victim();
    zone.txt(v.domain, `v=spf1 ip4:203.0.113.25 include:lax.${v.domain} -all`);
    zone.txt(`lax.${v.domain}`, 'v=spf1 ip4:0.0.0.0/0 ip6:::/0 -all');
    const row = await deliverOne(env, spfOnly(v.email, v.domain));
    expect(row).toMatchObject({ kind: 'recovery_request', authenticated: false });
    expect(reasonOf(row)).toBe('spf_permits_any_ip');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('a record that cannot be read (SERVFAIL after the retries): not authenticated, dns_temporary_error', async () => {
    const v = await victim();
    zone.txt(v.domain, 'v=spf1 ip4:203.0.113.25 -all');
    zone.fail(v.domain, 'ESERVFAIL');
    const row = await deliverOne(env, spfOnly(v.email, v.domain));
    // Was (stop 26): the probes' temperror read as "passes no one", trusted_authserv_dmarc_pass.
    expect(row).toMatchObject({ kind: 'recovery_request', authenticated: false });
    expect(reasonOf(row)).toBe('dns_temporary_error');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });
});
