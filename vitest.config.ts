import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './test/browser/chromium.ts';

/** Cross-origin isolation, which browsers require before they expose SharedArrayBuffer. */
export const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The policy of the strict-CSP page: scripts from the page's own origin only, so no eval or `new Function`. */
export const strictCsp = "script-src 'self'";

/**
 * Serves test/browser/csp.html and its module worker csp-worker.ts with the strict CSP as a real response header
 * (a worker is governed by its own script's policy, not its page's).
 */
function cspPages(): Plugin {
  return {
    name: 'slotted-csp-pages',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url !== undefined && /\/test\/browser\/csp(\.html|-worker\.ts)$/.test(new URL(request.url, 'http://localhost').pathname)) {
          response.setHeader('Content-Security-Policy', strictCsp);
        }
        next();
      });
    },
  };
}

/** The test files that run in Chromium too: every unit, property, model and worker test that does not need Node. */
const browserTests = [
  'test/codegen.test.ts',
  'test/cursor.test.ts',
  'test/hostile-values.test.ts',
  'test/model.test.ts',
  'test/schema.test.ts',
  'test/shared.test.ts',
  'test/slots.test.ts',
  'test/snapshot.test.ts',
  'test/store.test.ts',
  'test/utf8.test.ts',
  'test/views.test.ts',
  'test/browser/**/*.browser.test.ts',
];

export default defineConfig({
  server: { headers: crossOriginIsolation },
  plugins: [cspPages()],
  test: {
    // Property tests are CPU-bound: seconds on an idle machine, several times that on a shared one.
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts'],
          typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // Examples import 'slotted' as users do; in the browser tests that is the sources, built or not.
          alias: { slotted: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
          include: browserTests,
          setupFiles: ['test/browser/setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: chromiumLaunchOptions(),
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
