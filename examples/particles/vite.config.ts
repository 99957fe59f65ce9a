/**
 * Serves the particle demo (`npm run demo`) on 127.0.0.1 with the headers that make the page cross-origin
 * isolated, which browsers require before they provide SharedArrayBuffer to it and its workers.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  server: {
    host: '127.0.0.1',
    port: 5173,
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
    // The demo imports the library's sources from ../../src.
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
  },
  worker: { format: 'es' },
});
