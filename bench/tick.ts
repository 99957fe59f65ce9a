/**
 * The shape real game code has (issue #7): one tick function with six loops over six different stores, each
 * loop swapping two fields of every record. V8 spends a function's cumulative inlining budget on the first few
 * loops; past it only "small" functions are inlined (under 27 bytes of bytecode in Node 20's V8, 30 in
 * Chromium 156's), so views whose accessors are larger become real calls and real allocations. Six loops of 1,000
 * `get(h)` swaps measured 10.6-12.4x plain objects in Node 20 before the work of issue #7.
 *
 * The loops are written out one by one, as a game writes them: a loop over the six stores would be one call site
 * seeing six view classes, which measures polymorphism instead.
 */
import { defineStruct, type Store } from '../src/index';
import { type BenchCursor, cursorOf, whenCursor } from './cursor';
import { columnOf, objectsOf, storeOf } from './data';
import type { BenchTask } from './sampler';

// Six structs, so six view classes with their own accessors, as six component types would have. Keys in another
// order than the plain objects' (see sequential.ts).
const schema = { b: 'u32', a: 'u32' } as const;
/** The six structs of the tick, one per store. */
export const tickStructs = [0, 1, 2, 3, 4, 5].map((k) => defineStruct(schema, { name: `Tick${k}` }));

interface PairRecord {
  a: number;
  b: number;
}
type TickStore = Store<typeof schema>;
type TickCursor = BenchCursor<typeof schema>;

/**
 * Six swap loops of `records` records each in one function. Each loop adds up field `a` before swapping; with
 * a = i and b = records - 1 - i both fields have the same sum, so every pass returns the same checksum.
 */
