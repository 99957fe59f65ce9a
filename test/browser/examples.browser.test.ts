/**
 * The README's browser example (examples/browser-workers: a page and a module worker on a shared store), run in
 * Chromium as written. `slotted` resolves to the sources here (the browser project's alias).
 */
import { expect, it, vi } from 'vitest';

it('examples/browser-workers runs in a page and prints what the README says', async () => {
  const logged: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });
  try {
    // By URL, so that tsc does not compile the example here: the examples' own project does, as a consumer's.
    await import(/* @vite-ignore */ new URL('../../examples/browser-workers/main.ts', import.meta.url).href);
  } finally {
    log.mockRestore();
  }
  expect(logged).toEqual([[0.5, -0.5]]);
});
