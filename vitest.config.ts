import { defineConfig } from 'vitest/config';

// Test files are type-checked by `npm run typecheck` (tsconfig.json includes them), which `npm test` runs first.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
