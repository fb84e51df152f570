import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each test file runs in a process of its own, at most two at once (the machines have 2 cores).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Time for the global teardown to drop the run's databases and stop leftover Dovecots.
    teardownTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Tests run on development keys (SPEC §6 rule 17); a CLI child given process.env inherits it.
    env: { RECOVERY_DESK_ENV: 'development' },
  },
});
