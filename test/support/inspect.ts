// Inspection-thread settings for tests that run the real pool offline: no DNS, our own test
// domain, one day's freshness, the test support address.
import type { ThreadSettings } from '../../src/adapters/mail/inspect-thread.ts';

export const offlineInspectSettings: ThreadSettings = {
  trustedAuthservIds: [],
  trustedReceivedBy: [],
  ourDomains: ['bpart.test'],
  dnsOff: true,
  maxAgeMs: 86_400_000,
  supportAddresses: ['support@bpart.test'],
  companyNames: [],
};
