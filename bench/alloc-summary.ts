// Summarises a sampling heap profile (bench/support/alloc-profile.ts): bytes allocated by
// package, by function, and by the innermost frame of our own code (src/) on the stack.
//   node bench/alloc-summary.ts var/bench/profiles/alloc-*.heapprofile [--top 20]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: Node[];
}

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '20' } }, allowPositionals: true });
const top = Number(values.top);
const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  for (const dir of ['/src/', '/bench/']) if (url.includes(dir)) return url.slice(url.indexOf(dir) + 1);
  return url || '(native)';
};
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: Node };
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byOurs = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
  const walk = (node: Node, stack: Node[]) => {
    const here = [...stack, node];
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize) {
      total += node.selfSize;
      add(byPackage, where(url), node.selfSize);
      add(byFunction, `${functionName || '(anonymous)'} ${where(url)}:${lineNumber}`, node.selfSize);
      const ours = [...here].reverse().find((n) => n.callFrame.url.includes('/src/'));
      add(
        byOurs,
        ours ? `${ours.callFrame.functionName || '(anonymous)'} ${where(ours.callFrame.url)}:${ours.callFrame.lineNumber}` : '(no frame of src/)',
        node.selfSize,
      );
    }
    for (const child of node.children ?? []) walk(child, here);
  };
  walk(profile.head, []);
  const show = (title: string, map: Map<string, number>) => {
    console.log(title);
    for (const [key, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${(bytes / 1048576).toFixed(1).padStart(7)} MB ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  console.log(`${file}: ${(total / 1048576).toFixed(1)} MB allocated (sampled)`);
  show('by package', byPackage);
  show('by function', byFunction);
  show('by the innermost frame of src/', byOurs);
}
