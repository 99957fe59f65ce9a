/**
 * The shape of a results file in bench/results/: what a run measured, and everything needed to print its tables,
 * draw its chart and update the README from it again later.
 */
import type { GarbageResult } from './garbage';
import type { MemoryResult } from './memory';
import type { ParallelResult } from './parallel';
import type { Mode, Scenario, Sizes } from './scenarios';
import type { RoundPlan } from './sampler';
import type { TaskResult } from './stats';

/** One scenario's result over all its rounds. */
export interface ScenarioResult extends Pick<Scenario, 'name' | 'title' | 'label' | 'kind' | 'baseline' | 'floor'> {
  readonly rounds: number;
  /** Wall time of all its rounds, ms (child start-up, data building, warm-up and measuring). */
  readonly wallMs?: number;
  readonly tasks: readonly TaskResult[];
}

/** One target of the issues, checked against what was measured. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** A whole run. */
export interface RunResults {
  readonly format: 'slotted-bench/1';
  readonly mode: Mode;
  /** The engine the scenarios ran in: 'Node' (version v20.x, V8 11.3...) or 'Chromium' (its version). */
  readonly engine: { readonly name: 'Node' | 'Chromium'; readonly version: string; readonly v8?: string };
  readonly machine: {
    readonly cpus: number;
    readonly cpu: string;
    readonly memoryGiB: number;
    readonly platform: string;
    /** 1-, 5- and 15-minute load averages when the run started and when it ended. */
    readonly loadBefore: readonly number[];
    readonly loadAfter: readonly number[];
  };
  /** ISO date the run started. */
  readonly date: string;
  readonly durationMs: number;
  /** CPU time of the run and every child process it waited for (user + system), seconds, where the OS says. */
  readonly cpuSeconds?: number;
  readonly rounds: number;
  readonly plan: RoundPlan;
  readonly sizes: Sizes;
  readonly scenarios: readonly ScenarioResult[];
  readonly memory?: readonly MemoryResult[];
  readonly garbage?: readonly GarbageResult[];
  readonly parallel?: ParallelResult;
  readonly snapshotSizes?: { readonly records: number; readonly snapshotBytes: number; readonly jsonBytes: number };
  readonly targets: readonly TargetCheck[];
}
