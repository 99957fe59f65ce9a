/**
 * Every timed scenario, its sizes in each mode, and how long each mode measures. Nothing here needs Node: the
 * browser run bundles this module into the page.
 *
 * Each round of a scenario runs in a fresh process (or a fresh page): V8 shares hidden classes and their field
 * representations across a whole program, so one scenario's plain objects could otherwise slow another's (the
 * update loop over plain objects measured 4.4 ms alone and 20 ms after the other suites had run).
 */
import { churnTasks, creationTasks, randomAccessTasks } from './access';
import { catchErrorsAfterWarmUp } from './after-error';
import type { BenchTask, RoundPlan } from './sampler';
import { Pair, particleTasks, sumTasks, updateTasks } from './sequential';
import { snapshotTasks } from './snapshot';
import { arrowTasks } from './arrow-tasks';
import { sortTasks } from './sort-tasks';
import { tickStructs, tickTasks } from './tick';
import type { Schema, Struct } from '../src/index';

/** `--quick`: a CI smoke run; `default`: about two minutes; `--full`: publication grade. */
export type Mode = 'quick' | 'default' | 'full';

/** Record counts of each workload. */
export interface Sizes {
  readonly large: number;
  readonly small: number;
  readonly seed: number;
  readonly reads: number;
  readonly churn: number;
  readonly snapshot: number;
  readonly tick: number;
  readonly garbagePasses: number;
  readonly garbageRecords: number;
  readonly parallelSteps: number;
}

/** Record counts for `mode`. */
export function sizesFor(mode: Mode): Sizes {
  if (mode === 'quick') {
    return { large: 20_000, small: 4_096, seed: 16_384, reads: 20_000, churn: 10_000, snapshot: 20_000, tick: 1_000, garbagePasses: 50, garbageRecords: 10_000, parallelSteps: 2 };
  }
  // JSON.parse of 1,000,000 records takes ~630 ms a pass, so the default run snapshots a tenth of that.
  const snapshot = mode === 'full' ? 1_000_000 : 100_000;
  // A million random reads of one Map per record took 1.7 s a pass with the machine loaded; a quarter of that
  // still reads all over the million records, in a quarter of the time.
  const reads = mode === 'full' ? 1_000_000 : 250_000;
  return { large: 1_000_000, small: 65_536, seed: 262_144, reads, churn: 100_000, snapshot, tick: 1_000, garbagePasses: mode === 'full' ? 1_000 : 300, garbageRecords: 100_000, parallelSteps: 20 };
}

/** Rounds per scenario and what each round measures, by mode. */
export function planFor(mode: Mode): { readonly rounds: number; readonly plan: RoundPlan } {
  switch (mode) {
    case 'quick':
      return { rounds: 1, plan: { slices: 3, sliceMs: 4, warmupMs: 10, warmupMaxMs: 30, batchMs: 1 } };
    case 'default':
      // 3 rounds: [min, max] of the per-round ratios holds the median with 75% confidence.
      return { rounds: 3, plan: { slices: 5, sliceMs: 12, warmupMs: 40, warmupMaxMs: 400, batchMs: 1 } };
    case 'full':
      // 7 rounds: [min, max] holds the median with 98.4% confidence.
      return { rounds: 7, plan: { slices: 10, sliceMs: 30, warmupMs: 150, warmupMaxMs: 1500, batchMs: 2 } };
  }
}

/** Which part of the report a scenario belongs to. */
export type ScenarioKind = 'loop' | 'tick' | 'other';