export function tickTasks(records: number): BenchTask[] {
  const pair = (i: number): PairRecord => ({ a: i, b: records - 1 - i });
  const expect = 6 * ((records * (records - 1)) / 2);
  const stores = (): TickStore[] => tickStructs.map((struct) => storeOf(struct, records, pair));
  const six = <T>(make: () => T): T[] => [0, 1, 2, 3, 4, 5].map(make);
  return [
    {
      name: 'typed arrays',
      expect,
      prepare: () => {
        const [a0, a1, a2, a3, a4, a5] = six(() => columnOf(Uint32Array, records, (i) => i)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
        const [b0, b1, b2, b3, b4, b5] = six(() => columnOf(Uint32Array, records, (i) => records - 1 - i)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
        return () => {
          let s = 0;
          for (let i = 0; i < a0.length; i++) { const t = a0[i] as number; a0[i] = b0[i] as number; b0[i] = t; s += t; }
          for (let i = 0; i < a1.length; i++) { const t = a1[i] as number; a1[i] = b1[i] as number; b1[i] = t; s += t; }
          for (let i = 0; i < a2.length; i++) { const t = a2[i] as number; a2[i] = b2[i] as number; b2[i] = t; s += t; }
          for (let i = 0; i < a3.length; i++) { const t = a3[i] as number; a3[i] = b3[i] as number; b3[i] = t; s += t; }
          for (let i = 0; i < a4.length; i++) { const t = a4[i] as number; a4[i] = b4[i] as number; b4[i] = t; s += t; }
          for (let i = 0; i < a5.length; i++) { const t = a5[i] as number; a5[i] = b5[i] as number; b5[i] = t; s += t; }
          return s;
        };
      },
    },
    {
      name: 'slotted columns',
      expect,
      prepare: () => {
        const [s0, s1, s2, s3, s4, s5] = stores() as [TickStore, TickStore, TickStore, TickStore, TickStore, TickStore];
        return () => {
          let s = 0;
          { const a = s0.columns.a, b = s0.columns.b; for (let i = 0; i < a.length; i++) { const t = a[i] as number; a[i] = b[i] as number; b[i] = t; s += t; } }
          { const a = s1.columns.a, b = s1.columns.b; for (let i = 0; i < a.length; i++) { const t = a[i] as number; a[i] = b[i] as number; b[i] = t; s += t; } }
          { const a = s2.columns.a, b = s2.columns.b; for (let i = 0; i < a.length; i++) { const t = a[i] as number; a[i] = b[i] as number; b[i] = t; s += t; } }
          { const a = s3.columns.a, b = s3.columns.b; for (let i = 0; i < a.length; i++) { const t = a[i] as number; a[i] = b[i] as number; b[i] = t; s += t; } }
          { const a = s4.columns.a, b = s4.columns.b; for (let i = 0; i < a.length; i++) { const t = a[i] as number; a[i] = b[i] as number; b[i] = t; s += t; } }
          { const a = s5.columns.a, b = s5.columns.b; for (let i = 0; i < a.length; i++) { const t = a[i] as number; a[i] = b[i] as number; b[i] = t; s += t; } }
          return s;
        };
      },
    },
    {
      name: 'slotted get(h)',
      expect,
      prepare: () => {
        const [s0, s1, s2, s3, s4, s5] = stores() as [TickStore, TickStore, TickStore, TickStore, TickStore, TickStore];
        return () => {
          let s = 0;
          for (let h = 0, end = s0.end; h < end; h++) { const v = s0.get(h); const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let h = 0, end = s1.end; h < end; h++) { const v = s1.get(h); const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let h = 0, end = s2.end; h < end; h++) { const v = s2.get(h); const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let h = 0, end = s3.end; h < end; h++) { const v = s3.get(h); const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let h = 0, end = s4.end; h < end; h++) { const v = s4.get(h); const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let h = 0, end = s5.end; h < end; h++) { const v = s5.get(h); const t = v.a; v.a = v.b; v.b = t; s += t; }
          return s;
        };
      },
    },
    ...whenCursor(tickStructs[0] as (typeof tickStructs)[number], [
      {
        name: 'slotted cursor',
        expect,
        prepare: () => {
          // One cursor per store, made once and reused every tick, as the library's docs advise.
          const [c0, c1, c2, c3, c4, c5] = stores().map((store) => cursorOf(store)) as [TickCursor, TickCursor, TickCursor, TickCursor, TickCursor, TickCursor];
          return () => {
            let s = 0;
            while (c0.advance()) { const v = c0.record; const t = v.a; v.a = v.b; v.b = t; s += t; }
            while (c1.advance()) { const v = c1.record; const t = v.a; v.a = v.b; v.b = t; s += t; }
            while (c2.advance()) { const v = c2.record; const t = v.a; v.a = v.b; v.b = t; s += t; }
            while (c3.advance()) { const v = c3.record; const t = v.a; v.a = v.b; v.b = t; s += t; }
            while (c4.advance()) { const v = c4.record; const t = v.a; v.a = v.b; v.b = t; s += t; }
            while (c5.advance()) { const v = c5.record; const t = v.a; v.a = v.b; v.b = t; s += t; }
            return s;
          };
        },
      },
    ]),
    {
      name: 'slotted for...of',
      expect,
      prepare: () => {
        const [s0, s1, s2, s3, s4, s5] = stores() as [TickStore, TickStore, TickStore, TickStore, TickStore, TickStore];
        return () => {
          let s = 0;
          for (const v of s0) { const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (const v of s1) { const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (const v of s2) { const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (const v of s3) { const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (const v of s4) { const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (const v of s5) { const t = v.a; v.a = v.b; v.b = t; s += t; }
          return s;
        };
      },
    },
    {
      name: 'slotted forEach',
      expect,
      prepare: () => {
        const [s0, s1, s2, s3, s4, s5] = stores() as [TickStore, TickStore, TickStore, TickStore, TickStore, TickStore];
        return () => {
          let s = 0;
          s0.forEach((v) => { const t = v.a; v.a = v.b; v.b = t; s += t; });
          s1.forEach((v) => { const t = v.a; v.a = v.b; v.b = t; s += t; });
          s2.forEach((v) => { const t = v.a; v.a = v.b; v.b = t; s += t; });
          s3.forEach((v) => { const t = v.a; v.a = v.b; v.b = t; s += t; });
          s4.forEach((v) => { const t = v.a; v.a = v.b; v.b = t; s += t; });
          s5.forEach((v) => { const t = v.a; v.a = v.b; v.b = t; s += t; });
          return s;
        };
      },
    },
    {
      // Six arrays of one object shape: the plain-object program a game would write for the same data.
      name: 'objects',
      expect,
      prepare: () => {
        const [o0, o1, o2, o3, o4, o5] = six(() => objectsOf(records, pair)) as [PairRecord[], PairRecord[], PairRecord[], PairRecord[], PairRecord[], PairRecord[]];
        return () => {
          let s = 0;
          for (let i = 0; i < o0.length; i++) { const v = o0[i] as PairRecord; const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let i = 0; i < o1.length; i++) { const v = o1[i] as PairRecord; const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let i = 0; i < o2.length; i++) { const v = o2[i] as PairRecord; const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let i = 0; i < o3.length; i++) { const v = o3[i] as PairRecord; const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let i = 0; i < o4.length; i++) { const v = o4[i] as PairRecord; const t = v.a; v.a = v.b; v.b = t; s += t; }
          for (let i = 0; i < o5.length; i++) { const v = o5[i] as PairRecord; const t = v.a; v.a = v.b; v.b = t; s += t; }
          return s;
        };
      },
    },
  ];
}
