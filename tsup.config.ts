import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // The oldest engines with String.prototype.isWellFormed, the newest built-in slotted needs (utf8 fields);
  // every syntax the sources use is older, so esbuild lowers nothing for these.
  target: ['node20', 'chrome111', 'edge111', 'firefox119', 'safari16.4'],
});
