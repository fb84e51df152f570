// A stand-in for the inspection thread (inspect-thread.ts) that misbehaves on cue, to test what
// the pool does around a message that hangs or kills its thread: "HANG" in the bytes spins
// forever, "CRASH" ends the thread; any other message is answered after 150 ms (as if waiting
// on DNS), with its subject as the analysis kind, so a test sees which message got which answer.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (task: { id: number; raw: Uint8Array } | { dnsAnswer: unknown }) => {
  if (!('id' in task)) return;
  const text = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength).toString('latin1');
  if (text.includes('HANG')) for (;;);
  if (text.includes('CRASH')) process.exit(1);
  const subject = /Subject: (.*)/.exec(text)?.[1] ?? '';
  setTimeout(() => parentPort?.postMessage({ id: task.id, result: { ok: true, message: { subject }, analysis: { kind: subject }, verdict: {} } }), 150);
});
parentPort?.postMessage({ ready: true });
