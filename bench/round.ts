/**
 * One round of one scenario, in whatever runs it: a Node child process (bench/child.ts) or a Chromium page
 * (bench/browser-page.ts).
 */
import { runRound, type RoundOutput } from './sampler';
import { type Mode, planFor, scenarios, snapshotSizes } from './scenarios';

/** What a round reports: its samples, and the snapshot's sizes for the snapshot scenario's first round. */
export interface RoundJobOutput extends RoundOutput {
  readonly snapshotSizes?: { readonly records: number; readonly snapshotBytes: number; readonly jsonBytes: number };
}

/** Runs round `round` of scenario `name` here: its setup first (if any), then the round. */
export function runScenarioRound(name: string, round: number, mode: Mode): RoundJobOutput {
  const scenario = scenarios(mode).find((candidate) => candidate.name === name);
  if (scenario === undefined) throw new Error(`unknown scenario ${name}`);
  scenario.setup?.();
  const output = runRound(scenario.title, scenario.tasks(), round, planFor(mode).plan);
  return name === 'snapshot' && round === 0 ? { ...output, snapshotSizes: snapshotSizes(mode) } : output;
}
