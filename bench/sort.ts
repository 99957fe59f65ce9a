/**
 * Physical sort and compaction: `store.sort('x')` by an f32 field against `Array.prototype.sort` of the same
 * records as plain objects by that key, plus the comparator sort and `compact()`; and what following a
 * reference costs against a bare handle. Every figure is the median of
 * `rounds` timed runs, each on fresh unsorted data built outside the timing, in CPU time of the process (the
 * machine this project is measured on is shared; wall time is reported too).
 * Runnable alone: `node --expose-gc --import tsx bench/sort.ts [records] [rounds]`.
 */
import { loadavg } from 'node:os';
import { defineStruct } from '../src/index';
import { keys as randomValues } from './sort-tasks';
import { median } from './stats';

// Declared in another key order than the plain objects below, so the schema literal does not share their hidden class.
const Body = defineStruct({ id: 'u32', vy: 'f32', vx: 'f32', y: 'f32', x: 'f32' }, { name: 'Body' });

interface Plain {
  x: number;
  y: number;
  vx: number;
  vy: number;
  id: number;
}

export interface SortResult {
  readonly records: number;
  readonly rounds: number;
  /** `store.sort('x')`: every column of the store moved. */
  readonly storeSortMs: number;
  /** `objects.sort((a, b) => a.x - b.x)` over an array of plain objects. */
  readonly arraySortMs: number;
  /** `store.sort((a, b) => a.x - b.x)`: the comparator path. */
  readonly comparatorSortMs: number;
  /** `store.compact()` with every other record deleted. */
  readonly compactMs: number;
  /** arraySortMs / storeSortMs: the goal is at least 3. */
  readonly speedUp: number;
  /** The same two sorts in wall-clock time (the figures above are CPU time of the process). */
  readonly storeSortWallMs: number;
  readonly arraySortWallMs: number;
}

/** CPU time of this process while `run` runs, in ms: steadier than wall time on a machine shared with other work. */
function cpuTime(run: () => void, wall: number[]): number {
  const start = performance.now();
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  wall.push(performance.now() - start);
  return (used.user + used.system) / 1000;
}

export function sortBenchmark(records: number, rounds: number): SortResult {
  const xs = randomValues(records);
  const source = Body.createStore({ capacity: records, growable: false });
  for (let i = 0; i < records; i++) source.add({ x: xs[i] as number, y: i, vx: 1, vy: -1, id: i });
  const unsorted = source.toBytes();
  const objects: Plain[] = [];
  for (let i = 0; i < records; i++) objects.push({ x: xs[i] as number, y: i, vx: 1, vy: -1, id: i });

  const gc = (globalThis as { gc?: () => void }).gc;
  const storeSort: number[] = [];
  const arraySort: number[] = [];
  const comparatorSort: number[] = [];
  const compacts: number[] = [];
  const storeWall: number[] = [];
  const arrayWall: number[] = [];
  const otherWall: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    // Alternate which competitor goes first: the second one runs on a warmer (or more fragmented) heap.
    const order = round % 2 === 0 ? ['store', 'array'] : ['array', 'store'];
    for (const which of order) {
      gc?.();
      if (which === 'store') {
        const store = Body.fromBytes(unsorted);
        storeSort.push(cpuTime(() => store.sort('x'), storeWall));
        sink += store.columns.x[0] as number;
      } else {
        const copy = objects.slice();
        arraySort.push(cpuTime(() => copy.sort((a, b) => a.x - b.x), arrayWall));
        sink += (copy[0] as Plain).x;
      }
    }
    gc?.();
    const halved = Body.fromBytes(unsorted);
    for (let h = 0; h < records; h += 2) halved.delete(h);
    compacts.push(cpuTime(() => halved.compact(), otherWall));
    sink += halved.size;
  }
  // The comparator path is slow on purpose (a call per comparison): one run says enough.
  const store = Body.fromBytes(unsorted);
  comparatorSort.push(cpuTime(() => store.sort((a, b) => a.x - b.x), otherWall));
  sink += store.columns.x[0] as number;
  if (sink === 0.5) console.log(''); // keeps the results observable
  const storeSortMs = median(storeSort);
  const arraySortMs = median(arraySort);
  return {
    records,
    rounds,
    storeSortMs,
    arraySortMs,
    comparatorSortMs: median(comparatorSort),
    compactMs: median(compacts),
    speedUp: arraySortMs / storeSortMs,
    storeSortWallMs: median(storeWall),
    arraySortWallMs: median(arrayWall),
  };
}

