import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', arrow: 'src/arrow/index.ts' },
  format: ['esm', 'cjs'],
  // stripInternal drops @internal members (the Store constructor, grow) and with them every internal type they named.
  dts: { compilerOptions: { stripInternal: true } },
  clean: true,
  sourcemap: true,
  // The oldest engines with String.prototype.isWellFormed, the newest built-in slotted needs (utf8 fields);
  // every syntax the sources use is older, so esbuild lowers nothing for these.
  target: ['node20', 'chrome111', 'edge111', 'firefox119', 'safari16.4'],
});
