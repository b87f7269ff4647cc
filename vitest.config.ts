import { defineConfig, mergeConfig } from 'vitest/config';
import shared from './vitest.shared.js';

// Root config: lets `npx vitest run packages/<pkg>/test/<file>` run any single test file.
export default mergeConfig(shared, defineConfig({ test: { include: ['packages/*/test/**/*.test.ts'] } }));
