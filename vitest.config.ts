import { defineConfig } from 'vitest/config';

// Integration and end-to-end tests start real servers (nats-server, Janus, kamailio, baresip,
// Chromium); they get generous timeouts and run one file at a time on the 2-core machines.
export default defineConfig({
  test: {
    // Each widget's own tests sit beside it, so a new widget's are found with no edit here.
    include: ['tests/**/*.test.ts', 'remotes/*/tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The run's lab CA, shared by every test file's servers, browser and clients.
    globalSetup: ['tests/support/lab-tls-setup.ts'],
    // A failed test prints what the pages it opened logged.
    setupFiles: ['tests/support/print-page-logs.ts'],
    // A page waits on real servers; on a loaded 2-core machine a second is not always enough.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    reporters: ['default'],
  },
});
