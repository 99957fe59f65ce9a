/**
 * Garbage in steady state: heap growth and garbage collections over many update passes, after warm-up.
 */
import { execFileSync } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { defineStruct } from '../src/index';

const Pair = defineStruct({ b: 'u32', a: 'u32' }, { name: 'GarbagePair' });

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
  observer.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < passes; i++) pass();
  const after = process.memoryUsage().heapUsed;
  await new Promise((resolve) => setTimeout(resolve, 10)); // gc entries are delivered asynchronously
  observer.disconnect();
  return { name, passes, records, heapGrowthKiB: (after - before) / 1024, collections };
}

export const garbagePaths = ['slotted columns', 'slotted forEach', 'slotted get(h)', 'slotted for...of'] as const;
type GarbagePath = (typeof garbagePaths)[number];

/** Measures one iteration path in this process. */
export async function measureGarbageHere(path: GarbagePath, passes: number, records: number): Promise<GarbageResult> {
  const store = Pair.createStore({ capacity: records, growable: false });
  for (let i = 0; i < records; i++) store.add({ a: i & 0xff, b: i });
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
  };
  return measure(path, passes, records, passesByPath[path]);
}

/** Measures every path, each in a fresh process so that one path's garbage and JIT state cannot reach another. */
export function measureGarbage(passes: number, records: number): GarbageResult[] {
  return garbagePaths.map((path) => {
    const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), path, String(passes), String(records)], {
      encoding: 'utf8',
    });
    return JSON.parse(output.trim().split('\n').pop() as string) as GarbageResult;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] as GarbagePath;
  if (!garbagePaths.includes(path)) throw new Error(`unknown path ${path}`);
  console.log(JSON.stringify(await measureGarbageHere(path, Number(process.argv[3]), Number(process.argv[4]))));
}
