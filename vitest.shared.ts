import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources (the "@tspy/source" export condition),
// so a change is testable without a build.
const conditions = ['@tspy/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
