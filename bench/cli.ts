/**
 * The command line of `npm run bench`: parsing and the help text. Pure, so `--help` cannot start a run.
 */
import { type Mode, scenarioNames, scenarios } from './scenarios';

/** Scenarios that are not rounds of timed passes, run by `bench/index.ts` itself. */
export const extraNames = ['memory', 'garbage', 'parallel'] as const;

/** Every name `--only` takes, in run order. */
export const allNames: readonly string[] = ['memory', ...scenarioNames, 'garbage', 'parallel'];

/** What a command line asks for. */
export interface Options {
  readonly mode: Mode;
  /** Names to run; every scenario when empty. */
  readonly only: readonly string[];
  readonly browser: boolean;
  readonly strict: boolean;
  readonly help: boolean;
  /** Rounds per scenario instead of the mode's number. */
  readonly rounds?: number;
}

/** Thrown for a command line that cannot be run; `npm run bench` prints it and exits 2. */
export class UsageError extends Error {}

/** Names `pattern` selects: an exact name, or a prefix before a hyphen (`sum` selects sum-large and sum-small). */
export function namesMatching(pattern: string): string[] {
  return allNames.filter((name) => name === pattern || name.startsWith(`${pattern}-`));
}

/** Parses `npm run bench -- ...` arguments. @throws UsageError for anything it cannot run. */
export function parseArguments(args: readonly string[]): Options {
  let mode: Mode = 'default';
  const only: string[] = [];
  let browser = false;
  let strict = false;
  let help = false;
  let rounds: number | undefined;
  for (let k = 0; k < args.length; k++) {
    const argument = args[k] as string;
    const [flag, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    const value = (): string => {
      const next = inline ?? args[++k];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--quick':
      case '--full': {
        const wanted = flag === '--quick' ? 'quick' : 'full';
        if (mode !== 'default' && mode !== wanted) throw new UsageError('--quick and --full cannot be combined');
        mode = wanted;
        break;
      }
      case '--only': {
        const pattern = value();
        const names = namesMatching(pattern);
        if (names.length === 0) throw new UsageError(`no scenario named ${pattern}; the scenarios are: ${allNames.join(', ')}`);
        for (const name of names) if (!only.includes(name)) only.push(name);
        break;
      }
      case '--rounds': {
        const text = value();
        const parsed = Number(text);
        if (!Number.isInteger(parsed) || parsed < 1 || parsed > 100) throw new UsageError(`--rounds takes a whole number from 1 to 100, not ${text}`);
        rounds = parsed;
        break;
      }
      case '--browser':
        browser = true;
        break;
      case '--strict':
        strict = true;
        break;
      default:
        throw new UsageError(`unknown option ${argument} (npm run bench -- --help lists them)`);
    }
  }
  const options = { mode, only, browser, strict, help };
  return rounds === undefined ? options : { ...options, rounds };
}

/** What each name of {@link allNames} runs, at the default sizes. */
function scenarioList(): string {
  const titles = new Map<string, string>(scenarios('default').map((scenario) => [scenario.name, `${scenario.title}${scenario.browser ? ' [also --browser]' : ''}`]));
  titles.set('memory', 'Memory: bytes per record of 262,144 records in each layout, each in a fresh process');
  titles.set('garbage', 'Garbage: heap growth and GCs over update passes after warm-up, each path in a fresh process');
  titles.set('parallel', 'Shared memory: two worker threads stepping one shared particle store, against one thread');
  const width = Math.max(...allNames.map((name) => name.length));
  return allNames.map((name) => `  ${name.padEnd(width)}  ${titles.get(name) ?? ''}`).join('\n');
}

/** The text of `--help`. */
export const helpText = (): string => `Usage: npm run bench -- [options]

Benchmarks slotted's stores against plain objects, class instances, Maps and bare typed arrays. Each round of a
scenario runs in a fresh process (a fresh page with --browser); within a round the competitors run in
interleaved slices; ratios are medians over rounds of per-round ratios, shown with their range over rounds.

Options:
  (none)             the default run: every scenario, 3 rounds, 2-3 minutes on 2 idle cores
  --quick            a smoke run on small sizes, 1 round (CI runs it; figures not for quoting, targets not checked)
  --full             publication grade: 7 rounds, longer slices, 1,000,000-record snapshots, every pairing
                     (3-4 times as long)
  --only <name>      run only this scenario; repeatable; a prefix before '-' selects a group ('sum', 'tick')
  --rounds <n>       rounds per scenario instead of the mode's 1 / 3 / 7
  --browser          run the sequential-loop scenarios in Chromium (playwright-core, /usr/bin/chromium or
                     \`command -v chromium\`) instead of Node
  --strict           exit 1 when a target is missed
  --help, -h         print this and exit, running nothing

Scenarios (in run order; sizes of the default run):
${scenarioList()}

Output: progress on stderr (one line per scenario and round); on stdout a summary table of ratios to plain
objects, then one detail table per scenario, then the targets of issues #4 and #7. Results are written to
bench/results/<engine>-<mode>-<date>.json and .svg (a log-scale chart). \`npm run bench:readme\` puts the newest
Node and Chromium results into README.md and docs/bench.svg.

Exit code: 0 when the run finished, even if targets were missed (the summary says so plainly); 1 when a target
was missed and --strict was given, or when a run failed (a crashed child, a wrong checksum); 2 for a command
line that cannot be run.
`;
