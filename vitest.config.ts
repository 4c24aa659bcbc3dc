import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // s3rver's list continuation tokens use a cipher OpenSSL 3 only offers through its legacy provider
    execArgv: ['--openssl-legacy-provider'],
  },
});
