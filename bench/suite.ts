/**
 * Runs a scenario's tasks with tinybench several times, rotating their order each round (tinybench runs tasks one
 * after another, so a fixed order would favour whichever runs on a cooler machine), and reduces the rounds to
 * medians of per-round ratios.
 */
import { Bench } from 'tinybench';

/** One competitor's whole pass over the data; returns a checksum so the work cannot be optimised away. */
export interface BenchTask {
  readonly name: string;
  readonly run: () => number;
  /** The checksum one pass must return, when it is known up front. */
  readonly expect?: number;
}

export interface SuiteOptions {
  readonly rounds: number;
  /** Milliseconds of measurement per task per round. */
  readonly time: number;
  /** Task names the ratios are taken against. */
  readonly baseline: string;
  readonly floor?: string;
}

export interface TaskSummary {
  readonly name: string;
  /** Median over rounds of the median throughput (passes per second). */
  readonly opsPerSecond: number;
  /** Median over rounds of the mean latency of a pass, ms. */
  readonly meanMs: number;
  /** Median over rounds of the 99th-percentile latency, ms. */
  readonly p99Ms: number;
  /** Median over rounds of the relative margin of error of the latency, %. */
  readonly rme: number;
  /** Median over rounds of (this task's mean latency / the baseline's), measured in the same round. */
  readonly ratioToBaseline: number;
  readonly ratioToFloor: number | undefined;
  readonly samples: number;
}

export interface SuiteSummary {
  readonly title: string;
  readonly baseline: string;
  readonly floor: string | undefined;
  readonly rounds: number;
  readonly tasks: TaskSummary[];
}

/** A sink every checksum is folded into, printed at the end, so no pass is dead code. */
export let sink = 0;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

interface RoundStats {
  readonly ops: number;
  readonly mean: number;
  readonly p99: number;
  readonly rme: number;
  readonly samples: number;
}

export async function runSuite(title: string, tasks: readonly BenchTask[], options: SuiteOptions): Promise<SuiteSummary> {
  const perTask = new Map<string, RoundStats[]>(tasks.map((task) => [task.name, []]));
  const ratios = new Map<string, { baseline: number[]; floor: number[] }>(tasks.map((task) => [task.name, { baseline: [], floor: [] }]));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({ time: options.time, warmupTime: Math.min(100, options.time), throws: true });
    for (const task of rotate(tasks, round)) {
      bench.add(task.name, () => {
        const checksum = task.run();
        if (task.expect !== undefined && checksum !== task.expect) {
          throw new Error(`${title} / ${task.name}: checksum ${checksum}, expected ${task.expect}`);
        }
        sink = (sink + checksum) % 1_000_000_007;
      });
    }
    await bench.run();
    const means = new Map<string, number>();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${title} / ${task.name}: ${result.state}`);
      means.set(task.name, result.latency.mean);
      perTask.get(task.name)?.push({
        ops: result.throughput.p50,
        mean: result.latency.mean,
        p99: result.latency.p99,
        rme: result.latency.rme,
        samples: result.latency.samplesCount,
      });
    }
    const baseline = means.get(options.baseline) as number;
    const floor = options.floor === undefined ? undefined : (means.get(options.floor) as number);
    for (const [name, mean] of means) {
      ratios.get(name)?.baseline.push(mean / baseline);
      if (floor !== undefined) ratios.get(name)?.floor.push(mean / floor);
    }
  }
  return {
    title,
    baseline: options.baseline,
    floor: options.floor,
    rounds: options.rounds,
    tasks: tasks.map((task) => {
      const stats = perTask.get(task.name) as RoundStats[];
      const ratio = ratios.get(task.name) as { baseline: number[]; floor: number[] };
      return {
        name: task.name,
        opsPerSecond: median(stats.map((stat) => stat.ops)),
        meanMs: median(stats.map((stat) => stat.mean)),
        p99Ms: median(stats.map((stat) => stat.p99)),
        rme: median(stats.map((stat) => stat.rme)),
        ratioToBaseline: median(ratio.baseline),
        ratioToFloor: ratio.floor.length > 0 ? median(ratio.floor) : undefined,
        samples: stats.reduce((sum, stat) => sum + stat.samples, 0),
      };
    }),
  };
}
