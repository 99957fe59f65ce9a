// Scavenges and CPU time during 10 measured passes of one loop path. Usage: node --trace-gc --import tsx scripts/alloc-probe.ts PATH [clean|error]
// PATH: get forof forEach cursor cursorof tickObjects tickViews tickMove tickRead tickCursor. "error" first catches a stale read and refused writes.
import { defineStruct } from '../src/index';
const [path, mode = 'clean'] = process.argv.slice(2);
const N = Number(process.env.PROBE_RECORDS ?? 1_000_000);
const S = defineStruct({ b: 'u32', a: 'u32' }, { name: 'AB' });
const store = S.createStore({ capacity: N + 1 });
for (let i = 0; i < N; i++) store.add({ a: i & 0xff, b: 0 });
// tick: six stores of 1,000 records, six loops in one function
const small = Array.from({ length: 6 }, () => { const s = S.createStore({ capacity: 1000 }); for (let i = 0; i < 1000; i++) s.add({ a: i, b: 1000 - i }); return s; });
const cursors = small.map((s) => s.cursor());
const plain = Array.from({ length: 6 }, () => Array.from({ length: 1000 }, (_, i) => ({ a: i, b: 1000 - i })));
function tickObjects() {
  let t = 0;
  { const s = plain[0]!; for (let h = 0; h < s.length; h++) { const v = s[h]!; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = plain[1]!; for (let h = 0; h < s.length; h++) { const v = s[h]!; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = plain[2]!; for (let h = 0; h < s.length; h++) { const v = s[h]!; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = plain[3]!; for (let h = 0; h < s.length; h++) { const v = s[h]!; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = plain[4]!; for (let h = 0; h < s.length; h++) { const v = s[h]!; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = plain[5]!; for (let h = 0; h < s.length; h++) { const v = s[h]!; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  return t;
}
const big = store.cursor();
function tickViews() {
  let t = 0;
  { const s = small[0]!; for (let h = 0; h < s.end; h++) { const v = s.get(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = small[1]!; for (let h = 0; h < s.end; h++) { const v = s.get(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = small[2]!; for (let h = 0; h < s.end; h++) { const v = s.get(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = small[3]!; for (let h = 0; h < s.end; h++) { const v = s.get(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = small[4]!; for (let h = 0; h < s.end; h++) { const v = s.get(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const s = small[5]!; for (let h = 0; h < s.end; h++) { const v = s.get(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  return t;
}
function tickMove() {
  let t = 0;
  { const c = cursors[0]!, e = small[0]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[1]!, e = small[1]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[2]!, e = small[2]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[3]!, e = small[3]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[4]!, e = small[4]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[5]!, e = small[5]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); const x = v.a; v.a = v.b; v.b = x; t += x; } }
  return t;
}
function tickRead() {
  let t = 0;
  { const c = cursors[0]!, e = small[0]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); t += v.a + v.b; } }
  { const c = cursors[1]!, e = small[1]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); t += v.a + v.b; } }
  { const c = cursors[2]!, e = small[2]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); t += v.a + v.b; } }
  { const c = cursors[3]!, e = small[3]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); t += v.a + v.b; } }
  { const c = cursors[4]!, e = small[4]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); t += v.a + v.b; } }
  { const c = cursors[5]!, e = small[5]!.end; for (let h = 0; h < e; h++) { const v = c.moveTo(h); t += v.a + v.b; } }
  return t;
}
function tickCursor() {
  let t = 0;
  { const c = cursors[0]!; while (c.advance()) { const v = c.record; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[1]!; while (c.advance()) { const v = c.record; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[2]!; while (c.advance()) { const v = c.record; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[3]!; while (c.advance()) { const v = c.record; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[4]!; while (c.advance()) { const v = c.record; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  { const c = cursors[5]!; while (c.advance()) { const v = c.record; const x = v.a; v.a = v.b; v.b = x; t += x; } }
  return t;
}
const paths: Record<string, () => number> = {
  get: () => { let s = 0; for (let h = 0; h < store.end; h++) s += store.get(h).a; return s; },
  forof: () => { let s = 0; for (const v of store) s += v.a; return s; },
  forEach: () => { let s = 0; store.forEach((v) => { s += v.a; }); return s; },
  cursor: () => { let s = 0; while (big.advance()) s += big.record.a; return s; },
  cursorof: () => { let s = 0; for (const v of big) s += v.a; return s; },
  tickViews: () => { let s = 0; for (let r = 0; r < 166; r++) s += tickViews(); return s; },
  tickObjects: () => { let s = 0; for (let r = 0; r < 166; r++) s += tickObjects(); return s; },
  tickMove: () => { let s = 0; for (let r = 0; r < 166; r++) s += tickMove(); return s; },
  tickRead: () => { let s = 0; for (let r = 0; r < 166; r++) s += tickRead(); return s; },
  tickCursor: () => { let s = 0; for (let r = 0; r < 166; r++) s += tickCursor(); return s; },
};
const run = paths[path!]!;
for (let i = 0; i < 5; i++) run();
if (mode === 'error') {
  const h = store.add({ a: 1 }); const v = store.get(h); store.delete(h); store.add({ a: 1 });
  for (let j = 0; j < 3; j++) { try { v.a; } catch {} try { store.get(0).a = -1; } catch {} try { small[0]!.get(0).a = -1; } catch {} try { cursors[0]!.record.a; } catch {} }
  for (let i = 0; i < 5; i++) run();
}
console.log('MEASURE-START');
const t0 = process.cpuUsage();
for (let i = 0; i < 10; i++) run();
const d = process.cpuUsage(t0);
console.log('MEASURE-END', ((d.user + d.system) / 10000).toFixed(2), 'ms cpu per pass');
