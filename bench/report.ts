/**
 * Printing results: the compact summary of ratios to plain objects, one detail table per scenario, memory,
 * garbage, the shared-memory example and the targets. Markdown tables, so the same text serves the terminal and
 * the README.
 */
import type { GarbageResult } from './garbage';
import type { MemoryResult } from './memory';
import type { ParallelResult } from './parallel';
import type { RunResults, ScenarioResult, TargetCheck } from './results';
import type { TaskResult } from './stats';

const fixed = (value: number | undefined, digits = 2): string => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits));
const count = (n: number): string => n.toLocaleString('en-US');

/** A ratio as printed: two significant decimals below 10, one above. */
export function ratio(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '';
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function passesPerSecond(msPerPass: number): string {
  const value = 1000 / msPerPass;
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

/** A markdown table with padded columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(3, cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${header.map((_, column) => (cells[column] ?? '').padEnd(widths[column] as number)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Competitors in the order the summary shows them (others follow in the order measured). */
export const summaryOrder = [
  'slotted columns',
  'slotted get(h)',
  'slotted cursor',
  'slotted for...of',
  'slotted forEach',
  'typed arrays',
  'classes',
  'objects forEach',
  'Map by id',
  'Map per record',
] as const;

/** How the summary's header names a competitor. */
export function columnName(competitor: string): string {
  const names: Record<string, string> = {
    'slotted columns': 'columns',
    'slotted get(h)': '`get(h)`',
    'slotted cursor': 'cursor',
    'slotted for...of': '`for...of`',
    'slotted forEach': '`forEach`',
    'typed arrays': 'bare typed arrays',
    classes: 'class instances',
    'objects forEach': 'objects `forEach`',
    'Map by id': '`Map` by id',
    'Map per record': 'one `Map` per record',
  };
  return names[competitor] ?? competitor;
}

/** The scenarios of the compact summary: every loop and tick scenario (ratios to plain objects). */
export function summaryScenarios(results: RunResults): ScenarioResult[] {
  return results.scenarios.filter((scenario) => scenario.kind !== 'other' && scenario.baseline === 'objects');
}

/** The competitors that appear in `scenarios`, in summary order, without the baseline. */
export function summaryCompetitors(scenarios: readonly ScenarioResult[]): string[] {
  const seen: string[] = [];
  for (const scenario of scenarios) for (const task of scenario.tasks) if (task.name !== scenario.baseline && !seen.includes(task.name)) seen.push(task.name);
  const ordered: string[] = summaryOrder.filter((name) => seen.includes(name));
  return [...ordered, ...seen.filter((name) => !ordered.includes(name))];
}

const taskOf = (scenario: ScenarioResult, name: string): TaskResult | undefined => scenario.tasks.find((task) => task.name === name);

/** One compact table: a row per scenario, a column per competitor, each cell the median ratio to plain objects. */
export function summaryTable(results: RunResults): string {
  const scenarios = summaryScenarios(results);
  if (scenarios.length === 0) return '';
  const competitors = summaryCompetitors(scenarios);
  const rows = scenarios.map((scenario) => [scenario.label, ...competitors.map((name) => ratio(taskOf(scenario, name)?.ratio))]);
  return table(['× plain objects (lower is faster)', ...competitors.map(columnName)], rows);
}

/** The scenarios outside the compact table, one line each. */
export function otherLines(results: RunResults): string[] {
  const lines: string[] = [];
  const find = (name: string) => results.scenarios.find((scenario) => scenario.name === name);
  const creation = find('creation');
  if (creation !== undefined) {
    const add = taskOf(creation, 'slotted add, preallocated');
    const growing = taskOf(creation, 'slotted add, growing from 64');
    lines.push(`**Creation**, ${creation.label}: preallocated ${ratio(add?.ratio)} × objects (${fixed(add?.msPerPass)} ms), growing from 64 ${ratio(growing?.ratio)} ×; class instances ${ratio(taskOf(creation, 'classes')?.ratio)} ×, \`Map\` by id ${ratio(taskOf(creation, 'Map by id')?.ratio)} ×.`);
  }
  const random = find('random');
  if (random !== undefined) {
    const cursor = taskOf(random, 'slotted cursor');
    lines.push(`**Random access**, ${random.label}: \`get(h)\` ${ratio(taskOf(random, 'slotted get(h)')?.ratio)} × objects${cursor === undefined ? '' : `, cursor ${ratio(cursor.ratio)} ×`}, columns ${ratio(taskOf(random, 'slotted columns')?.ratio)} ×; \`Map\` by id ${ratio(taskOf(random, 'Map by id')?.ratio)} ×.`);
  }
  const churn = find('churn');
  if (churn !== undefined) {
    const slotted = taskOf(churn, 'slotted');
    lines.push(`**Churn**, deleting and re-adding ${churn.label.replace(/^churn, /, '')}: ${fixed(slotted?.msPerPass)} ms per tick, ${ratio(slotted?.ratio)} × \`Map\` by id; objects with a free list ${ratio(taskOf(churn, 'objects + free list')?.ratio)} ×.`);
  }
  const snapshot = find('snapshot');
  if (snapshot !== undefined) {
    const ms = (name: string) => fixed(taskOf(snapshot, name)?.msPerPass, 1);
    const sizes = results.snapshotSizes;
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    lines.push(
      `**Snapshots** of ${snapshot.label.replace(/^snapshot of /, '')}: \`toBytes\` ${ms('slotted toBytes')} ms and \`fromBytes\` ${ms('slotted fromBytes')} ms, against ${ms('JSON.stringify objects')} ms for \`JSON.stringify\` and ${ms('JSON.parse objects')} ms for \`JSON.parse\`` +
        (sizes === undefined ? '.' : `; ${mib(sizes.snapshotBytes)} MiB of snapshot against ${mib(sizes.jsonBytes)} MiB of JSON.`),
    );
  }
  if (results.memory !== undefined) {
    const bytes = (competitor: string) => results.memory?.find((result) => result.competitor === competitor);
    const slotted = bytes('slotted');
    lines.push(
      `**Memory**, ${count(slotted?.records ?? 0)} records of two u32: ${fixed(slotted?.exactBytesPerRecord)} bytes per record by \`store.byteLength\` (${fixed(slotted?.bytesPerRecord)} on the heap), against ${fixed(bytes('objects')?.bytesPerRecord, 1)} for objects, ${fixed(bytes('classes')?.bytesPerRecord, 1)} for class instances, ${fixed(bytes('Map by id')?.bytesPerRecord, 1)} for \`Map\` by id and ${fixed(bytes('Map per record')?.bytesPerRecord, 1)} for a \`Map\` per record.`,
    );
  }
  if (results.garbage !== undefined && results.garbage.length > 0) {
    const first = results.garbage[0] as GarbageResult;
    lines.push(`**Garbage** over ${count(first.passes)} update passes of ${count(first.records)} records: ${results.garbage.map((each) => `${columnName(each.name)} ${fixed(each.heapGrowthKiB, 1)} KiB (${each.collections} GCs)`).join(', ')}.`);
  }
  if (results.parallel !== undefined) lines.push(`**Two workers** on a shared store: ${parallelSentence(results.parallel)}`);
  return lines;
}

/** One scenario's detail table. */
export function scenarioTable(scenario: ScenarioResult): string {
  const confidence = scenario.tasks[0]?.ratioConfidence ?? 0;
  const rangeHeader = scenario.rounds > 1 ? `range over rounds (${(confidence * 100).toFixed(1)}% conf.)` : 'range (one round)';
  const header = ['competitor', 'ms per pass', 'passes/s', `× ${scenario.baseline}`, rangeHeader];
  if (scenario.floor !== undefined) header.push(`× ${scenario.floor}`);
  header.push('rme %', 'passes');
  const rows = scenario.tasks.map((task) => {
    const row = [task.name, fixed(task.msPerPass, task.msPerPass < 1 ? 4 : 3), passesPerSecond(task.msPerPass), ratio(task.ratio), scenario.rounds > 1 ? `${ratio(task.ratioLow)}-${ratio(task.ratioHigh)}` : ''];
    if (scenario.floor !== undefined) row.push(ratio(task.ratioToFloor));
    row.push(fixed(task.rme, 1), count(task.passes));
    return row;
  });
  return `### ${scenario.title}\n\n${table(header, rows)}\n`;
}

/** The memory table: bytes per record of each layout. */
export function memoryTable(results: readonly MemoryResult[]): string {
  const objects = results.find((result) => result.competitor === 'objects')?.bytesPerRecord ?? Number.NaN;
  const rows = results.map((result) => [
    result.exactBytesPerRecord === undefined ? result.competitor : `${result.competitor} (byteLength: ${fixed(result.exactBytesPerRecord)} bytes/record)`,
    fixed(result.bytes / 2 ** 20),
    fixed(result.bytesPerRecord),
    fixed(result.bytesPerRecord / 8),
    fixed(result.bytesPerRecord / objects),
  ]);
  const records = results[0]?.records ?? 0;
  return `### Memory: ${count(records)} records { nombre: u32, identificador: u32 }\n(heapUsed + arrayBuffers after forced GC, each in a fresh process)\n\n${table(['layout', 'MiB', 'bytes/record', '× 8 bytes', '× objects'], rows)}\n`;
}

/** The garbage table: heap growth and collections of each path. */
export function garbageTable(results: readonly GarbageResult[]): string {
  const first = results[0];
  const rows = results.map((result) => [result.name, fixed(result.heapGrowthKiB, 1), String(result.collections)]);
  return `### Garbage: ${count(first?.passes ?? 0)} update passes over ${count(first?.records ?? 0)} records, after warm-up\n(each path in a fresh process; heapUsed after minus before, no forced GC in between)\n\n${table(['path', 'heap growth KiB', 'GCs during the passes'], rows)}\n`;
}

/** The shared-memory example in one sentence. */
export function parallelSentence(result: ParallelResult): string {
  return (
    `${result.steps} particle steps over ${count(result.records)} records took ${result.oneThreadMs.toFixed(1)} ms on one thread and ` +
    `${result.workersMs.toFixed(1)} ms on ${result.workers} workers each stepping its share of the handles (medians of ${result.rounds} rounds): ` +
    `${result.speedUp.toFixed(2)} × the speed of one thread.`
  );
}

/** Every target with what was measured and whether it was met. */
export function targetTable(checks: readonly TargetCheck[]): string {
  return `### Targets (issues #4 and #7)\n\n${table(['target', 'measured', 'met'], checks.map((check) => [check.target, check.measured, check.met ? 'yes' : 'NO']))}\n`;
}

/** The closing lines: which targets were missed, plainly, and what the exit code will be. */
export function targetVerdict(checks: readonly TargetCheck[], strict: boolean): string {
  const missed = checks.filter((check) => !check.met);
  if (checks.length === 0) return '';
  if (missed.length === 0) return `All ${checks.length} targets met.`;
  const list = missed.map((check) => `  - ${check.target}: measured ${check.measured}`).join('\n');
  const exit = strict ? 'Exiting with code 1 (--strict).' : 'Exit code 0 all the same (pass --strict to exit 1 on a missed target).';
  return `MISSED ${missed.length} of ${checks.length} targets:\n${list}\n${exit}`;
}
