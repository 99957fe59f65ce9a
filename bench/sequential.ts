/**
 * Sequential read and update over every record: the loops a simulation runs each frame.
 * Every competitor holds the same data; each pass returns a checksum.
 */
import { defineStruct } from '../src/index';
import { byIdOf, classesOf, columnOf, mapsOf, objectsOf, storeOf } from './data';
import { cursorOf, whenCursor } from './cursor';
import type { BenchTask } from './sampler';

// Schema literals list their keys in another order than the competitors' objects. V8 gives object literals with
// the same keys in the same order one hidden class: a schema { x: 'f32', ... } would turn the plain objects'
// number fields into string-or-number fields and box every double stored there (measured 7 ms -> 75 ms per
// particle pass). That is a cost of having both literals in one program, not of either layout.
/** The two-u32 struct of the sum and update loops. */
export const Pair = defineStruct({ b: 'u32', a: 'u32' }, { name: 'Pair' });
/** The particle struct of the particle step. */
export const Particle = defineStruct({ vx: 'f32', vy: 'f32', x: 'f32', y: 'f32' }, { name: 'Particle' });

interface PairRecord {
  a: number;
  b: number;
}
interface ParticleRecord {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

class PairClass {
  constructor(
    public a: number,
    public b: number,
  ) {}
}

class ParticleClass {
  constructor(
    public x: number,
    public y: number,
    public vx: number,
    public vy: number,
  ) {}
}

const dt = 1 / 64;
// Fractional starting values, so that plain objects hold doubles from the start: objects that start with small
// integers and turn into doubles on the first step migrate their hidden class, which is V8's cost, not the layout's.
const x0 = (i: number): number => (i % 13) * 0.5 + 0.25;
const v0 = (i: number, spread: number): number => ((i % spread) - (spread >> 1)) * 0.25 + 0.125;

/** Sum of one u32 field: every competitor must return the same checksum. */
export function sumTasks(records: number): BenchTask[] {
  const a = (i: number): number => i & 0xffff;
  const pair = (i: number): PairRecord => ({ a: a(i), b: i });
  let expect = 0;
  for (let i = 0; i < records; i++) expect += a(i);
  return [
    {
      name: 'typed arrays',
      expect,
      prepare: () => {
        const column = columnOf(Uint32Array, records, (i) => a(i));
        return () => { let s = 0; for (let i = 0; i < column.length; i++) s += column[i] as number; return s; };
      },
    },
    {
      name: 'slotted columns',
      expect,
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { const col = store.columns.a; let s = 0; for (let i = 0; i < col.length; i++) s += col[i] as number; return s; };
      },
    },
    {
      name: 'slotted get(h)',
      expect,
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { let s = 0; const end = store.end; for (let h = 0; h < end; h++) s += store.get(h).a; return s; };
      },
    },
    ...whenCursor(Pair, [{
      name: 'slotted cursor',
      expect,
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        const cursor = cursorOf(store); // made once and reused every pass, as the library's docs advise
        return () => { let s = 0; while (cursor.advance()) s += cursor.record.a; return s; };
      },
    }]),
    {
      name: 'slotted forEach',
      expect,
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { let s = 0; store.forEach((v) => { s += v.a; }); return s; };
      },
    },
    {
      name: 'slotted for...of',
      expect,
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { let s = 0; for (const v of store) s += v.a; return s; };
      },
    },
    {
      name: 'objects',
      expect,
      prepare: () => {
        const list = objectsOf(records, pair);
        return () => { let s = 0; for (let i = 0; i < list.length; i++) s += (list[i] as PairRecord).a; return s; };
      },
    },
    {
      // The same callback shape as slotted forEach, to separate the cost of a closure-captured accumulator from the layout's.
      name: 'objects forEach',
      expect,
      prepare: () => {
        const list = objectsOf(records, pair);
        return () => { let s = 0; list.forEach((o) => { s += o.a; }); return s; };
      },
    },
    {
      name: 'classes',
      expect,
      prepare: () => {
        const list = classesOf(records, (i) => new PairClass(a(i), i));
        return () => { let s = 0; for (let i = 0; i < list.length; i++) s += (list[i] as PairClass).a; return s; };
      },
    },
    {
      name: 'Map per record',
      expect,
      prepare: () => {
        const list = mapsOf(records, pair);
        return () => { let s = 0; for (let i = 0; i < list.length; i++) s += (list[i] as Map<string, number>).get('a') as number; return s; };
      },
    },
    {
      name: 'Map by id',
      expect,
      prepare: () => {
        const byId = byIdOf(records, pair);
        return () => { let s = 0; for (const record of byId.values()) s += record.a; return s; };
      },
    },
  ];
}

