/**
 * The statistics of the benchmark, kept pure so they can be tested: medians, the spread of per-round ratios and
 * how sure that spread lets us be.
 *
 * Why medians of per-round ratios: on a machine shared with other work, the speed of a whole round drifts (one
 * round measured every competitor 1.5x slower than the next while another process ran). A ratio taken inside
 * one round, between competitors measured in interleaved slices, cancels most of that drift; the median over
 * rounds then drops the round whose JIT decisions went differently, instead of averaging it in.
 */

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Arithmetic mean (NaN for none). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

// Two-sided 95% quantiles of Student's t by degrees of freedom (1..30); beyond 30 the normal 1.96 is close enough.
const t95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * Relative margin of error of the mean at 95%, in percent: t * standard error / mean. NaN with fewer than two
 * values (one sample says nothing about its own spread).
 */
export function relativeMarginOfError(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  const standardError = Math.sqrt(squares / (n - 1) / n);
  const t = n - 1 <= t95.length ? (t95[n - 2] as number) : 1.96;
  return ((t * standardError) / average) * 100;
}

/** P(X <= k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/** A distribution-free interval for the median of what was sampled. */
export interface MedianInterval {
  readonly low: number;
  readonly high: number;
  /**
   * The probability that the interval holds the true median, whatever the distribution: the interval between the
   * k-th smallest and k-th largest of n values holds it with 1 - 2 P(Binomial(n, 1/2) < k). With n values the best
   * there is is [min, max] at 1 - 2^(1-n): 75% for 3 rounds, 93.8% for 5, 98.4% for 7.
   */
  readonly confidence: number;
}

/**
 * The narrowest order-statistic interval around the median whose confidence is at least `level`; when the values
 * are too few for that, [min, max] with the confidence it really has (see {@link MedianInterval.confidence}).
 */
export function medianInterval(values: readonly number[], level = 0.95): MedianInterval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { low: Number.NaN, high: Number.NaN, confidence: 0 };
  // Widest first: k = 1 is [min, max]; each larger k narrows the interval by one value at each end.
  let best = { low: sorted[0] as number, high: sorted[n - 1] as number, confidence: n === 1 ? 0 : 1 - 2 * binomialHalfCdf(n, 0) };
  for (let k = 2; k <= n >> 1; k++) {
    const confidence = 1 - 2 * binomialHalfCdf(n, k - 1);
    if (confidence < level) break;
    best = { low: sorted[k - 1] as number, high: sorted[n - k] as number, confidence };
  }
  return best;
}

/** One competitor's samples in one round: time per pass (ms) of each timed batch, in the order measured. */
export interface RoundSamples {
  readonly name: string;
  /** Milliseconds per pass, one value per slice (each slice is one or more batches of passes). */
  readonly slices: readonly number[];
  /** Passes timed in the round. */
  readonly passes: number;
}

/** One competitor's result over all rounds. */
export interface TaskResult {
  readonly name: string;
  /** Median over rounds of the round's median time per pass, ms. */
  readonly msPerPass: number;
  /** Median over rounds of the relative margin of error (95%) of the round's slice times, %. */
  readonly rme: number;
  /** Passes timed over all rounds. */
  readonly passes: number;
  /** Ratio to the baseline: the median over rounds of the per-round ratio (see {@link roundRatio}), with its interval. */
  readonly ratio: number;
  readonly ratioLow: number;
  readonly ratioHigh: number;
  /** The confidence of [ratioLow, ratioHigh] (see {@link MedianInterval}). */
  readonly ratioConfidence: number;
  /** The per-round ratios to the baseline, in round order. */
  readonly ratios: readonly number[];
  /** Ratio to the floor (bare typed arrays), the median over rounds, when the scenario has a floor. */
  readonly ratioToFloor?: number;
}

/** A round's figure for one competitor: the median of its slice times, ms per pass. */
export function roundTime(samples: RoundSamples): number {
  return median(samples.slices);
}

/**
 * A round's ratio of `task` to `baseline`: the median over slices of the ratio of their times in the same slice.
 * Slices of different competitors alternate, so each pair saw about the same machine; pairing them cancels the
 * drift of a busy machine better than a ratio of two medians.
 */
export function roundRatio(task: RoundSamples, baseline: RoundSamples): number {
  const pairs = Math.min(task.slices.length, baseline.slices.length);
  const ratios: number[] = [];
  for (let slice = 0; slice < pairs; slice++) ratios.push((task.slices[slice] as number) / (baseline.slices[slice] as number));
  return median(ratios);
}

/** Reduces rounds of samples to one result per competitor, ratios taken within each round first. */
export function summarizeRounds(rounds: readonly (readonly RoundSamples[])[], baseline: string, floor?: string): TaskResult[] {
  const first = rounds[0];
  if (first === undefined) return [];
  const samplesIn = (round: readonly RoundSamples[], name: string): RoundSamples => {
    const found = round.find((samples) => samples.name === name);
    if (found === undefined) throw new Error(`no samples of ${name} in a round`);
    return found;
  };
  if (!first.some((samples) => samples.name === baseline)) throw new Error(`the baseline ${baseline} was not measured`);
  const hasFloor = floor !== undefined && first.some((samples) => samples.name === floor);
  return first.map(({ name }) => {
    const ratios = rounds.map((round) => roundRatio(samplesIn(round, name), samplesIn(round, baseline)));
    const interval = medianInterval(ratios);
    const all = rounds.map((round) => round.find((samples) => samples.name === name) as RoundSamples);
    const result: TaskResult = {
      name,
      msPerPass: median(rounds.map((round) => roundTime(samplesIn(round, name)))),
      rme: median(all.map((samples) => relativeMarginOfError(samples.slices)).filter((value) => !Number.isNaN(value))),
      passes: all.reduce((sum, samples) => sum + samples.passes, 0),
      ratio: median(ratios),
      ratioLow: interval.low,
      ratioHigh: interval.high,
      ratioConfidence: interval.confidence,
      ratios,
    };
    return hasFloor ? { ...result, ratioToFloor: median(rounds.map((round) => roundRatio(samplesIn(round, name), samplesIn(round, floor as string)))) } : result;
  });
}
