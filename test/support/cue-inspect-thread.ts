// A stand-in for the inspection thread (inspect-thread.ts) that misbehaves on cue, to test what
// the pool does around a message that hangs or kills its thread: "HANG" in the bytes spins
// forever, "CRASH" ends the thread; any other message is answered after 150 ms (as if waiting
// on DNS), with its subject as the analysis kind, so a test sees which message got which answer,
// and in its verdict how many messages the thread held at most while this one waited
// (`alongside`, itself included): concurrency read from the thread, not from a clock.
// `cueLoadMs` in the thread's settings delays its "ready" as if loading modules took that long.
import { parentPort, workerData } from 'node:worker_threads';

const holding = new Set<{ alongside: number }>();

const start = () =>
  parentPort?.on('message', (task: { id: number; raw: Uint8Array } | { dnsAnswer: unknown }) => {
    if (!('id' in task)) return;
    const text = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength).toString('latin1');
    if (text.includes('HANG')) for (;;);
    if (text.includes('CRASH')) process.exit(1);
    const subject = /Subject: (.*)/.exec(text)?.[1] ?? '';
    const held = { alongside: 0 };
    holding.add(held);
    for (const other of holding) other.alongside = Math.max(other.alongside, holding.size);
    setTimeout(() => {
      holding.delete(held);
      parentPort?.postMessage({ id: task.id, result: { ok: true, message: { subject }, analysis: { kind: subject }, verdict: { alongside: held.alongside } } });
    }, 150);
  });

const loadMs = Number((workerData as { cueLoadMs?: number } | undefined)?.cueLoadMs ?? 0);
setTimeout(() => {
  start();
  parentPort?.postMessage({ ready: true });
}, loadMs);