/** The update b = (b + a) >>> 0 on u32 fields (wrapping explicitly, as views refuse out-of-range values). */
export function updateTasks(records: number): BenchTask[] {
  const pair = (i: number): PairRecord => ({ a: i, b: i });
  const last = records - 1;
  return [
    {
      name: 'typed arrays',
      prepare: () => {
        const a = columnOf(Uint32Array, records, (i) => i);
        const b = a.slice();
        return () => { for (let i = 0; i < b.length; i++) b[i] = ((b[i] as number) + (a[i] as number)) >>> 0; return b[last] as number; };
      },
    },
    {
      name: 'slotted columns',
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { const ca = store.columns.a; const cb = store.columns.b; for (let i = 0; i < cb.length; i++) cb[i] = ((cb[i] as number) + (ca[i] as number)) >>> 0; return cb[last] as number; };
      },
    },
    {
      name: 'slotted get(h)',
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { const end = store.end; for (let h = 0; h < end; h++) { const v = store.get(h); v.b = (v.b + v.a) >>> 0; } return store.get(last).b; };
      },
    },
    ...whenCursor(Pair, [{
      name: 'slotted cursor',
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        const cursor = cursorOf(store);
        return () => { while (cursor.advance()) { const v = cursor.record; v.b = (v.b + v.a) >>> 0; } return store.get(last).b; };
      },
    }]),
    {
      name: 'slotted forEach',
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { store.forEach((v) => { v.b = (v.b + v.a) >>> 0; }); return store.get(last).b; };
      },
    },
    {
      name: 'slotted for...of',
      prepare: () => {
        const store = storeOf(Pair, records, pair);
        return () => { for (const v of store) v.b = (v.b + v.a) >>> 0; return store.get(last).b; };
      },
    },
    {
      name: 'objects',
      prepare: () => {
        const list = objectsOf(records, pair);
        return () => { for (let i = 0; i < list.length; i++) { const o = list[i] as PairRecord; o.b = (o.b + o.a) >>> 0; } return (list[last] as PairRecord).b; };
      },
    },
    {
      name: 'classes',
      prepare: () => {
        const list = classesOf(records, (i) => new PairClass(i, i));
        return () => { for (let i = 0; i < list.length; i++) { const o = list[i] as PairClass; o.b = (o.b + o.a) >>> 0; } return (list[last] as PairClass).b; };
      },
    },
    {
      name: 'Map per record',
      prepare: () => {
        const list = mapsOf(records, pair);
        return () => { for (let i = 0; i < list.length; i++) { const m = list[i] as Map<string, number>; m.set('b', ((m.get('b') as number) + (m.get('a') as number)) >>> 0); } return (list[last] as Map<string, number>).get('b') as number; };
      },
    },
    {
      name: 'Map by id',
      prepare: () => {
        const byId = byIdOf(records, pair);
        return () => { for (const o of byId.values()) o.b = (o.b + o.a) >>> 0; return (byId.get(last) as PairRecord).b; };
      },
    },
  ];
}

