/**
 * Bundling the benchmark code with esbuild (installed as tsup's dependency): once for Node child processes, once
 * for the Chromium page. Bundles go to bench/results/.build/, which is not tracked.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Where bundles are written. */
export const buildDirectory = here('./results/.build/');

/** Bundles `entry` (relative to bench/) to `name` in {@link buildDirectory} and returns the bundle's path. */
export async function bundle(entry: string, name: string, platform: 'node' | 'browser'): Promise<string> {
  const outfile = `${buildDirectory}${name}`;
  await build({
    entryPoints: [here(entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform,
    // Code as tsc would emit it for the tsconfig's target, not minified, no name-keeping wrappers in hot code.
    target: platform === 'node' ? 'node20' : 'es2022',
    minify: false,
    keepNames: false,
    logLevel: 'error',
  });
  return outfile;
}