/** One timed scenario. */
export interface Scenario {
  /** What `--only` takes. */
  readonly name: string;
  /** The heading of its detail table. */
  readonly title: string;
  /** Its row in the summary table. */
  readonly label: string;
  readonly kind: ScenarioKind;
  /** Ratios are to this competitor. */
  readonly baseline: string;
  /** The typed-array floor, where there is one. */
  readonly floor?: string;
  /** Part of `--browser` runs (the sequential loops and the ticks). */
  readonly browser: boolean;
  /** Extra V8 flags: of the child process in Node, of the browser (through --js-flags) in Chromium. */
  readonly v8Flags?: readonly string[];
  /** Runs in the child before any data is built. */
  readonly setup?: () => void;
  readonly tasks: () => BenchTask[];
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Issue #7's third case: V8's per-function inlining budget cut from 920 bytes of bytecode to 200. */
export const lowInliningFlag = '--max-inlined-bytecode-size-cumulative=200';

/** `tasks` without the competitors named in `names`. */
const without = (tasks: BenchTask[], names: readonly string[]): BenchTask[] => tasks.filter((task) => !names.includes(task.name));

/** Every timed scenario of `mode`, in run order. Building the list builds no data: tasks prepare their own. */
export function scenarios(mode: Mode): Scenario[] {
  const sizes = sizesFor(mode);
  // Building a million four-entry Maps and stepping them (18x plain objects) took a fifth of the default run's
  // time; one Map per record is measured in sum and update at every size, and in the particle step by --full.
  const particleLeaves = mode === 'full' ? [] : ['Map per record'];
  const list: Scenario[] = [];
  for (const [label, records] of [['large', sizes.large], ['small', sizes.small]] as const) {
    const at = label === 'large' ? '' : `, ${count(records)}`;
    const loop = { kind: 'loop', baseline: 'objects', floor: 'typed arrays', browser: true } as const;
    list.push(
      { ...loop, name: `sum-${label}`, title: `Sum of one u32 field, ${count(records)} records`, label: `sum of one u32 field${at}`, tasks: () => sumTasks(records) },
      { ...loop, name: `update-${label}`, title: `Update b = (b + a) >>> 0, ${count(records)} records`, label: `update \`b = (b + a) >>> 0\`${at}`, tasks: () => updateTasks(records) },
      { ...loop, name: `particle-${label}`, title: `Particle step over { x, y, vx, vy: f32 }, ${count(records)} records`, label: `particle step, 4 × f32${at}`, tasks: () => without(particleTasks(records), particleLeaves) },
    );
  }
  const structs = tickStructs as unknown as Struct<Schema>[];
  const tick = { kind: 'tick', baseline: 'objects', floor: 'typed arrays', browser: true, tasks: () => tickTasks(sizes.tick) } as const;
  const sixLoops = `six swap loops over six stores of ${count(sizes.tick)} in one function`;
  list.push(
    { ...tick, name: 'tick', title: `Tick: ${sixLoops}`, label: `tick: six loops of ${count(sizes.tick)} swaps` },
    { ...tick, name: 'tick-after-error', title: `Tick after a caught stale-view error and a refused write: ${sixLoops}`, label: 'tick, after a caught error', setup: () => catchErrorsAfterWarmUp(structs) },
    { ...tick, name: 'tick-low-inlining', title: `Tick with ${lowInliningFlag}: ${sixLoops}`, label: 'tick, inlining budget 200', v8Flags: [lowInliningFlag] },
    {
      kind: 'loop',
      name: 'update-after-error',
      title: `Update b = (b + a) >>> 0 after a caught stale-view error and a refused write, ${count(sizes.large)} records`,
      label: 'update, after a caught error',
      baseline: 'objects',
      floor: 'typed arrays',
      browser: true,
      setup: () => catchErrorsAfterWarmUp([Pair as unknown as Struct<Schema>]),
      // Maps have no accessors for the error to affect; they are measured in update-large.
      tasks: () => without(updateTasks(sizes.large), ['Map per record', 'Map by id']),
    },
    { kind: 'other', name: 'creation', title: `Creation: add ${count(sizes.seed)} records from scratch`, label: `add ${count(sizes.seed)} records into a new store`, baseline: 'objects', floor: 'typed arrays', browser: false, tasks: () => creationTasks(sizes.seed) },
    { kind: 'other', name: 'random', title: `Random access: ${count(sizes.reads)} reads by random handle over ${count(sizes.large)} records`, label: `${count(sizes.reads)} reads by random handle`, baseline: 'objects', floor: 'typed arrays', browser: false, tasks: () => randomAccessTasks(sizes.large, sizes.reads) },
    { kind: 'other', name: 'churn', title: `Churn: delete and re-add 10% of ${count(sizes.churn)} records per tick`, label: `churn, 10% of ${count(sizes.churn)} per tick`, baseline: 'Map by id', browser: false, tasks: () => churnTasks(sizes.churn) },
    { kind: 'other', name: 'sort', title: `Sort ${count(sizes.snapshot)} records by an f32 field`, label: `sort ${count(sizes.snapshot)} records by an f32 field`, baseline: 'Array.prototype.sort objects', browser: false, tasks: () => sortTasks(sizes.snapshot) },
    { kind: 'other', name: 'arrow', title: `Arrow and bulk loading: ${count(sizes.snapshot)} records { x, y, vx, vy: f32, id: u32 }`, label: `Arrow out and in, addMany, ${count(sizes.snapshot)} records`, baseline: 'JSON.stringify objects', browser: false, tasks: () => arrowTasks(sizes.snapshot) },
    { kind: 'other', name: 'snapshot', title: `Snapshot: ${count(sizes.snapshot)} records { x, y, vx, vy: f32, id: u32 }`, label: `snapshot of ${count(sizes.snapshot)} records`, baseline: 'JSON.stringify objects', browser: false, tasks: () => snapshotTasks(sizes.snapshot).tasks },
  );
  return list;
}

/** Sizes of a snapshot against JSON of the same records (reported beside the snapshot scenario). */
export function snapshotSizes(mode: Mode) {
  return snapshotTasks(sizesFor(mode).snapshot).sizes();
}

/** Names of every timed scenario, in run order. */
export const scenarioNames: readonly string[] = scenarios('quick').map((scenario) => scenario.name);
