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
 * (`{ name, prepare, expect }`), for the harness.
 */
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { pathToFileURL } from 'node:url';
import { fromArrow, toArrow } from '../src/arrow/index';
import { defineStruct } from '../src/index';

const Body = defineStruct({ vy: 'f32', vx: 'f32', y: 'f32', x: 'f32', id: 'u32' }, { name: 'Body' });
const body = (i: number) => ({ x: i * 0.5, y: -i * 0.25, vx: (i % 7) - 3.5, vy: (i % 5) - 2.5, id: i });

/** A benchmark task: `prepare` builds its data and returns one pass, which returns a checksum. */
export interface ArrowBenchTask {
  readonly name: string;
  readonly prepare: () => () => number;
  readonly expect?: number;
}

function filled(records: number, holes = false) {
  const store = Body.createStore({ capacity: records });
  store.addMany(Array.from({ length: records }, (_, i) => body(i)));
  if (holes) for (let handle = 0; handle < records; handle += 10) store.delete(handle);
  return store;
}

/** The tasks, over `records` records. */
export function arrowTasks(records: number): ArrowBenchTask[] {
  const objects = () => Array.from({ length: records }, (_, i) => body(i));
  return [
    { name: 'toArrow', expect: records, prepare: () => { const store = filled(records); return () => toArrow(store).numRows; } },
    { name: 'toArrow, no handle column', expect: records, prepare: () => { const store = filled(records); return () => toArrow(store, { handle: false }).numRows; } },
    { name: 'toArrow, 10% deleted', expect: records - Math.ceil(records / 10), prepare: () => { const store = filled(records, true); return () => toArrow(store).numRows; } },
    { name: 'toArrow + IPC stream', prepare: () => { const store = filled(records); return () => tableToIPC(toArrow(store), 'stream').length; } },
    { name: 'toArrow + IPC file', prepare: () => { const store = filled(records); return () => tableToIPC(toArrow(store), 'file').length; } },
    { name: 'toBytes', prepare: () => { const store = filled(records); return () => store.toBytes().length; } },
    { name: 'JSON.stringify objects', prepare: () => { const list = objects(); return () => JSON.stringify(list).length; } },
    { name: 'fromArrow (table)', expect: records, prepare: () => { const table = toArrow(filled(records)); return () => fromArrow(Body, table).size; } },
    { name: 'IPC stream read + fromArrow', expect: records, prepare: () => { const bytes = tableToIPC(toArrow(filled(records))); return () => fromArrow(Body, tableFromIPC(bytes)).size; } },
    { name: 'fromBytes', expect: records, prepare: () => { const bytes = filled(records).toBytes(); return () => Body.fromBytes(bytes).size; } },
    { name: 'addMany, fresh store', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore(); store.addMany(list); return store.size; }; } },
    { name: 'add loop, fresh store', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore(); for (let i = 0; i < list.length; i++) store.add(list[i]); return store.size; }; } },
    { name: 'addMany, presized', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore({ capacity: records }); store.addMany(list); return store.size; }; } },
    { name: 'add loop, presized', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore({ capacity: records }); for (let i = 0; i < list.length; i++) store.add(list[i]); return store.size; }; } },
  ];
}

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
