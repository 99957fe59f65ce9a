/**
 * The targets of issues #4 (memory, columns, creation, random access, churn, garbage) and #7 (view paths at or
 * near plain objects in sequential loops, in a tick of six loops, after a caught error, and with the inlining
 * budget cut to 200), checked against a run. Only what the run measured is checked.
 */
import type { GarbageResult } from './garbage';
import type { MemoryResult } from './memory';
import type { RunResults, ScenarioResult, TargetCheck } from './results';

const viewPaths = ['slotted get(h)', 'slotted for...of', 'slotted forEach'] as const;

/** Checks every target the run has measurements for. */
export function checkTargets(results: Pick<RunResults, 'scenarios' | 'memory' | 'garbage'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const byName = new Map(results.scenarios.map((scenario) => [scenario.name, scenario]));
  const check = (target: string, value: number | undefined, limit: number, format = (v: number) => v.toFixed(2)): void => {
    if (value === undefined || Number.isNaN(value)) return;
    checks.push({ target, measured: format(value), met: value <= limit });
  };
  const ratioIn = (scenario: ScenarioResult | undefined, task: string, to: 'baseline' | 'floor' = 'baseline'): number | undefined => {
    const found = scenario?.tasks.find((each) => each.name === task);
    return to === 'baseline' ? found?.ratio : found?.ratioToFloor;
  };

  const memory: readonly MemoryResult[] = results.memory ?? [];
  const bytes = (competitor: string): number | undefined => memory.find((result) => result.competitor === competitor)?.bytesPerRecord;
  const slotted = memory.find((result) => result.competitor === 'slotted');
  if (slotted?.exactBytesPerRecord !== undefined) {
    checks.push({
      target: 'memory <= 9 bytes/record all in (store.byteLength; heap measurement beside it)',
      measured: `${slotted.exactBytesPerRecord.toFixed(2)} (heap: ${slotted.bytesPerRecord.toFixed(2)})`,
      met: slotted.exactBytesPerRecord <= 9,
    });
  }
  const over = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);
  check('memory <= 0.18x plain objects', over(bytes('slotted'), bytes('objects')), 0.18);
  check('memory <= 0.05x Map records', over(bytes('slotted'), bytes('Map per record')), 0.05);

  for (const size of ['large', 'small'] as const) {
    for (const kind of ['sum', 'update', 'particle'] as const) {
      const scenario = byName.get(`${kind}-${size}`);
      if (scenario === undefined) continue;
      const where = `${kind}, ${scenario.title.replace(/.*, /, '')}`;
      if (size === 'large') check(`columns ${where}: <= 0.5x objects`, ratioIn(scenario, 'slotted columns'), 0.5);
      check(`columns ${where}: <= 1.1x bare typed arrays`, ratioIn(scenario, 'slotted columns', 'floor'), 1.1);
      for (const path of viewPaths) check(`${path} ${where}: <= ${kind === 'sum' ? '1.0' : '1.3'}x objects`, ratioIn(scenario, path), kind === 'sum' ? 1.0 : 1.3);
    }
  }
  const afterError = byName.get('update-after-error');
  for (const path of viewPaths) check(`${path} update after a caught error: <= 1.3x objects`, ratioIn(afterError, path), 1.3);
  for (const [name, limit, what] of [
    ['tick', 1.3, 'tick of six swap loops'],
    ['tick-after-error', 1.3, 'tick after a caught error'],
    ['tick-low-inlining', 3, 'tick with the inlining budget at 200'],
  ] as const) {
    for (const path of viewPaths) check(`${path} ${what}: <= ${limit.toFixed(1)}x objects`, ratioIn(byName.get(name), path), limit);
  }

  check('creation: slotted add, preallocated <= 0.5x objects', ratioIn(byName.get('creation'), 'slotted add, preallocated'), 0.5);
  check('random access by handle: slotted get(h) <= 1.0x objects', ratioIn(byName.get('random'), 'slotted get(h)'), 1.0);
  check('churn: >= 2x faster than Map by id (time ratio <= 0.5)', ratioIn(byName.get('churn'), 'slotted'), 0.5);
  const garbage: readonly GarbageResult[] = results.garbage ?? [];
  for (const result of garbage.filter((each) => each.name === 'slotted forEach' || each.name === 'slotted columns' || each.name === 'slotted cursor')) {
    check(`garbage, ${result.name}: < 64 KiB over ${result.passes.toLocaleString('en-US')} passes`, result.heapGrowthKiB, 64, (v) => `${v.toFixed(1)} KiB`);
  }
  return checks;
}
