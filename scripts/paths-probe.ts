// View-path ratios to plain objects in one process (CPU time; noisy, and later tasks are affected by earlier ones:
// the benchmark runs each in a fresh process). Usage: node --import tsx scripts/paths-probe.ts [clean|error] [records]
import { defineStruct } from '../src/index';
const mode = process.argv[2] ?? 'clean';
const N = Number(process.argv[3] ?? 1_000_000);
const S = defineStruct({ b: 'u32', a: 'u32' }, { name: 'AB' });
const store = S.createStore({ capacity: N });
const objects: { a: number; b: number }[] = [];
for (let i = 0; i < N; i++) { store.add({ a: i & 0xff, b: 0 }); objects.push({ a: i & 0xff, b: 0 }); }
if (mode === 'error') {
  const h = store.add({ a: 1 }); const v = store.get(h); store.delete(h); store.add({ a: 1 }); objects.push({ a: 1, b: 0 });
  for (let j = 0; j < 3; j++) { try { v.a; } catch {} try { store.get(0).a = -1; } catch {} }
}
const cursor = store.cursor();
const tasks: Record<string, () => number> = {
  objects_sum: () => { let s = 0; for (let i = 0; i < objects.length; i++) s += objects[i]!.a; return s; },
  columns_sum: () => { let s = 0; const c = store.columns.a; for (let i = 0; i < store.end; i++) s += c[i]!; return s; },
  get_sum: () => { let s = 0; for (let h = 0; h < store.end; h++) s += store.get(h).a; return s; },
  forof_sum: () => { let s = 0; for (const v of store) s += v.a; return s; },
  forEach_sum: () => { let s = 0; store.forEach((v) => { s += v.a; }); return s; },
  cursor_sum: () => { let s = 0; while (cursor.advance()) s += cursor.record.a; return s; },
  cursormove_sum: () => { let s = 0; for (let h = 0; h < store.end; h++) s += cursor.moveTo(h).a; return s; },
  cursorrec_sum: () => { let s = 0; const r = cursor.record; while (cursor.advance()) s += r.a; return s; },
  cursorof_sum: () => { let s = 0; for (const v of cursor) s += v.a; return s; },
  objects_upd: () => { for (let i = 0; i < objects.length; i++) { const o = objects[i]!; o.b = (o.b + o.a) >>> 0; } return 0; },
  columns_upd: () => { const a = store.columns.a, b = store.columns.b; for (let i = 0; i < store.end; i++) b[i] = (b[i]! + a[i]!) >>> 0; return 0; },
  get_upd: () => { for (let h = 0; h < store.end; h++) { const v = store.get(h); v.b = (v.b + v.a) >>> 0; } return 0; },
  forof_upd: () => { for (const v of store) v.b = (v.b + v.a) >>> 0; return 0; },
  cursor_upd: () => { while (cursor.advance()) { const v = cursor.record; v.b = (v.b + v.a) >>> 0; } return 0; },
};
const names = Object.keys(tasks);
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < 15; round++) {
  for (const n of names) { const t0 = process.cpuUsage(); tasks[n]!(); const d = process.cpuUsage(t0); times[n]!.push((d.user + d.system) / 1000); }
}
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b).slice(3); return s[Math.floor(s.length / 2)]!; };
for (const kind of ['sum', 'upd']) {
  const base = med(times[`objects_${kind}`]!);
  console.log(`${mode} N=${N} ${kind}: objects ${base.toFixed(2)} ms; ` + names.filter((n) => n.endsWith(kind) && !n.startsWith('objects')).map((n) => `${n.split('_')[0]} ${(med(times[n]!) / base).toFixed(2)}x`).join(', '));
}
