/**
 * What a Node run and a browser run share: running each scenario's rounds with progress on stderr, reducing them,
 * printing the tables and targets, and writing the results JSON and chart to bench/results/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { chartSvg } from './chart';
import type { RoundJobOutput } from './round';
import type { Options } from './cli';
import { otherLines, scenarioTable, summaryTable, targetTable, targetVerdict } from './report';
import type { RunResults, ScenarioResult } from './results';
import { type Scenario, planFor, sizesFor } from './scenarios';
import { summarizeRounds } from './stats';
import { checkTargets } from './targets';

const started = performance.now();

/** Minutes and seconds since the run started. */
export function elapsed(): string {
  const seconds = Math.round((performance.now() - started) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** One progress line on stderr, so stdout stays the report. */
export function progress(line: string): void {
  process.stderr.write(`[${elapsed()}] ${line}\n`);
}

/** Runs every round of `scenarios` through `runRound` (a child process or a fresh page), with progress lines. */
export async function runScenarios(
  scenarios: readonly Scenario[],
  rounds: number,
  runRound: (scenario: Scenario, round: number) => Promise<RoundJobOutput>,
  step: { done: number; total: number },
): Promise<{ results: ScenarioResult[]; snapshotSizes?: RoundJobOutput['snapshotSizes'] }> {
  const results: ScenarioResult[] = [];
  let snapshotSizes: RoundJobOutput['snapshotSizes'];
  for (const scenario of scenarios) {
    step.done++;
    const begin = performance.now();
    const outputs: RoundJobOutput[] = [];
    for (let round = 0; round < rounds; round++) {
      progress(`${scenario.name}: round ${round + 1} of ${rounds} (scenario ${step.done} of ${step.total}: ${scenario.title})`);
      const output = await runRound(scenario, round);
      outputs.push(output);
      snapshotSizes ??= output.snapshotSizes;
    }
    const tasks = summarizeRounds(
      outputs.map((output) => output.samples),
      scenario.baseline,
      scenario.floor,
    );
    const { name, title, label, kind, baseline } = scenario;
    const wallMs = Math.round(performance.now() - begin);
    results.push(scenario.floor === undefined ? { name, title, label, kind, baseline, rounds, wallMs, tasks } : { name, title, label, kind, baseline, floor: scenario.floor, rounds, wallMs, tasks });
  }
  return snapshotSizes === undefined ? { results } : { results, snapshotSizes };
}

/** The machine, for the results file and the chart's caption. */
export function machine(loadBefore: readonly number[]): RunResults['machine'] {
  const round = (values: readonly number[]) => values.map((value) => Math.round(value * 100) / 100);
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${type()} ${release()}`,
    loadBefore: round(loadBefore),
    loadAfter: round(loadavg()),
  };
}

/**
 * CPU seconds of this process and of the child processes it has waited for: the parent's own from Node, the
 * children's from /proc/self/stat (cutime and cstime, in clock ticks of 1/100 s on Linux). Undefined elsewhere.
 * Browser processes are not children that Node waits for, so a browser run counts only Node's own time.
 */
export function cpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After "pid (comm) ", field 3 is the state; cutime and cstime are fields 16 and 17 of the whole line.
    const children = (Number(fields[13]) + Number(fields[14])) / 100;
    const own = process.cpuUsage();
    const total = children + (own.user + own.system) / 1e6;
    return Number.isFinite(total) ? Math.round(total) : undefined;
  } catch {
    return undefined;
  }
}

/** The rest of a results file, once every scenario ran. */
export function assemble(options: Options, parts: Omit<RunResults, 'format' | 'mode' | 'durationMs' | 'rounds' | 'plan' | 'sizes' | 'targets'>): RunResults {
  const rounds = options.rounds ?? planFor(options.mode).rounds;
  // A browser run's CPU is spent in Chromium's processes, which are not children Node waits for: not counted.
  const cpu = parts.engine.name === 'Node' ? cpuSeconds() : undefined;
  const results = { format: 'slotted-bench/1', mode: options.mode, ...parts, durationMs: Math.round(performance.now() - started), ...(cpu === undefined ? {} : { cpuSeconds: cpu }), rounds, plan: planFor(options.mode).plan, sizes: sizesFor(options.mode), targets: [] } as const;
  return { ...results, targets: options.mode === 'quick' ? [] : checkTargets(results) };
}

/** The heading of a report: engine, machine, load, date. */
export function heading(results: RunResults): string {
  const { engine, machine: m } = results;
  const quick = results.mode === 'quick' ? ' (quick smoke run: small sizes, one round, not for quoting)' : results.mode === 'full' ? ' (full run)' : '';
  return (
    `# slotted benchmarks${quick}\n` +
    `${engine.name} ${engine.version}${engine.v8 === undefined ? '' : ` (V8 ${engine.v8})`}, ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.platform}, ${results.date}\n` +
    `Load average ${m.loadBefore.join(' ')} at the start, ${m.loadAfter.join(' ')} at the end (1, 5, 15 min). ` +
    `${results.rounds} round(s) per scenario, each in a fresh ${engine.name === 'Node' ? 'process' : 'page'}; ratios are medians of per-round ratios.\n`
  );
}

/** Prints the report, writes the results JSON and chart, and returns the exit code. */
export function finish(results: RunResults, options: Options, printDetails: (results: RunResults) => string[]): number {
  const out: string[] = [heading(results)];
  const summary = summaryTable(results);
  if (summary !== '') out.push(`## Summary: time per pass × plain objects in the same round (lower is faster)\n\n${summary}\n`);
  const others = otherLines(results);
  if (others.length > 0) out.push(`${others.map((line) => `- ${line}`).join('\n')}\n`);
  out.push('## Details\n');
  for (const scenario of results.scenarios) out.push(scenarioTable(scenario));
  out.push(...printDetails(results));
  if (results.mode === 'quick') out.push('(quick run: sizes are too small for the targets to mean anything, so they are not checked)\n');
  else if (results.targets.length > 0) out.push(targetTable(results.targets));
  console.log(out.join('\n'));

  const directory = new URL('./results/', import.meta.url);
  mkdirSync(directory, { recursive: true });
  const stem = `${results.engine.name.toLowerCase()}-${results.mode}-${results.date.replace(/[:.]/g, '-')}`;
  const json = new URL(`${stem}.json`, directory);
  const svg = new URL(`${stem}.svg`, directory);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(svg, chartSvg([results]));
  const cpu = results.cpuSeconds === undefined ? '' : ` (${results.cpuSeconds} s of CPU in this process and its children)`;
  console.log(`Results: ${json.pathname}\nChart:   ${svg.pathname}\nThe run took ${elapsed()}${cpu}.\n`);

  const verdict = targetVerdict(results.targets, options.strict);
  if (verdict !== '') console.log(verdict);
  return options.strict && results.targets.some((check) => !check.met) ? 1 : 0;
}
