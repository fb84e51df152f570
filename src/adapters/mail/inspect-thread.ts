// A worker thread of the inspect pool: parses, analyses and authenticates raw messages.
import { parentPort, workerData } from 'node:worker_threads';
import { authenticateSender } from '../auth/sender-auth.ts';
import { inspectRaw, type InspectContext, type OurMessageIds } from './inspect.ts';
import { parseMessage } from './parse.ts';
import { releaseNow } from './owned-bytes.ts';

export interface ThreadSettings {
  trustedAuthservIds: string[];
  trustedReceivedBy: string[];
  ourDomains: string[];
  dnsOff: boolean;
  /** Ask the pool's DNS cache (one per process, in the main thread) instead of node:dns here. */
  dnsViaParent?: boolean;
  maxAgeMs: number;
  supportAddresses: string[];
  /** COMPANY_NAMES: never read as the writer's organisation or name. */
  companyNames: string[];
  /** Recognises a reply to one of our mails (analyse.ts `ourThread`); without it, a ticket reference does. */
  ourMessageIds?: OurMessageIds;
}

const settings = workerData as ThreadSettings;
const noDns = async (name: string): Promise<never> => {
  throw Object.assign(new Error(`${name}: DNS is off`), { code: 'ENOTFOUND' });
};
// Lookups sent to the main thread's cache, answered by id.
const lookups = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextLookup = 1;
const viaParent = (name: string, type: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const id = nextLookup++;
    lookups.set(id, { resolve, reject });
    parentPort?.postMessage({ dns: { id, name, type } });
  });
const resolver = settings.dnsOff ? noDns : settings.dnsViaParent ? viaParent : null;
const authenticate = (raw: Buffer, context: InspectContext = {}) =>
  authenticateSender(raw, {
    trustedAuthservIds: settings.trustedAuthservIds,
    trustedReceivedBy: settings.trustedReceivedBy,
    ourDomains: settings.ourDomains,
    maxAgeMs: settings.maxAgeMs,
    supportAddresses: settings.supportAddresses,
    ...(context.receivedAt ? { receivedAt: context.receivedAt } : {}),
    ...(resolver ? { resolver } : {}),
  });

export interface DnsAnswer {
  id: number;
  value?: unknown;
  error?: { code: string; message: string };
}

parentPort?.on('message', async (task: { id: number; raw: Uint8Array; receivedAt: number | null } | { dnsAnswer: DnsAnswer }) => {
  if ('dnsAnswer' in task) {
    const { id, value, error } = task.dnsAnswer;
    const waiting = lookups.get(id);
    lookups.delete(id);
    if (error) waiting?.reject(Object.assign(new Error(error.message), { code: error.code }));
    else waiting?.resolve(value);
    return;
  }
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  const result = await inspectRaw(raw, parseMessage, authenticate, task.receivedAt === null ? {} : { receivedAt: new Date(task.receivedAt) }, {
    companyNames: settings.companyNames,
    onlyActedOn: true,
    ...(settings.ourMessageIds ? { ourMessageIds: settings.ourMessageIds } : {}),
  });
  parentPort?.postMessage({ id: task.id, result });
  // The result is cloned and sent: the message's bytes are not needed any more in this thread.
  releaseNow(raw);
});
// Its modules are loaded (this line runs after every import above): the pool's warm-up waits for it.
parentPort?.postMessage({ ready: true });
