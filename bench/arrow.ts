/**
 * Arrow and bulk loading, 1,000,000 particle records { vy, vx, y, x: f32, id: u32 } (the snapshot benchmark's
 * schema):
 * - out: `toArrow`, `toArrow` + IPC write (stream and file), against `toBytes` and `JSON.stringify` of objects;
 * - in: `fromArrow`, IPC read + `fromArrow`, against `fromBytes`;
 * - bulk: `addMany` against `add` in a loop, both into a fresh default store (growth included) and into a
 *   presized one.
 *
 * Standalone: `node --expose-gc --import tsx bench/arrow.ts [--quick]` prints a median per task over rounds that
 * rotate the task order. `arrowTasks(records)` returns the same tasks in the shape bench/suite.ts runs
 * (`{ name, prepare, expect }`), for the harness (bench/arrow-tasks.ts, which runs in `npm run bench` as 'arrow').
 */
import { pathToFileURL } from 'node:url';

import { type ArrowBenchTask, arrowTasks } from './arrow-tasks';

export { arrowTasks };

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Runs every task `rounds` times (order rotated each round, a warm-up pass first) and returns median ms. */
export function runArrowBench(records: number, rounds: number): Map<string, number[]> {
  const tasks = arrowTasks(records);
  const times = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = tasks.map((_, k) => tasks[(k + round) % tasks.length] as ArrowBenchTask);
    for (const task of order) {
      let pass: (() => number) | undefined = task.prepare();
      const result = pass();
      if (task.expect !== undefined && result !== task.expect) throw new Error(`${task.name}: expected ${task.expect}, got ${result}`);
      gc();
      const start = performance.now();
      pass();
      times.get(task.name)?.push(performance.now() - start);
      pass = undefined;
      gc();
    }
  }
  return times;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const records = quick ? 20_000 : 1_000_000;
  const rounds = quick ? 3 : 7;
  const times = runArrowBench(records, rounds);
  console.log(`Arrow and bulk loading, ${records.toLocaleString('en-US')} records, median of ${rounds} rounds (ms)`);
  for (const [name, values] of times) {
    console.log(`${name.padEnd(30)} ${median(values).toFixed(2).padStart(9)}   [${values.map((value) => value.toFixed(1)).join(', ')}]`);
  }
  const ratio = (a: string, b: string) => median(times.get(a) ?? []) / median(times.get(b) ?? []);
  console.log(`add loop / addMany: fresh ${ratio('add loop, fresh store', 'addMany, fresh store').toFixed(2)}x, presized ${ratio('add loop, presized', 'addMany, presized').toFixed(2)}x`);
  console.log(`IPC stream / toBytes: ${ratio('toArrow + IPC stream', 'toBytes').toFixed(2)}x; JSON.stringify / IPC stream: ${ratio('JSON.stringify objects', 'toArrow + IPC stream').toFixed(2)}x`);
}
