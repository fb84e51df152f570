#!/usr/bin/env node
// `npx recovery-desk`: runs the TypeScript CLI with Node's type stripping (Node >= 22.19),
// re-running itself under /opt/node24 when the node on PATH is older.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
if (major > 22 || (major === 22 && minor >= 19)) {
  await import(cli);
} else {
  const node24 = '/opt/node24/bin/node';
  if (!existsSync(node24)) {
    process.stderr.write(`recovery-desk needs Node.js >= 22.19 (this is ${process.version}): run 'bash scripts/setup.sh' first\n`);
    process.exit(1);
  }
  const result = spawnSync(node24, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
