/**
 * Measuring one round of one scenario, in whatever process or page it runs in (Node child or Chromium page): it
 * uses only `performance.now()` and, when exposed, `gc()`.
 *
 * Competitors are interleaved: after every competitor's data is built and warmed up, the round runs a number of
 * slices, and in each slice every competitor runs for about the same time, in an order rotated per slice. A
 * machine that gets busier or quieter during the round then slows every competitor alike, so the ratios within
 * a round hold where absolute times do not (on this 2-core machine shared with other work, whole rounds drifted
 * by 1.5x). Every competitor's data is alive for the whole round; each is built by its own `prepare`.
 */
import type { RoundSamples } from './stats';

/**
 * One competitor. `prepare` builds its data and returns one whole pass over it; the pass returns a checksum,
 * which is checked against `expect` when that is known up front and folded into the round's checksum otherwise,
 * so that no pass can be optimised away.
 */
export interface BenchTask {
  readonly name: string;
  readonly prepare: () => () => number;
  readonly expect?: number;
}

/** How long a round measures. */
export interface RoundPlan {
  /** Slices per round: every competitor runs once per slice. */
  readonly slices: number;
  /** Time each competitor runs in each slice, ms (at least one batch). */
  readonly sliceMs: number;
  /** Warm-up time per competitor before any slice, ms: at least this, longer while passes still get faster... */
  readonly warmupMs: number;
  /** ...but never longer than this, ms. */
  readonly warmupMaxMs: number;
  /** Passes are timed in batches of at least this many ms, so that timer resolution (5 us in a page) is noise. */
  readonly batchMs: number;
}

/** What a round reports. */
export interface RoundOutput {
  readonly samples: RoundSamples[];
  /** Every pass's checksum folded together: returned so that no pass is dead code; not printed. */
  readonly checksum: number;
  /** Time spent building data, warming up and measuring, ms (to see where a round's time goes). */
  readonly buildMs: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = ((by % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Running {
  readonly task: BenchTask;
  readonly pass: () => number;
  /** Passes per timed batch. */
  batch: number;
  readonly slices: number[];
  passes: number;
}

/**
 * Runs one round: builds every competitor's data (in an order rotated by `round`), warms each up, then measures
 * `plan.slices` interleaved slices.
 * @throws Error when a pass returns a checksum other than the task's `expect`.
 */
export function runRound(title: string, tasks: readonly BenchTask[], round: number, plan: RoundPlan): RoundOutput {
  let checksum = 0;
  const call = (running: Running): void => {
    const result = running.pass();
    const expect = running.task.expect;
    if (expect !== undefined && result !== expect) throw new Error(`${title} / ${running.task.name}: checksum ${result}, expected ${expect}`);
    checksum = (checksum + (Number.isFinite(result) ? result : 0)) % 1_000_000_007;
  };
  const begin = performance.now();
  const running: Running[] = rotate(tasks, round).map((task) => ({ task, pass: task.prepare(), batch: 1, slices: [], passes: 0 }));
  collectGarbage();
  const built = performance.now();
  for (const each of running) {
    // Warm up until the pass stops getting faster: at least plan.warmupMs and two passes, then chunks of a quarter
    // of that until one is no more than 10% faster than the one before, at most plan.warmupMaxMs. On a loaded
    // machine V8's background compiler can take far longer than the usual few ms to deliver the optimised code,
    // and a fixed warm-up then measured the unoptimised loop (tick views at 120x objects with load 10 on 2 cores).
    const start = performance.now();
    let previous = Number.POSITIVE_INFINITY;
    for (;;) {
      const chunkStart = performance.now();
      let chunkPasses = 0;
      do {
        call(each);
        chunkPasses++;
      } while (chunkPasses < 2 || performance.now() - chunkStart < plan.warmupMs / 4);
      const elapsed = performance.now() - start;
      const perPass = (performance.now() - chunkStart) / chunkPasses;
      if ((elapsed >= plan.warmupMs && perPass > previous * 0.9) || elapsed >= plan.warmupMaxMs) {
        each.batch = Math.max(1, Math.ceil(plan.batchMs / perPass));
        break;
      }
      previous = perPass;
    }
  }
  collectGarbage();
  const warm = performance.now();
  for (let slice = 0; slice < plan.slices; slice++) {
    for (const each of rotate(running, slice)) {
      let passes = 0;
      const start = performance.now();
      let elapsed = 0;
      do {
        for (let k = 0; k < each.batch; k++) call(each);
        passes += each.batch;
        elapsed = performance.now() - start;
      } while (elapsed < plan.sliceMs);
      each.slices.push(elapsed / passes);
      each.passes += passes;
    }
  }
  const samples = tasks.map((task) => {
    const each = running.find((candidate) => candidate.task === task) as Running;
    return { name: task.name, slices: each.slices, passes: each.passes };
  });
  const end = performance.now();
  return { samples, checksum, buildMs: Math.round(built - begin), warmupMs: Math.round(warm - built), measureMs: Math.round(end - warm) };
}
