/**
 * The entry of every child process of `npm run bench`: runs one job (a round of a scenario, one competitor's
 * memory, or one path's garbage) and prints its result as one JSON line on stdout.
 *
 * `bench/index.ts` bundles this file with esbuild and starts it as `node --expose-gc child.mjs '<job JSON>'`
 * (a bundle starts in ~0.16 s here, through tsx ~0.57 s, and a default run starts about fifty processes).
 */
import { type GarbagePath, measureGarbageHere } from './garbage';
import { type MemoryCompetitor, measureHere } from './memory';
import { runScenarioRound } from './round';
import type { Mode } from './scenarios';

/** A job for a child process. */
export type ChildJob =
  | { readonly kind: 'round'; readonly scenario: string; readonly round: number; readonly mode: Mode }
  | { readonly kind: 'memory'; readonly competitor: MemoryCompetitor; readonly records: number }
  | { readonly kind: 'garbage'; readonly path: GarbagePath; readonly passes: number; readonly records: number };

async function run(job: ChildJob): Promise<unknown> {
  switch (job.kind) {
    case 'round':
      return runScenarioRound(job.scenario, job.round, job.mode);
    case 'memory':
      return measureHere(job.competitor, job.records);
    case 'garbage':
      return measureGarbageHere(job.path, job.passes, job.records);
  }
}

const argument = process.argv[2];
if (argument !== undefined) console.log(JSON.stringify(await run(JSON.parse(argument) as ChildJob)));
