/**
 * Printing results: one table per scenario, and the targets of issue #4 checked against the measured ratios.
 */
import type { GarbageResult } from './garbage';
import type { MemoryResult } from './memory';
import type { SuiteSummary } from './suite';

const fixed = (value: number | undefined, digits = 2): string => (value === undefined ? '' : value.toFixed(digits));

function ops(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function suiteTable(suite: SuiteSummary): string {
  const header = ['task', 'passes/s (median)', 'mean ms', 'p99 ms', 'rme %', `x ${suite.baseline}`];
  if (suite.floor !== undefined) header.push(`x ${suite.floor}`);
  const rows = suite.tasks.map((task) => {
    const row = [task.name, ops(task.opsPerSecond), fixed(task.meanMs, 3), fixed(task.p99Ms, 3), fixed(task.rme, 1), fixed(task.ratioToBaseline)];
    if (suite.floor !== undefined) row.push(fixed(task.ratioToFloor));
    return row;
  });
  return `### ${suite.title}\n(${suite.rounds} round(s), task order rotated; ratios are medians of per-round ratios of mean latency)\n\n${table(header, rows)}\n`;
}

export function memoryTable(results: readonly MemoryResult[]): string {
  const floor = 8;
  const objects = results.find((result) => result.competitor === 'objects')?.bytesPerRecord ?? Number.NaN;
  const rows = results.map((result) => [
    result.exactBytesPerRecord === undefined ? result.competitor : `${result.competitor} (byteLength: ${fixed(result.exactBytesPerRecord)} bytes/record)`,
    fixed(result.bytes / 2 ** 20),
    fixed(result.bytesPerRecord),
    fixed(result.bytesPerRecord / floor),
    fixed(result.bytesPerRecord / objects),
  ]);
  const records = results[0]?.records ?? 0;
  return `### Memory: ${records.toLocaleString('en-US')} records { nombre: u32, identificador: u32 }\n(heapUsed + arrayBuffers after forced GC, each in a fresh process)\n\n${table(['layout', 'MiB', 'bytes/record', 'x 8 bytes', 'x objects'], rows)}\n`;
}

export function garbageTable(results: readonly GarbageResult[]): string {
  const first = results[0];
  const rows = results.map((result) => [result.name, fixed(result.heapGrowthKiB, 1), String(result.collections)]);
  return `### Garbage: ${first?.passes ?? 0} update passes over ${(first?.records ?? 0).toLocaleString('en-US')} records, after warm-up\n(each path in a fresh process; heapUsed after minus before, no forced GC in between)\n\n${table(['path', 'heap growth KiB', 'GCs during the passes'], rows)}\n`;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export function targetTable(checks: readonly TargetCheck[]): string {
  return `### Targets\n\n${table(['target', 'measured', 'met'], checks.map((check) => [check.target, check.measured, check.met ? 'yes' : 'NO']))}\n`;
}
