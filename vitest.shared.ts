import { defineConfig, mergeConfig } from 'vitest/config';

// Tests run against the TypeScript sources (the "@tspy/source" export condition),
// so a change is testable without a build.
const conditions = ['@tspy/source', 'import', 'module', 'node', 'default'];

const shared = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    pool: 'forks',
    // CPython parses 199 nested brackets; cold (unoptimized) parser frames need a little
    // more than Node's default ~1 MB main-thread stack for that. The forked workers' main
    // thread has the OS's 8 MB, so a 3 MB V8 stack is safe. (tspyc runs its work in a
    // worker thread with a 64 MB stack for the same reason.)
    execArgv: ['--stack-size=3000'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});

export default shared;

/** A package's config: its `test/` files, and a JSON report for the suite's summary line. */
export function packageConfig() {
  return mergeConfig(
    shared,
    defineConfig({
      test: {
        include: ['test/**/*.test.ts'],
        reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
      },
    }),
  );
}