/** A particle step over { x, y, vx, vy: f32 }: x += vx * dt; y += vy * dt. */
export function particleTasks(records: number): BenchTask[] {
  const particle = (i: number): ParticleRecord => ({ x: x0(i), y: x0(i), vx: v0(i, 7), vy: v0(i, 5) });
  const last = records - 1;
  return [
    {
      name: 'typed arrays',
      prepare: () => {
        const x = columnOf(Float32Array, records, (i) => x0(i));
        const y = x.slice();
        const vx = columnOf(Float32Array, records, (i) => v0(i, 7));
        const vy = columnOf(Float32Array, records, (i) => v0(i, 5));
        return () => { for (let i = 0; i < x.length; i++) { x[i] = (x[i] as number) + (vx[i] as number) * dt; y[i] = (y[i] as number) + (vy[i] as number) * dt; } return x[last] as number; };
      },
    },
    {
      name: 'slotted columns',
      prepare: () => {
        const store = storeOf(Particle, records, particle);
        return () => { const c = store.columns; const cx = c.x, cy = c.y, cvx = c.vx, cvy = c.vy; for (let i = 0; i < cx.length; i++) { cx[i] = (cx[i] as number) + (cvx[i] as number) * dt; cy[i] = (cy[i] as number) + (cvy[i] as number) * dt; } return cx[last] as number; };
      },
    },
    {
      name: 'slotted get(h)',
      prepare: () => {
        const store = storeOf(Particle, records, particle);
        return () => { const end = store.end; for (let h = 0; h < end; h++) { const p = store.get(h); p.x += p.vx * dt; p.y += p.vy * dt; } return store.get(last).x; };
      },
    },
    ...whenCursor(Particle, [{
      name: 'slotted cursor',
      prepare: () => {
        const store = storeOf(Particle, records, particle);
        const cursor = cursorOf(store);
        return () => { while (cursor.advance()) { const p = cursor.record; p.x += p.vx * dt; p.y += p.vy * dt; } return store.get(last).x; };
      },
    }]),
    {
      name: 'slotted forEach',
      prepare: () => {
        const store = storeOf(Particle, records, particle);
        return () => { store.forEach((p) => { p.x += p.vx * dt; p.y += p.vy * dt; }); return store.get(last).x; };
      },
    },
    {
      name: 'slotted for...of',
      prepare: () => {
        const store = storeOf(Particle, records, particle);
        return () => { for (const p of store) { p.x += p.vx * dt; p.y += p.vy * dt; } return store.get(last).x; };
      },
    },
    {
      name: 'objects',
      prepare: () => {
        const list = objectsOf(records, particle);
        return () => { for (let i = 0; i < list.length; i++) { const p = list[i] as ParticleRecord; p.x += p.vx * dt; p.y += p.vy * dt; } return (list[last] as ParticleRecord).x; };
      },
    },
    {
      name: 'classes',
      prepare: () => {
        const list = classesOf(records, (i) => new ParticleClass(x0(i), x0(i), v0(i, 7), v0(i, 5)));
        return () => { for (let i = 0; i < list.length; i++) { const p = list[i] as ParticleClass; p.x += p.vx * dt; p.y += p.vy * dt; } return (list[last] as ParticleClass).x; };
      },
    },
    {
      name: 'Map per record',
      prepare: () => {
        const list = mapsOf(records, particle);
        return () => { for (let i = 0; i < list.length; i++) { const m = list[i] as Map<string, number>; m.set('x', (m.get('x') as number) + (m.get('vx') as number) * dt); m.set('y', (m.get('y') as number) + (m.get('vy') as number) * dt); } return (list[last] as Map<string, number>).get('x') as number; };
      },
    },
    {
      name: 'Map by id',
      prepare: () => {
        const byId = byIdOf(records, particle);
        return () => { for (const p of byId.values()) { p.x += p.vx * dt; p.y += p.vy * dt; } return (byId.get(last) as ParticleRecord).x; };
      },
    },
  ];
}
