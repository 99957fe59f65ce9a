/**
 * The whole Node test suite again, with every struct built by the closures fallback (src/codegen/closures.ts)
 * that engines refusing `new Function` (a strict Content-Security-Policy) get: `npx vitest run -c
 * vitest.closures.config.ts`. SLOTTED_CODEGEN reaches the worker threads and child processes tests start too.
 */
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/**/*.browser.test.ts'],
    env: { SLOTTED_CODEGEN: 'closures' },
    setupFiles: ['test/setup/closures.ts'],
    // The model-based property test takes several seconds on this 2-core machine when other work shares it; a
    // timeout here is a hang detector, not a speed check.
    testTimeout: 30_000,
  },
});
