import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'rules/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // tests never read or fill the user's result cache (tests of the cache pass their own directory)
    env: { MMREVIEW_CACHE: 'off' },
  },
});
