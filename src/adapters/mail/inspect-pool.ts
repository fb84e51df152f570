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
  /**
   * Inspected with no other message on its thread: a message handed over whole (it cannot be
   * sent again), and one whose shared thread hung or crashed (so the next failure is its own).
   */
  alone: boolean;
}

interface Slot {
  worker: Worker;
  /** The inspections this thread runs now, by task id, each with its time limit. */
  running: Map<number, { task: Task; timer: NodeJS.Timeout }>;
  /** Settles once the thread has loaded its modules, or has failed to. */
  loaded: Promise<void>;
}

/**
 * Inspections a thread runs at once. An inspection waits on its thread for DNS answers (asked
 * of the main thread's cache) and for its next message: with one at a time the thread sat idle
 * ~40% of a burst while messages queued for it. Interleaved, it keeps the core busy.
 */
export const INSPECTIONS_PER_THREAD = 4;
/** An inspection thread's young generation (MB): how much it allocates between two scavenges. */
export const INSPECT_YOUNG_GENERATION_MB = 16;

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
  /** Inspections a thread runs at once (INSPECTIONS_PER_THREAD by default). */
  perThread?: number;
  /** The thread's module (tests give one that hangs or crashes on cue); inspect-thread.ts by default. */
  thread?: URL;
}): InspectPool {
  const settings: ThreadSettings = { ...options.settings, dnsViaParent: Boolean(options.resolver) && !options.settings.dnsOff };
  const waiting: Task[] = [];
  const slots: Slot[] = [];
  /** How long close() lets running inspections finish before it stops their threads. */
  const CLOSE_GRACE_MS = Math.min(options.timeoutMs, 5_000);
  const perThread = Math.max(1, options.perThread ?? INSPECTIONS_PER_THREAD);
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, id: number, result: Inspection) => {
    const entry = slot.running.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    slot.running.delete(id);
    entry.task.resolve(result);
    pump();
  };

  const spawn = (): Slot => {
    const worker = new Worker(options.thread ?? THREAD, {
      workerData: settings,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512, maxYoungGenerationSizeMb: INSPECT_YOUNG_GENERATION_MB },
    });
    let loaded: () => void = () => {};
    const slot: Slot = { worker, running: new Map(), loaded: new Promise<void>((resolve) => (loaded = resolve)) };
    worker.once('error', () => loaded());
    worker.once('exit', () => loaded());
    slot.worker.on('message', (message: { id: number; result: Inspection } | { dns: { id: number; name: string; type: string } } | { ready: true }) => {
      if ('ready' in message) return loaded();
      if ('dns' in message) return answerDns(slot, message.dns);
      finish(slot, message.id, message.result);
    });
    // A crash (out of memory on a parser bomb, say) fails only the task it was running.
    slot.worker.on('error', () => replace(slot, 'parser_crashed'));
    slot.worker.on('exit', () => {
      if (!closed && slots.includes(slot)) replace(slot, 'parser_crashed');
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

  /**
   * A thread that hung or crashed is replaced. Alone on it, its message is the cause and is given
   * the reason; shared, the cause is unknown, so each of its messages is inspected again alone
   * (first in line): an innocent message is never quarantined for its neighbour.
   */
  const replace = (slot: Slot, reason: 'parse_timeout' | 'parser_crashed') => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    void slot.worker.terminate();
    if (!closed) slots.push(spawn());
    const tasks = [...slot.running.values()].map(({ task, timer }) => {
      clearTimeout(timer);
      return task;
    });
    slot.running.clear();
    if (tasks.length === 1 || closed) for (const task of tasks) task.resolve({ ok: false, reason });
    else waiting.unshift(...tasks.map((task) => Object.assign(task, { alone: true })));
    pump();
  };

  const send = (slot: Slot, task: Task) => {
    const timer = setTimeout(() => replace(slot, 'parse_timeout'), options.timeoutMs);
    slot.running.set(task.id, { task, timer });
    // A large message owns its memory: hand it over instead of copying it (small Buffers
    // share a pool, which must not be detached). It runs alone: it cannot be sent twice.
    const own = ownsItsMemory(task.raw);
    slot.worker.postMessage({ id: task.id, raw: task.raw, receivedAt: task.receivedAt }, own ? [task.raw.buffer as ArrayBuffer] : []);
  };

  const pump = () => {
    if (closed) return;
    for (const slot of slots) {
      while (waiting.length > 0) {
        const busy = [...slot.running.values()];
        if (busy.some(({ task }) => task.alone) || busy.length >= perThread) break;
        const next = waiting[0]!;
        if (next.alone && busy.length > 0) break;
        send(slot, waiting.shift()!);
      }
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
        waiting.push({ id: nextId++, raw, receivedAt: context.receivedAt?.getTime() ?? null, resolve, alone: ownsItsMemory(raw) });
        pump();
      });
    },
    async warmUp() {
      if (closed) return;
      if (!started) start();
      // The threads are unref'd (they never keep a process alive), except while they load: a
      // process with nothing else running yet must not exit while it waits for them.
      const loading = [...slots];
      for (const slot of loading) slot.worker.ref();
      // Bounded: a thread that neither loads nor fails is dealt with by its first message's time limit.
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([Promise.all(loading.map((slot) => slot.loaded)), new Promise<void>((done) => (timer = setTimeout(done, options.timeoutMs)))]);
      } finally {
        clearTimeout(timer);
        for (const slot of loading) slot.worker.unref();
      }
    },
    get threads() {
      return slots.length;
    },
    async close() {
      closed = true;
      // Inspections already running end first (bounded): a thread is stopped between messages,
      // not in the middle of one, so shutting down never depends on killing a busy thread.
      const running = slots.flatMap((slot) =>
        [...slot.running.values()].map(
          ({ task }) =>
            new Promise<void>((done) => {
              const resolve = task.resolve;
              task.resolve = (result) => {
                resolve(result);
                done();
              };
            }),
        ),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(running), new Promise<void>((done) => (timer = setTimeout(done, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}
