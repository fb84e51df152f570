// Diagnosis: where the worker's RSS is, at each new high (+4 MB): the main thread's V8 heap, and /proc/self/smaps grouped
// (the node binary, glibc's main arena, its thread arenas, other anonymous memory: V8's heaps, mmapped blocks). Loaded
// with `node bench/run.ts --quick "--worker-node-options=--import=./bench/support/mem-probe.ts"`; writes a JSON series to
// MEM_PROBE_FILE (/tmp/mem-probe-PID.json by default). Bench diagnosis only, never in production.
import { readFileSync, writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
const out = process.env.MEM_PROBE_FILE ?? `/tmp/mem-probe-${process.pid}.json`;
let peak = 0;
let at: any = null;
const series: any[] = [];
function smaps() {
  const text = readFileSync('/proc/self/smaps', 'utf8');
  const cats: Record<string, number> = {};
  let name = '';
  let size = 0;
  const blocks = text.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
  const maps: { start: number; end: number; name: string; rss: number; perms: string }[] = [];
  for (const b of blocks) {
    const head = b.split('\n')[0]!;
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(head);
    if (!m) continue;
    const rss = Number(/\nRss:\s+(\d+)/.exec(b)?.[1] ?? 0);
    maps.push({ start: parseInt(m[1]!, 16), end: parseInt(m[2]!, 16), perms: m[3]!, name: m[4]!, rss });
  }
  // glibc arenas: 64 MB aligned regions (HEAP_MAX) of anonymous memory, rw then ---p
  const MB64 = 64 * 1024 * 1024;
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i]!;
    let cat: string;
    if (m.name === '[heap]') cat = 'malloc main arena [heap]';
    else if (m.name.startsWith('/')) cat = m.name.includes('node') && !m.name.endsWith('.so') ? 'node binary' : 'files';
    else if (m.name.startsWith('[')) cat = m.name;
    else if (
      m.start % MB64 === 0 &&
      m.perms.startsWith('rw') &&
      maps[i + 1] &&
      maps[i + 1]!.start === m.end &&
      maps[i + 1]!.perms === '---p' &&
      maps[i + 1]!.end - m.start === MB64
    )
      cat = 'malloc thread arenas';
    else cat = 'anon (V8 heaps, mmapped buffers)';
    cats[cat] = (cats[cat] ?? 0) + m.rss;
  }
  return Object.fromEntries(Object.entries(cats).map(([k, v]) => [k, Math.round(v / 1024)]));
}
setInterval(() => {
  const mu = process.memoryUsage();
  if (mu.rss > peak + 4 * 1024 * 1024) {
    peak = mu.rss;
    const h = getHeapStatistics();
    at = {
      rssMB: +(mu.rss / 1048576).toFixed(1),
      mainHeapTotal: +(mu.heapTotal / 1048576).toFixed(1),
      mainHeapUsed: +(mu.heapUsed / 1048576).toFixed(1),
      external: +(mu.external / 1048576).toFixed(1),
      arrayBuffers: +(mu.arrayBuffers / 1048576).toFixed(1),
      mainPhysical: +(h.total_physical_size / 1048576).toFixed(1),
      mallocedMB: +(h.malloced_memory / 1048576).toFixed(1),
      smapsMB: smaps(),
      t: Date.now(),
    };
    series.push(at);
    writeFileSync(out, JSON.stringify(series));
  }
}, 50).unref();
