import { expect, it } from 'vitest';

// The browser project serves its pages with COOP/COEP (vitest.config.ts); without them the shared-store and
// worker tests would all fail on a missing SharedArrayBuffer rather than on anything of slotted's.
it('runs in a cross-origin isolated page, where SharedArrayBuffer exists', () => {
  expect(globalThis.crossOriginIsolated).toBe(true);
  expect(typeof SharedArrayBuffer).toBe('function');
});
