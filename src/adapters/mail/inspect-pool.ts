// A pool of worker threads for the CPU-heavy stage, so a worker process uses every core, and
// a message that hangs or blows up the parser is stopped (the thread is replaced), not waited on.
import { Worker } from 'node:worker_threads';
import type { InspectContext, Inspection } from './inspect.ts';
import type { DnsResolver } from '../auth/sender-auth.ts';
import type { DnsAnswer, ThreadSettings } from './inspect-thread.ts';
import { ownsItsMemory } from './owned-bytes.ts';

interface Task {
  id: number;
  raw: Buffer;
  receivedAt: number | null;
  resolve: (result: Inspection) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** Settles once the thread has loaded its modules, or has failed to. */
  loaded: Promise<void>;
}

export interface InspectPool {
  inspect(raw: Buffer, context?: InspectContext): Promise<Inspection>;
  /**
   * Starts the threads now and resolves once each has loaded its modules (or failed to): a
   * worker calls it before taking jobs, so its first messages do not wait behind ~1 s of
   * module loading per thread, and that start-up is not paid inside the first burst.
   */
  warmUp(): Promise<void>;
  /** How many threads run now (none until the first inspection or warm-up). */
  readonly threads: number;
  close(): Promise<void>;
}

const THREAD = new URL('./inspect-thread.ts', import.meta.url);

export function createInspectPool(options: {
  size: number;
  timeoutMs: number;
  settings: ThreadSettings;
  maxHeapMb?: number;
  /** The threads' DNS: one resolver (a cache) in this thread answers them all. */
  resolver?: DnsResolver;
}): InspectPool {
  const settings: ThreadSettings = { ...options.settings, dnsViaParent: Boolean(options.resolver) && !options.settings.dnsOff };
  const waiting: Task[] = [];
  const slots: Slot[] = [];
  /** How long close() lets running inspections finish before it stops their threads. */
  const CLOSE_GRACE_MS = Math.min(options.timeoutMs, 5_000);
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, result: Inspection) => {
    if (slot.timer) clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    slot.timer = null;
    task?.resolve(result);
    pump();
  };

  const spawn = (): Slot => {
    const worker = new Worker(THREAD, {
      workerData: settings,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512, maxYoungGenerationSizeMb: 16 },
    });
    let loaded: () => void = () => {};
    const slot: Slot = { worker, task: null, timer: null, loaded: new Promise<void>((resolve) => (loaded = resolve)) };
    worker.once('error', () => loaded());
    worker.once('exit', () => loaded());
    slot.worker.on('message', (message: { id: number; result: Inspection } | { dns: { id: number; name: string; type: string } } | { ready: true }) => {
      if ('ready' in message) return loaded();
      if ('dns' in message) return answerDns(slot, message.dns);
      if (slot.task?.id === message.id) finish(slot, message.result);
    });
    // A crash (out of memory on a parser bomb, say) fails only the task it was running.
    slot.worker.on('error', () => replace(slot, { ok: false, reason: 'parser_crashed' }));
    slot.worker.on('exit', () => {
      if (!closed && slots.includes(slot)) replace(slot, { ok: false, reason: 'parser_crashed' });
    });
    slot.worker.unref();
    return slot;
  };

  const answerDns = (slot: Slot, { id, name, type }: { id: number; name: string; type: string }) => {
    const reply = (answer: DnsAnswer) => {
      if (slots.includes(slot)) slot.worker.postMessage({ dnsAnswer: answer });
    };
    options.resolver!(name, type).then(
      (value: unknown) => reply({ id, value }),
      (error: { code?: unknown; message?: unknown }) =>
        reply({ id, error: { code: typeof error?.code === 'string' ? error.code : 'ESERVFAIL', message: String(error?.message ?? error) } }),
    );
  };

  const replace = (slot: Slot, result: Inspection) => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    void slot.worker.terminate();
    if (!closed) slots.push(spawn());
    finish(slot, result);
  };

  const pump = () => {
    if (closed) return;
    for (const slot of slots) {
      if (slot.task || waiting.length === 0) continue;
      const task = waiting.shift()!;
      slot.task = task;
      slot.timer = setTimeout(() => replace(slot, { ok: false, reason: 'parse_timeout' }), options.timeoutMs);
      // A large message owns its memory: hand it over instead of copying it (small Buffers
      // share a pool, which must not be detached).
      const own = ownsItsMemory(task.raw);
      slot.worker.postMessage({ id: task.id, raw: task.raw, receivedAt: task.receivedAt }, own ? [task.raw.buffer as ArrayBuffer] : []);
    }
  };

  // Threads start with the first message to inspect: a command that reads no mail
  // (`tickets list`, `agents create`…) builds the app but never starts one.
  let started = false;
  const start = () => {
    started = true;
    for (let i = 0; i < Math.max(1, options.size); i++) slots.push(spawn());
  };

  return {
    inspect(raw, context = {}) {
      if (closed) return Promise.reject(new Error('inspect pool closed'));
      if (!started) start();
      return new Promise<Inspection>((resolve) => {
        waiting.push({ id: nextId++, raw, receivedAt: context.receivedAt?.getTime() ?? null, resolve });
        pump();
      });
    },
    async warmUp() {
      if (closed) return;
      if (!started) start();
      await Promise.all(slots.map((slot) => slot.loaded));
    },
    get threads() {
      return slots.length;
    },
    async close() {
      closed = true;
      // Inspections already running end first (bounded): a thread is stopped between messages,
      // not in the middle of one, so shutting down never depends on killing a busy thread.
      const running = slots.flatMap((slot) => {
        const task = slot.task;
        if (!task) return [];
        return [
          new Promise<void>((done) => {
            const resolve = task.resolve;
            task.resolve = (result) => {
              resolve(result);
              done();
            };
          }),
        ];
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(running), new Promise<void>((done) => (timer = setTimeout(done, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}
