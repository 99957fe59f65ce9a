import { describe, expect, it } from 'vitest';
import { chartSvg, escapeXml, logTicks } from '../bench/chart';
import { execFileSync } from 'node:child_process';
import { allNames, helpText, namesMatching, parseArguments, UsageError } from '../bench/cli';
import { readmeSummary, replaceBetweenMarkers, startMarker, endMarker } from '../bench/readme';
import { summaryTable } from '../bench/report';
import type { RunResults } from '../bench/results';
import { median, medianInterval, relativeMarginOfError, roundRatio, summarizeRounds } from '../bench/stats';
import { runRound } from '../bench/sampler';
import { checkTargets } from '../bench/targets';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('medianInterval', () => {
  it('is [min, max] with confidence 1 - 2^(1-n) when the values are few', () => {
    expect(medianInterval([2, 1, 3])).toEqual({ low: 1, high: 3, confidence: 0.75 });
    expect(medianInterval([5, 1, 4, 2, 3]).confidence).toBeCloseTo(0.9375, 10);
    const seven = medianInterval([7, 1, 6, 2, 5, 3, 4]);
    expect([seven.low, seven.high]).toEqual([1, 7]);
    expect(seven.confidence).toBeCloseTo(1 - 2 / 128, 10);
  });

  it('narrows to inner order statistics once they still reach the level', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    const interval = medianInterval(values, 0.95);
    // For n = 20 the 6th and 15th values hold the median with 95.9% confidence; the 7th and 14th with 88.5%.
    expect([interval.low, interval.high]).toEqual([6, 15]);
    expect(interval.confidence).toBeGreaterThanOrEqual(0.95);
    expect(interval.confidence).toBeCloseTo(0.9586, 3);
  });

  it('says a single value gives no confidence at all', () => {
    expect(medianInterval([1.5])).toEqual({ low: 1.5, high: 1.5, confidence: 0 });
  });
});

describe('relativeMarginOfError', () => {
  it('is t * standard error / mean in percent, NaN for fewer than two values', () => {
    // mean 10, sample sd 2, n 4: se 1, t(3) 3.182 -> 31.82%
    expect(relativeMarginOfError([8, 12, 8, 12])).toBeCloseTo(((3.182 * Math.sqrt(16 / 3 / 4)) / 10) * 100, 6);
    expect(relativeMarginOfError([7])).toBeNaN();
    expect(relativeMarginOfError([5, 5, 5])).toBe(0);
  });
});

describe('roundRatio and summarizeRounds', () => {
  it('pairs slices, so a drift that slows both competitors alike cancels', () => {
    // The machine got 3x slower in the second half of the round; the task is always 2x the baseline.
    const baseline = { name: 'objects', slices: [1, 1, 3, 3], passes: 4 };
    const task = { name: 'views', slices: [2, 2, 6, 6], passes: 4 };
    expect(roundRatio(task, baseline)).toBe(2);
  });

  it('takes the median over rounds of per-round ratios, with their range and its confidence', () => {
    const round = (factor: number, objectMs: number) => [
      { name: 'objects', slices: [objectMs, objectMs], passes: 2 },
      { name: 'typed arrays', slices: [objectMs / 2, objectMs / 2], passes: 2 },
      { name: 'views', slices: [objectMs * factor, objectMs * factor], passes: 2 },
    ];
    const [objects, floor, views] = summarizeRounds([round(1.5, 10), round(1.1, 20), round(3, 5)], 'objects', 'typed arrays');
    expect(objects?.ratio).toBe(1);
    expect(floor?.ratio).toBe(0.5);
    expect(views?.ratio).toBe(1.5);
    expect(views?.ratios).toEqual([1.5, 1.1, 3]);
    expect([views?.ratioLow, views?.ratioHigh, views?.ratioConfidence]).toEqual([1.1, 3, 0.75]);
    expect(views?.ratioToFloor).toBe(3);
    expect(views?.msPerPass).toBe(15);
    expect(views?.passes).toBe(6);
  });

  it('refuses a baseline that was not measured', () => {
    expect(() => summarizeRounds([[{ name: 'views', slices: [1], passes: 1 }]], 'objects')).toThrow(/baseline objects/);
  });
});

