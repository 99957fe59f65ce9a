/**
 * Running a scenario's tasks with tinybench and reducing rounds to medians of per-round ratios.
 *
 * A round runs in its own process (see scenarios.ts) with the task order rotated, since tinybench runs tasks one
 * after another and a fixed order would favour whichever runs on a cooler machine. Within a round each task's
 * data is built just before it runs and dropped after it, and each pass is one closure made once: a second
 * closure of the same function would cost V8's context specialisation, slowing every competitor alike.
 */
import { Bench } from 'tinybench';

/**
 * One competitor. `prepare` builds its data and returns one whole pass over it, which returns a checksum so the
 * work cannot be optimised away.
 */
export interface BenchTask {
  readonly name: string;
  readonly prepare: () => () => number;
  /** The checksum one pass must return, when it is known up front. */
  readonly expect?: number;
}

/** One task's numbers in one round. */
export interface RoundStats {
  readonly name: string;
  /** Median throughput, passes per second. */
  readonly ops: number;
  /** Mean latency of a pass, ms. */
  readonly mean: number;
  readonly p99: number;
  /** Relative margin of error of the latency, %. */
  readonly rme: number;
  readonly samples: number;
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

/** A sink every checksum is folded into and reported, so no pass is dead code. */
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

/** Runs every task once, in the order rotated by `round`, for `time` ms each. */
export async function runRound(title: string, tasks: readonly BenchTask[], round: number, time: number): Promise<RoundStats[]> {
  const bench = new Bench({ time, warmupTime: Math.min(80, time), throws: true });
  for (const task of rotate(tasks, round)) {
    let pass: (() => number) | undefined;
    bench.add(
      task.name,
      () => {
        const checksum = (pass as () => number)();
        if (task.expect !== undefined && checksum !== task.expect) {
          throw new Error(`${title} / ${task.name}: checksum ${checksum}, expected ${task.expect}`);
        }
        sink = (sink + checksum) % 1_000_000_007;
      },
      {
        beforeAll: () => {
          pass ??= task.prepare();
        },
        afterAll: (mode) => {
          if (mode !== 'run') return;
          pass = undefined;
          (globalThis as { gc?: () => void }).gc?.();
        },
      },
    );
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${title} / ${task.name}: ${result.state}`);
    return {
      name: task.name,
      ops: result.throughput.p50,
      mean: result.latency.mean,
      p99: result.latency.p99,
      rme: result.latency.rme,
      samples: result.latency.samplesCount,
    };
  });
}

/** Reduces rounds to medians, ratios taken within each round first. */
export function summarize(title: string, rounds: readonly RoundStats[][], baseline: string, floor?: string): SuiteSummary {
  const names = (rounds[0] ?? []).map((stats) => stats.name);
  const meanOf = (round: readonly RoundStats[], name: string): number => {
    const found = round.find((stats) => stats.name === name);
    if (found === undefined) throw new Error(`${title}: no task ${name}`);
    return found.mean;
  };
  return {
    title,
    baseline,
    floor,
    rounds: rounds.length,
    tasks: names.map((name) => {
      const stats = rounds.map((round) => round.find((each) => each.name === name) as RoundStats);
      return {
        name,
        opsPerSecond: median(stats.map((stat) => stat.ops)),
        meanMs: median(stats.map((stat) => stat.mean)),
        p99Ms: median(stats.map((stat) => stat.p99)),
        rme: median(stats.map((stat) => stat.rme)),
        ratioToBaseline: median(rounds.map((round) => meanOf(round, name) / meanOf(round, baseline))),
        ratioToFloor: floor === undefined ? undefined : median(rounds.map((round) => meanOf(round, name) / meanOf(round, floor))),
        samples: stats.reduce((sum, stat) => sum + stat.samples, 0),
      };
    }),
  };
}
