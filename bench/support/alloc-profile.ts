// What the worker's main thread allocates during the burst, by call stack: V8's sampling heap
// profiler, objects collected by either GC included (so it is allocation, not what stays), started
// at the bench's first SIGUSR2 (the probe's reading before the burst) and stopped at its second
// (after it). Bench only:
//   npm run bench -- --quick "--worker-node-options=--max-semi-space-size=8 --max-old-space-size=192 --import=./bench/support/alloc-profile.ts"
//   node bench/alloc-summary.ts var/bench/profiles/alloc-*.heapprofile
import { Session } from 'node:inspector';
import { isMainThread } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

if (isMainThread) {
  const session = new Session();
  session.connect();
  let signals = 0;
  process.on('SIGUSR2', () => {
    signals += 1;
    if (signals === 1) {
      session.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    } else if (signals === 2) {
      session.post('HeapProfiler.stopSampling', (error, answer) => {
        if (error) return;
        const dir = join(process.cwd(), 'var', 'bench', 'profiles');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(answer.profile));
      });
    }
  });
}