/** The result as a Markdown table. */
export function sortTable(result: SortResult): string {
  const row = (what: string, ms: number): string => `| ${what} | ${ms.toFixed(1)} | ${(ms / result.arraySortMs).toFixed(3)} |`;
  return [
    `### Sorting ${result.records.toLocaleString('en-US')} records by an f32 field (median of ${result.rounds} rounds)`,
    '',
    '| what | CPU ms | × Array.prototype.sort of objects |',
    '| --- | --- | --- |',
    row("`store.sort('x')` (5 columns moved)", result.storeSortMs),
    row('`objects.sort((a, b) => a.x - b.x)`', result.arraySortMs),
    row('`store.sort((a, b) => a.x - b.x)` (comparator, 1 run)', result.comparatorSortMs),
    row('`store.compact()`, every other record deleted', result.compactMs),
    '',
    `store.sort by field is ${result.speedUp.toFixed(1)}x faster than Array.prototype.sort in CPU time (goal: >= 3x);`,
    `in wall time ${result.storeSortWallMs.toFixed(1)} ms against ${result.arraySortWallMs.toFixed(1)} ms (${(result.arraySortWallMs / result.storeSortWallMs).toFixed(1)}x).`,
    `Load average at the end: ${loadavg().map((load) => load.toFixed(2)).join(', ')}.`,
    '',
  ].join('\n');
}

// --- what references cost -----------------------------------------------------------------------------------

const Target = defineStruct({ hp: 'u32' }, { name: 'Target' });
const Seeker = defineStruct({ target: { ref: Target }, slot: 'u32' }, { name: 'Seeker' });

export interface ReferenceResult {
  readonly records: number;
  /** ns per record: summing the target's hp through `targets.get(handle).hp`, the handle kept in a u32 field. */
  readonly byHandleNs: number;
  /** ns per record: the same through `targets.get(targets.resolve(ref)).hp`, the reference kept in a f64 column. */
  readonly byResolveNs: number;
  /** ns per record: the same through the reference field, `seeker.target.hp` in a cursor loop. */
  readonly byFieldNs: number;
  /** ns per record: `store.ref(handle)`. */
  readonly refNs: number;
}

export function referenceBenchmark(records: number, rounds: number): ReferenceResult {
  const targets = Target.createStore({ capacity: records });
  const seekers = Seeker.createStore({ capacity: records });
  seekers.link('target', targets);
  for (let i = 0; i < records; i++) targets.add({ hp: i & 0xff });
  const refs = new Float64Array(records);
  for (let i = 0; i < records; i++) {
    const target = (i * 7919) % records; // scattered, as real references are
    refs[i] = targets.ref(target);
    seekers.add({ target: refs[i] as number, slot: target });
  }
  const slotColumn = seekers.columns.slot;
  const cursor = seekers.cursor();
  const byHandle: number[] = [];
  const byResolve: number[] = [];
  const byField: number[] = [];
  const makeRefs: number[] = [];
  const wall: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    byHandle.push(cpuTime(() => { for (let i = 0; i < records; i++) sink += targets.get(slotColumn[i] as number).hp; }, wall));
    byResolve.push(cpuTime(() => { for (let i = 0; i < records; i++) sink += targets.get(targets.resolve(refs[i] as number)).hp; }, wall));
    byField.push(cpuTime(() => { for (const seeker of cursor) sink += seeker.target?.hp ?? 0; }, wall));
    makeRefs.push(cpuTime(() => { for (let i = 0; i < records; i++) sink += targets.ref(i); }, wall));
  }
  if (sink === 0.5) console.log('');
  const ns = (ms: number[]): number => (median(ms) * 1e6) / records;
  return { records, byHandleNs: ns(byHandle), byResolveNs: ns(byResolve), byFieldNs: ns(byField), refNs: ns(makeRefs) };
}

/** The reference costs as a Markdown table. */
export function referenceTable(result: ReferenceResult): string {
  return [
    `### Following ${result.records.toLocaleString('en-US')} references (CPU ns per record, median)`,
    '',
    '| path | ns |',
    '| --- | --- |',
    `| \`targets.get(handle).hp\` (a bare handle: does not detect reuse) | ${result.byHandleNs.toFixed(1)} |`,
    `| \`targets.get(targets.resolve(ref)).hp\` | ${result.byResolveNs.toFixed(1)} |`,
    `| \`seeker.target.hp\` (reference field, cursor loop) | ${result.byFieldNs.toFixed(1)} |`,
    `| \`targets.ref(handle)\` | ${result.refNs.toFixed(1)} |`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const records = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 3);
  console.log(sortTable(sortBenchmark(records, rounds)));
  console.log(referenceTable(referenceBenchmark(records, rounds)));
}
