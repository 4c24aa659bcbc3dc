import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // s3rver's list continuation tokens use a cipher OpenSSL 3 only offers through its legacy provider
    execArgv: ['--openssl-legacy-provider'],
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'] } },
      {
        extends: true,
        // one local cloud and one Chromium shared by every browser test file
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          hookTimeout: 180_000,
          // pages sign in through redirects and wait on workflows: a page has seconds, not vitest's default second
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
