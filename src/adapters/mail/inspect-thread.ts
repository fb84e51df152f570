// A worker thread of the inspect pool: parses, analyses and authenticates raw messages.
import { parentPort, workerData } from 'node:worker_threads';
import { authenticateSender } from '../auth/sender-auth.ts';
import { inspectRaw, type InspectContext } from './inspect.ts';
import { parseMessage } from './parse.ts';

export interface ThreadSettings {
  trustedAuthservIds: string[];
  trustedReceivedBy: string[];
  ourDomains: string[];
  dnsOff: boolean;
  maxAgeMs: number;
  supportAddresses: string[];
  /** COMPANY_NAMES: never read as the writer's organisation or name. */
  companyNames: string[];
}

const settings = workerData as ThreadSettings;
const noDns = async (name: string): Promise<never> => {
  throw Object.assign(new Error(`${name}: DNS is off`), { code: 'ENOTFOUND' });
};
const authenticate = (raw: Buffer, context: InspectContext = {}) =>
  authenticateSender(raw, {
    trustedAuthservIds: settings.trustedAuthservIds,
    trustedReceivedBy: settings.trustedReceivedBy,
    ourDomains: settings.ourDomains,
    maxAgeMs: settings.maxAgeMs,
    supportAddresses: settings.supportAddresses,
    ...(context.receivedAt ? { receivedAt: context.receivedAt } : {}),
    ...(settings.dnsOff ? { resolver: noDns } : {}),
  });

parentPort?.on('message', async (task: { id: number; raw: Uint8Array; receivedAt: number | null }) => {
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  const result = await inspectRaw(raw, parseMessage, authenticate, task.receivedAt === null ? {} : { receivedAt: new Date(task.receivedAt) }, {
    companyNames: settings.companyNames,
  });
  parentPort?.postMessage({ id: task.id, result });
});
