/**
 * `npm run bench`: memory, sequential loops, a game-like tick, creation, random access, churn, snapshots, garbage
 * and the shared-memory example, against plain objects, class instances, Maps and bare typed arrays.
 * `npm run bench -- --help` lists the options and scenarios; `--browser` runs the loops in Chromium instead.
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { bundle } from './bundle';
import type { ChildJob } from './child';
import type { RoundJobOutput } from './round';
import { helpText, type Options, parseArguments, UsageError } from './cli';
import { availableGarbagePaths, type GarbageResult } from './garbage';
import { type MemoryResult, memoryCompetitors } from './memory';
import { type ParallelResult, parallelParticles } from './parallel';
import { garbageTable, memoryTable, parallelSentence } from './report';
import { assemble, finish, machine, progress, runScenarios } from './run';
import { planFor, scenarios, sizesFor } from './scenarios';

let options: Options;
try {
  options = parseArguments(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`npm run bench: ${error.message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(helpText());
  process.exit(0);
}

const wanted = (name: string): boolean => options.only.length === 0 || options.only.includes(name);

if (options.browser) {
  const { runBrowser } = await import('./browser');
  process.exit(await runBrowser(options));
}

const loadBefore = loadavg();
const date = new Date().toISOString();
const sizes = sizesFor(options.mode);
const rounds = options.rounds ?? planFor(options.mode).rounds;
const timed = scenarios(options.mode).filter((scenario) => wanted(scenario.name));
const step = { done: 0, total: timed.length + (wanted('memory') ? 1 : 0) + (wanted('garbage') ? 1 : 0) + (wanted('parallel') ? 1 : 0) };

progress(`bundling the benchmark for child processes (esbuild)`);
const child = await bundle('./child.ts', 'child.mjs', 'node');

/** Runs one job in a fresh Node process and returns what it printed last. */
function inChild<T>(job: ChildJob, flags: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', ...flags, child, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 2 ** 26 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`child process for ${JSON.stringify(job)} failed:\n${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as T);
    });
  });
}

let exitCode = 1;
try {
  let memory: MemoryResult[] | undefined;
  if (wanted('memory')) {
    step.done++;
    memory = [];
    for (const competitor of memoryCompetitors) {
      progress(`memory: ${competitor} (scenario ${step.done} of ${step.total}: ${sizes.seed.toLocaleString('en-US')} records, each layout in a fresh process)`);
      memory.push(await inChild<MemoryResult>({ kind: 'memory', competitor, records: sizes.seed }));
    }
  }
  const { results: timedResults, snapshotSizes } = await runScenarios(
    timed,
    rounds,
    (scenario, round) => inChild<RoundJobOutput>({ kind: 'round', scenario: scenario.name, round, mode: options.mode }, scenario.v8Flags),
    step,
  );
  let garbage: GarbageResult[] | undefined;
  if (wanted('garbage')) {
    step.done++;
    garbage = [];
    for (const path of availableGarbagePaths()) {
      progress(`garbage: ${path} (scenario ${step.done} of ${step.total}: ${sizes.garbagePasses} passes over ${sizes.garbageRecords.toLocaleString('en-US')} records)`);
      garbage.push(await inChild<GarbageResult>({ kind: 'garbage', path, passes: sizes.garbagePasses, records: sizes.garbageRecords }));
    }
  }
  let parallel: ParallelResult | undefined;
  if (wanted('parallel')) {
    step.done++;
    progress(`parallel: two workers against one thread (scenario ${step.done} of ${step.total})`);
    parallel = await parallelParticles(sizes.large, sizes.parallelSteps, options.mode === 'quick' ? 1 : options.mode === 'full' ? 7 : 3);
  }
  const results = assemble(options, {
    engine: { name: 'Node', version: process.version, v8: process.versions.v8 },
    machine: machine(loadBefore),
    date,
    scenarios: timedResults,
    ...(memory === undefined ? {} : { memory }),
    ...(garbage === undefined ? {} : { garbage }),
    ...(parallel === undefined ? {} : { parallel }),
    ...(snapshotSizes === undefined ? {} : { snapshotSizes }),
  });
  exitCode = finish(results, options, (done) => [
    ...(done.memory === undefined ? [] : [memoryTable(done.memory)]),
    ...(done.garbage === undefined ? [] : [garbageTable(done.garbage)]),
    ...(done.parallel === undefined ? [] : [`### Shared memory: two workers against one thread\n\n${parallelSentence(done.parallel)}\n`]),
  ]);
} catch (error) {
  process.stderr.write(`\nnpm run bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  exitCode = 1;
}
process.exit(exitCode);
