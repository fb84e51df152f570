// Summarises a V8 CPU profile (`npm run bench -- --cpu-prof` writes the worker's into
// var/bench/profiles/): self time by function and by package/file, heaviest first.
//   node bench/profile.ts var/bench/profiles/CPU.*.cpuprofile [--top 30] [--from S --to S]
// --from/--to keep the samples between S seconds after the profile's start (the burst, say: the
// busy seconds are printed at the end).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  options: {
    top: { type: 'string', default: '30' },
    stacks: { type: 'string', default: '8' },
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: 'Infinity' },
  },
  allowPositionals: true,
});
const top = Number(values.top);
const stacks = Number(values.stacks);
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const [from, to] = [Number(values.from) * 1e6, Number(values.to) * 1e6];
  const busy: number[] = [];
  let at = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    const second = Math.floor(at / 1e6);
    if (byId.get(id)?.callFrame.functionName !== '(idle)') busy[second] = (busy[second] ?? 0) + us;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + us);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const where = (url: string) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    if (url.includes('/src/')) return url.slice(url.indexOf('/src/') + 1);
    if (url.startsWith('node:')) return url;
    return url ? url.split('/').slice(-2).join('/') : '(native/vm)';
  };
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = where(url);
    const fn = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const print = (title: string, map: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
    }
  };
  // The heaviest call paths into the functions with the most self time (idle and GC aside).
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  const paths = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    if (['(idle)', '(garbage collector)', '(program)'].includes(node.callFrame.functionName)) continue;
    const frames: string[] = [];
    for (let at: number | undefined = id; at !== undefined && frames.length < 9; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (n.callFrame.functionName === '(root)') break;
      frames.push(label(n));
    }
    const key = frames.join('\n        <- ');
    paths.set(key, (paths.get(key) ?? 0) + us);
  }
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled (wall ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)\n`);
  print('self time by package / file', byPlace);
  print('self time by function', byFunction);
  process.stdout.write(`\nheaviest call paths (self time at the first frame)\n`);
  for (const [path, us] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, stacks)) {
    process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${path}\n`);
  }
  process.stdout.write(`\nbusy ms in each second of the profile: ${Array.from(busy, (us, s) => `${s}:${((us ?? 0) / 1000).toFixed(0)}`).join(' ')}\n`);
}
