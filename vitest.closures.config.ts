/**
 * The whole Node test suite again, with every struct built by the closures fallback (src/codegen/closures.ts)
 * that engines refusing `new Function` (a strict Content-Security-Policy) get: `npx vitest run -c
 * vitest.closures.config.ts`. SLOTTED_CODEGEN reaches the worker threads and child processes tests start too;
 * test/closures.test.ts checks, in this run, that structs really are built from closures.
 */
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/**/*.browser.test.ts'],
    env: { SLOTTED_CODEGEN: 'closures' },
    // Property tests are CPU-bound: seconds on an idle machine, several times that on a shared one (as vitest.config.ts).
    testTimeout: 60_000,
  },
});
