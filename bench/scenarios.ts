/**
 * The timed scenarios, each run in a fresh process by `bench/index.ts`: V8 shares hidden classes and their field
 * representations across a whole program, so one scenario's plain objects could otherwise slow another's (the
 * update loop over plain objects measured 4.4 ms alone and 20 ms after the other suites had run).
 *
 * Run one round alone: `node --expose-gc --import tsx bench/scenarios.ts <scenario> <round> [--quick]` prints its
 * numbers as JSON.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { churnTasks, creationTasks, randomAccessTasks } from './access';
import { particleTasks, sumTasks, updateTasks } from './sequential';
import { snapshotTasks, type SnapshotSizes } from './snapshot';
import { type BenchTask, type RoundStats, runRound, sink, summarize, type SuiteSummary } from './suite';

export const sizesFor = (quick: boolean) =>
  quick
    ? { large: 20_000, small: 4_096, seed: 16_384, reads: 20_000, churn: 10_000, garbagePasses: 50, garbageRecords: 10_000, parallelSteps: 2 }
    : { large: 1_000_000, small: 65_536, seed: 262_144, reads: 1_000_000, churn: 100_000, garbagePasses: 1_000, garbageRecords: 100_000, parallelSteps: 20 };

const count = (n: number): string => n.toLocaleString('en-US');

interface Scenario {
  readonly title: string;
  readonly tasks: () => BenchTask[];
  readonly baseline?: string;
  readonly floor?: string;
}

function scenarios(quick: boolean): Record<string, Scenario & { sizes?: () => SnapshotSizes }> {
  const sizes = sizesFor(quick);
  const snapshot = () => snapshotTasks(sizes.large);
  const all: Record<string, Scenario & { sizes?: () => SnapshotSizes }> = {};
  for (const [label, records] of [['large', sizes.large], ['small', sizes.small]] as const) {
    all[`sum ${label}`] = { title: `Sum of one u32 field, ${count(records)} records`, tasks: () => sumTasks(records) };
    all[`update ${label}`] = { title: `Update b = (b + a) >>> 0, ${count(records)} records`, tasks: () => updateTasks(records) };
    all[`particle ${label}`] = { title: `Particle step over { x, y, vx, vy: f32 }, ${count(records)} records`, tasks: () => particleTasks(records) };
  }
  all.creation = { title: `Creation: add ${count(sizes.seed)} records from scratch`, tasks: () => creationTasks(sizes.seed) };
  all.random = { title: `Random access: ${count(sizes.reads)} reads by random handle over ${count(sizes.large)} records`, tasks: () => randomAccessTasks(sizes.large, sizes.reads) };
  all.churn = { title: `Churn: delete and re-add 10% of ${count(sizes.churn)} records per tick`, tasks: () => churnTasks(sizes.churn), baseline: 'Map by id' };
  all.snapshot = { title: `Snapshot: ${count(sizes.large)} records { x, y, vx, vy: f32, id: u32 }`, tasks: () => snapshot().tasks, baseline: 'JSON.stringify objects', sizes: () => snapshot().sizes() };
  return all;
}

export const scenarioNames = Object.keys(scenarios(true));

export interface ScenarioResult {
  readonly name: string;
  readonly summary: SuiteSummary;
  readonly snapshotSizes?: SnapshotSizes;
  /** Every round's checksums folded together: reported, so that no pass could be optimised away. */
  readonly sinks: number[];
}

interface RoundOutput {
  readonly stats: RoundStats[];
  readonly sink: number;
  readonly snapshotSizes?: SnapshotSizes;
}

/** Runs round `round` of one scenario in this process. */
export async function runRoundHere(name: string, round: number, quick: boolean): Promise<RoundOutput> {
  const scenario = scenarios(quick)[name];
  if (scenario === undefined) throw new Error(`unknown scenario ${name}`);
  const stats = await runRound(scenario.title, scenario.tasks(), round, quick ? 20 : 150);
  return round === 0 && scenario.sizes !== undefined ? { stats, sink, snapshotSizes: scenario.sizes() } : { stats, sink };
}

/** Runs one scenario, each round in a fresh process, and summarises the rounds. */
export function runScenario(name: string, quick: boolean): ScenarioResult {
  const scenario = scenarios(quick)[name];
  if (scenario === undefined) throw new Error(`unknown scenario ${name}`);
  const rounds = quick ? 1 : 3;
  const outputs: RoundOutput[] = [];
  for (let round = 0; round < rounds; round++) {
    const args = [...process.execArgv, fileURLToPath(import.meta.url), name, String(round), ...(quick ? ['--quick'] : [])];
    const output = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 2 ** 26 });
    outputs.push(JSON.parse(output.trim().split('\n').pop() as string) as RoundOutput);
  }
  const floor = scenario.floor ?? (scenario.baseline === undefined ? 'typed arrays' : undefined);
  const summary = summarize(scenario.title, outputs.map((output) => output.stats), scenario.baseline ?? 'objects', floor);
  const sinks = outputs.map((output) => output.sink);
  const snapshotSizes = outputs[0]?.snapshotSizes;
  return snapshotSizes === undefined ? { name, summary, sinks } : { name, summary, sinks, snapshotSizes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, round] = process.argv.slice(2) as [string, string];
  console.log(JSON.stringify(await runRoundHere(name, Number(round), process.argv.includes('--quick'))));
}