describe('parseArguments', () => {
  it('reads modes, repeatable --only with group prefixes, --rounds, --browser, --strict and --help', () => {
    expect(parseArguments([])).toEqual({ mode: 'default', only: [], browser: false, strict: false, help: false });
    const options = parseArguments(['--quick', '--only', 'sum', '--only=tick-after-error', '--rounds', '5', '--browser', '--strict', '-h']);
    expect(options).toEqual({ mode: 'quick', only: ['sum-large', 'sum-small', 'tick-after-error'], browser: true, strict: true, help: true, rounds: 5 });
    expect(parseArguments(['--full']).mode).toBe('full');
  });

  it('refuses what it cannot run, with a usage error', () => {
    expect(() => parseArguments(['--only', 'nope'])).toThrow(UsageError);
    expect(() => parseArguments(['--only'])).toThrow(/needs a value/);
    expect(() => parseArguments(['--quick', '--full'])).toThrow(/cannot be combined/);
    expect(() => parseArguments(['--rounds', '0'])).toThrow(/--rounds/);
    expect(() => parseArguments(['--fast'])).toThrow(/unknown option --fast/);
  });

  it('--help documents every option and scenario, and npm run bench -- --help runs nothing', () => {
    const text = helpText();
    for (const option of ['--quick', '--full', '--only', '--rounds', '--browser', '--strict', '--help']) expect(text).toContain(option);
    for (const name of allNames) expect(text).toMatch(new RegExp(`^  ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm'));
    expect(text).toMatch(/Exit code: 0/);
    // The real entry point: it must print the help and exit before bundling, spawning or writing anything.
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/index.ts', '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toBe(text);
  });

  it('knows every scenario by name, and groups only at a hyphen', () => {
    expect(allNames).toContain('memory');
    expect(allNames).toContain('tick-low-inlining');
    expect(namesMatching('tick')).toEqual(['tick', 'tick-after-error', 'tick-low-inlining']);
    expect(namesMatching('par')).toEqual([]);
  });
});

function run(engine: 'Node' | 'Chromium', viewsRatio: number): RunResults {
  const task = (name: string, ratio: number) => ({ name, msPerPass: ratio * 4, rme: 1, passes: 10, ratio, ratioLow: ratio * 0.9, ratioHigh: ratio * 1.1, ratioConfidence: 0.75, ratios: [ratio], ratioToFloor: ratio * 2 });
  const scenarios = [
    { name: 'sum-large', title: 'Sum of one u32 field, 1,000,000 records', label: 'sum <one> & "two"', kind: 'loop' as const, baseline: 'objects', floor: 'typed arrays', rounds: 3, tasks: [task('typed arrays', 0.5), task('slotted get(h)', viewsRatio), task('objects', 1)] },
  ];
  const results = {
    format: 'slotted-bench/1' as const,
    mode: 'default' as const,
    engine: { name: engine, version: engine === 'Node' ? 'v20.20.2' : '156.0.8078.108' },
    machine: { cpus: 2, cpu: 'AMD EPYC', memoryGiB: 24, platform: 'Linux', loadBefore: [1, 2, 3], loadAfter: [4, 5, 6] },
    date: '2026-11-27T05:00:00.000Z',
    durationMs: 1000,
    rounds: 3,
    plan: { slices: 5, sliceMs: 12, warmupMs: 40, warmupMaxMs: 400, batchMs: 1 },
    sizes: { large: 1_000_000, small: 65_536, seed: 262_144, reads: 1_000_000, churn: 100_000, snapshot: 250_000, tick: 1000, garbagePasses: 300, garbageRecords: 100_000, parallelSteps: 20 },
    scenarios,
  };
  return { ...results, targets: checkTargets(results) };
}

describe('targets', () => {
  it('checks only what was measured, and says which were missed', () => {
    const checks = checkTargets(run('Node', 1.7));
    expect(checks.map((check) => check.target)).toEqual(['slotted get(h) sum, 1,000,000 records: <= 1.0x objects']);
    expect(checks[0]?.met).toBe(false);
    expect(checkTargets(run('Node', 0.9))[0]?.met).toBe(true);
  });
});

describe('summaries and the chart', () => {
  it('puts one row per scenario and one column per competitor in the summary', () => {
    const text = summaryTable(run('Node', 1.25));
    expect(text).toContain('| sum <one> & "two"');
    expect(text).toMatch(/`get\(h\)`.*\n.*\n.*1\.25/);
  });

  it('shows both engines side by side in the README summary, and lists missed targets', () => {
    const text = readmeSummary([run('Node', 1.25), run('Chromium', 4.2)], 'docs/bench.svg');
    expect(text).toContain('1.25 · 4.20');
    expect(text).toContain('0.50 · 0.50');
    expect(text).toContain('Chromium 156.0.8078.108');
    expect(text).toContain('<details><summary>Node: 0 of 1 targets met; missed:</summary>');
    expect(text).toContain('- slotted get(h) sum, 1,000,000 records: <= 1.0x objects (measured 4.20)');
    expect(text).toContain('![Ratios to plain objects');
  });

  it('replaces only what lies between the markers', () => {
    const readme = `# Title\nbefore\n${startMarker}\nold numbers\n${endMarker}\nafter\n`;
    expect(replaceBetweenMarkers(readme, 'new')).toBe(`# Title\nbefore\n${startMarker}\nnew\n${endMarker}\nafter\n`);
    expect(() => replaceBetweenMarkers('# no markers', 'new')).toThrow(/bench:start/);
  });

  it('draws a well-formed SVG with escaped labels, a caption per engine and a log axis through 1', () => {
    const svg = chartSvg([run('Node', 1.25), run('Chromium', 4.2)]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('sum &lt;one&gt; &amp; &quot;two&quot;');
    expect(svg).not.toContain('<one>');
    expect(svg).toContain('Node v20.20.2');
    expect(svg).toContain('Chromium 156.0.8078.108');
    expect(svg).toContain('2026-11-27');
    expect((svg.match(/<circle /g) ?? []).length).toBe(2 + 2 * 2); // legend dots + two competitors in two panels
  });

  it('puts log ticks at 1, 2 and 5 times powers of ten, covering the data', () => {
    expect(logTicks(0.3, 4.2)).toEqual([0.2, 0.5, 1, 2, 5]);
    expect(logTicks(1, 1)).toEqual([1]);
    expect(escapeXml('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });
});

describe('runRound', () => {
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  const plan = { slices: 3, sliceMs: 1, warmupMs: 1, warmupMaxMs: 5, batchMs: 0.5 };

  it('interleaves the competitors slice by slice, rotating the order, and reports every slice', () => {
    const calls: string[] = [];
    const task = (name: string) => ({ name, expect: 7, prepare: () => () => (calls.push(name), busy(0.2), 7) });
    const { samples } = runRound('test', [task('a'), task('b')], 0, plan);
    expect(samples.map((each) => each.name)).toEqual(['a', 'b']);
    for (const each of samples) {
      expect(each.slices).toHaveLength(3);
      expect(each.slices.every((ms) => ms >= 0.2)).toBe(true);
    }
    // Warm-up runs a, then b (one switch); the slices run a b, b a, a b (four more). Running each competitor's
    // slices back to back would switch three times in all.
    const switches = calls.filter((name, k) => k > 0 && name !== calls[k - 1]).length;
    expect(switches).toBe(5);
  });

  it('throws when a pass returns the wrong checksum', () => {
    expect(() => runRound('test', [{ name: 'liar', expect: 1, prepare: () => () => 2 }], 0, plan)).toThrow(/liar: checksum 2, expected 1/);
  });
});
