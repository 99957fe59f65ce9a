/**
 * Garbage in steady state: heap growth and garbage collections over many update passes, after warm-up.
 * `bench/child.ts` runs `measureGarbageHere` in a fresh process for each path, so that one path's garbage and
 * JIT state cannot reach another.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { defineStruct, type Struct } from '../src/index';
import { type BenchCursor, cursorOf, hasCursor } from './cursor';

const Pair = defineStruct({ b: 'u32', a: 'u32' }, { name: 'GarbagePair' });

/** One path's garbage over many passes. */
export interface GarbageResult {
  readonly name: string;
  readonly passes: number;
  readonly records: number;
  /** heapUsed after the passes minus heapUsed before them (no forced GC in between), KiB. */
  readonly heapGrowthKiB: number;
  /** Garbage collections that ran during the passes. */
  readonly collections: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measure(name: string, passes: number, records: number, pass: () => void): Promise<GarbageResult> {
  for (let i = 0; i < 200; i++) pass(); // warm up until the pass is optimised
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    collections += list.getEntries().length;
  });
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10)); // let the forced GC's entry arrive before observing
  // One more window, not measured: after the forced GC, V8 compiled the pass (and a getter it calls twice a pass)
  // again, once, inside the window, and its compiler's 60-147 KiB read as the cursor's garbage. Steady state is
  // what follows: a probe of 200,000 cursor passes allocated nothing per pass.
  for (let i = 0; i < passes; i++) pass();
  observer.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < passes; i++) pass();
  const after = process.memoryUsage().heapUsed;
  await new Promise((resolve) => setTimeout(resolve, 10)); // gc entries are delivered asynchronously
  observer.disconnect();
  return { name, passes, records, heapGrowthKiB: (after - before) / 1024, collections };
}

/** The iteration paths measured, in order. */
export const garbagePaths = ['slotted columns', 'slotted forEach', 'slotted get(h)', 'slotted for...of', 'slotted cursor'] as const;
/** One of {@link garbagePaths}. */
export type GarbagePath = (typeof garbagePaths)[number];

/** The paths this version of the library has (the cursor is recent). */
export const availableGarbagePaths = (): GarbagePath[] => garbagePaths.filter((path) => path !== 'slotted cursor' || hasCursor(Pair));

/** Measures one iteration path in this process. */
export async function measureGarbageHere(path: GarbagePath, passes: number, records: number): Promise<GarbageResult> {
  const store = Pair.createStore({ capacity: records, growable: false });
  for (let i = 0; i < records; i++) store.add({ a: i & 0xff, b: i });
  let cursor: BenchCursor<typeof Pair extends Struct<infer S> ? S : never> | undefined;
  const passesByPath: Record<GarbagePath, () => void> = {
    'slotted columns': () => {
      const ca = store.columns.a;
      const cb = store.columns.b;
      for (let i = 0; i < cb.length; i++) cb[i] = ((cb[i] as number) + (ca[i] as number)) >>> 0;
    },
    'slotted forEach': () => {
      store.forEach((view) => {
        view.b = (view.b + view.a) >>> 0;
      });
    },
    'slotted get(h)': () => {
      for (let h = 0; h < store.end; h++) {
        const view = store.get(h);
        view.b = (view.b + view.a) >>> 0;
      }
    },
    'slotted for...of': () => {
      for (const view of store) view.b = (view.b + view.a) >>> 0;
    },
    'slotted cursor': () => {
      cursor ??= cursorOf(store);
      while (cursor.advance()) {
        const view = cursor.record;
        view.b = (view.b + view.a) >>> 0;
      }
    },
  };
  return measure(path, passes, records, passesByPath[path]);
}
