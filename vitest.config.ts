import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources (the "@tspy/source" export condition),
// so a change is testable without a build.
export default defineConfig({
  resolve: { conditions: ['@tspy/source', 'import', 'module', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@tspy/source', 'import', 'module', 'node', 'default'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
