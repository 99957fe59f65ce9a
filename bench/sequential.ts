/**
 * Sequential read and update over every record: the loops a simulation runs each frame.
 * Every competitor holds the same data; each task is one whole pass and returns a checksum.
 */
import { defineStruct } from '../src/index';
import type { BenchTask } from './suite';

// Schema literals list their keys in another order than the competitors' objects. V8 gives object literals with
// the same keys in the same order one hidden class: a schema { x: 'f32', ... } would turn the plain objects'
// number fields into string-or-number fields and box every double stored there (measured 7 ms -> 75 ms per
// particle pass). That is a cost of having both literals in one program, not of either layout.
const Pair = defineStruct({ b: 'u32', a: 'u32' }, { name: 'Pair' });
const Particle = defineStruct({ vx: 'f32', vy: 'f32', x: 'f32', y: 'f32' }, { name: 'Particle' });

class PairClass {
  constructor(
    public a: number,
    public b: number,
  ) {}
}

const dt = 1 / 64;
// Fractional starting values, so that plain objects hold doubles from the start: objects that start with small
// integers and turn into doubles on the first step migrate their hidden class, which is V8's cost, not the layout's.
const x0 = (i: number): number => (i % 13) * 0.5 + 0.25;
const v0 = (i: number, spread: number): number => ((i % spread) - (spread >> 1)) * 0.25 + 0.125;

/** Sum of one u32 field: every competitor must return the same checksum. */
export function sumTasks(records: number): BenchTask[] {
  const store = Pair.createStore({ capacity: records, growable: false });
  const a = new Uint32Array(records);
  const objects: { a: number; b: number }[] = [];
  const classes: PairClass[] = [];
  const maps: Map<string, number>[] = [];
  const byId = new Map<number, { a: number; b: number }>();
  for (let i = 0; i < records; i++) {
    const value = i & 0xffff;
    store.add({ a: value, b: i });
    a[i] = value;
    objects.push({ a: value, b: i });
    classes.push(new PairClass(value, i));
    maps.push(new Map([['a', value], ['b', i]]));
    byId.set(i, { a: value, b: i });
  }
  let expected = 0;
  for (let i = 0; i < records; i++) expected += i & 0xffff;
  return [
    { name: 'typed arrays', expect: expected, run: () => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] as number; return s; } },
    { name: 'slotted columns', expect: expected, run: () => { const col = store.columns.a; let s = 0; for (let i = 0; i < col.length; i++) s += col[i] as number; return s; } },
    { name: 'slotted get(h)', expect: expected, run: () => { let s = 0; const end = store.end; for (let h = 0; h < end; h++) s += store.get(h).a; return s; } },
    { name: 'slotted forEach', expect: expected, run: () => { let s = 0; store.forEach((v) => { s += v.a; }); return s; } },
    { name: 'slotted for...of', expect: expected, run: () => { let s = 0; for (const v of store) s += v.a; return s; } },
    { name: 'objects', expect: expected, run: () => { let s = 0; for (let i = 0; i < objects.length; i++) s += (objects[i] as { a: number }).a; return s; } },
    // The same callback shape as slotted forEach, to separate the cost of a closure-captured accumulator from the layout's.
    { name: 'objects forEach', expect: expected, run: () => { let s = 0; objects.forEach((o) => { s += o.a; }); return s; } },
    { name: 'classes', expect: expected, run: () => { let s = 0; for (let i = 0; i < classes.length; i++) s += (classes[i] as PairClass).a; return s; } },
    { name: 'Map per record', expect: expected, run: () => { let s = 0; for (let i = 0; i < maps.length; i++) s += (maps[i] as Map<string, number>).get('a') as number; return s; } },
    { name: 'Map by id', expect: expected, run: () => { let s = 0; for (const record of byId.values()) s += record.a; return s; } },
  ];
}

