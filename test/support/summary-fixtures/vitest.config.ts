// Only for test/unit/summary-reporter.test.ts, which runs vitest on these fixtures in a child
// process. The files end in .fixture.ts so the project's own run (test/**/*.test.ts) never
// picks them up; some of them fail on purpose.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  test: {
    root: here,
    include: ['*.fixture.ts'],
    pool: 'forks',
    maxWorkers: 1,
    reporters: [fileURLToPath(new URL('../summary-reporter.ts', import.meta.url))],
  },
});