/** The update b = (b + a) >>> 0 on u32 fields (wrapping explicitly, as views refuse out-of-range values). */
export function updateTasks(records: number): BenchTask[] {
  const store = Pair.createStore({ capacity: records, growable: false });
  const a = new Uint32Array(records);
  const b = new Uint32Array(records);
  const objects: { a: number; b: number }[] = [];
  const classes: PairClass[] = [];
  const maps: Map<string, number>[] = [];
  const byId = new Map<number, { a: number; b: number }>();
  const stores = [store, Pair.createStore({ capacity: records }), Pair.createStore({ capacity: records }), Pair.createStore({ capacity: records })];
  for (let i = 0; i < records; i++) {
    for (const each of stores) each.add({ a: i, b: i });
    a[i] = i;
    b[i] = i;
    objects.push({ a: i, b: i });
    classes.push(new PairClass(i, i));
    maps.push(new Map([['a', i], ['b', i]]));
    byId.set(i, { a: i, b: i });
  }
  const [columns, viaGet, viaForEach, viaForOf] = stores as [typeof store, typeof store, typeof store, typeof store];
  const last = records - 1;
  return [
    { name: 'typed arrays', run: () => { for (let i = 0; i < b.length; i++) b[i] = ((b[i] as number) + (a[i] as number)) >>> 0; return b[last] as number; } },
    { name: 'slotted columns', run: () => { const ca = columns.columns.a; const cb = columns.columns.b; for (let i = 0; i < cb.length; i++) cb[i] = ((cb[i] as number) + (ca[i] as number)) >>> 0; return cb[last] as number; } },
    { name: 'slotted get(h)', run: () => { const end = viaGet.end; for (let h = 0; h < end; h++) { const v = viaGet.get(h); v.b = (v.b + v.a) >>> 0; } return viaGet.get(last).b; } },
    { name: 'slotted forEach', run: () => { viaForEach.forEach((v) => { v.b = (v.b + v.a) >>> 0; }); return viaForEach.get(last).b; } },
    { name: 'slotted for...of', run: () => { for (const v of viaForOf) v.b = (v.b + v.a) >>> 0; return viaForOf.get(last).b; } },
    { name: 'objects', run: () => { for (let i = 0; i < objects.length; i++) { const o = objects[i] as { a: number; b: number }; o.b = (o.b + o.a) >>> 0; } return (objects[last] as { b: number }).b; } },
    { name: 'classes', run: () => { for (let i = 0; i < classes.length; i++) { const o = classes[i] as PairClass; o.b = (o.b + o.a) >>> 0; } return (classes[last] as PairClass).b; } },
    { name: 'Map per record', run: () => { for (let i = 0; i < maps.length; i++) { const m = maps[i] as Map<string, number>; m.set('b', ((m.get('b') as number) + (m.get('a') as number)) >>> 0); } return (maps[last] as Map<string, number>).get('b') as number; } },
    { name: 'Map by id', run: () => { for (const o of byId.values()) o.b = (o.b + o.a) >>> 0; return (byId.get(last) as { b: number }).b; } },
  ];
}

/** A particle step over { x, y, vx, vy: f32 }: x += vx * dt; y += vy * dt. */
export function particleTasks(records: number): BenchTask[] {
  const make = () => {
    const store = Particle.createStore({ capacity: records, growable: false });
    for (let i = 0; i < records; i++) store.add({ x: x0(i), y: x0(i), vx: v0(i, 7), vy: v0(i, 5) });
    return store;
  };
  const [columns, viaGet, viaForEach, viaForOf] = [make(), make(), make(), make()];
  const x = new Float32Array(records), y = new Float32Array(records), vx = new Float32Array(records), vy = new Float32Array(records);
  const objects: { x: number; y: number; vx: number; vy: number }[] = [];
  const byId = new Map<number, { x: number; y: number; vx: number; vy: number }>();
  for (let i = 0; i < records; i++) {
    x[i] = y[i] = x0(i);
    vx[i] = v0(i, 7);
    vy[i] = v0(i, 5);
    objects.push({ x: x0(i), y: x0(i), vx: v0(i, 7), vy: v0(i, 5) });
    byId.set(i, { x: x0(i), y: x0(i), vx: v0(i, 7), vy: v0(i, 5) });
  }
  const last = records - 1;
  return [
    { name: 'typed arrays', run: () => { for (let i = 0; i < x.length; i++) { x[i] = (x[i] as number) + (vx[i] as number) * dt; y[i] = (y[i] as number) + (vy[i] as number) * dt; } return x[last] as number; } },
    { name: 'slotted columns', run: () => { const c = columns.columns; const cx = c.x, cy = c.y, cvx = c.vx, cvy = c.vy; for (let i = 0; i < cx.length; i++) { cx[i] = (cx[i] as number) + (cvx[i] as number) * dt; cy[i] = (cy[i] as number) + (cvy[i] as number) * dt; } return cx[last] as number; } },
    { name: 'slotted get(h)', run: () => { const end = viaGet.end; for (let h = 0; h < end; h++) { const p = viaGet.get(h); p.x += p.vx * dt; p.y += p.vy * dt; } return viaGet.get(last).x; } },
    { name: 'slotted forEach', run: () => { viaForEach.forEach((p) => { p.x += p.vx * dt; p.y += p.vy * dt; }); return viaForEach.get(last).x; } },
    { name: 'slotted for...of', run: () => { for (const p of viaForOf) { p.x += p.vx * dt; p.y += p.vy * dt; } return viaForOf.get(last).x; } },
    { name: 'objects', run: () => { for (let i = 0; i < objects.length; i++) { const p = objects[i] as { x: number; y: number; vx: number; vy: number }; p.x += p.vx * dt; p.y += p.vy * dt; } return (objects[last] as { x: number }).x; } },
    { name: 'Map by id', run: () => { for (const p of byId.values()) { p.x += p.vx * dt; p.y += p.vy * dt; } return (byId.get(last) as { x: number }).x; } },
  ];
}
