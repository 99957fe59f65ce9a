import { defineStruct } from '../src/index';
const Pair = defineStruct({ a: 'u32', b: 'u32' }, { name: 'Pair' });
const n = 1_000_000;
const store = Pair.createStore({ capacity: n, growable: false });
for (let i = 0; i < n; i++) store.add({ a: i & 0xffff, b: i });
function sumGet() { let s = 0; const end = store.end; for (let h = 0; h < end; h++) s += store.get(h).a; return s; }
function sumForEach() { let s = 0; store.forEach((v) => { s += v.a; }); return s; }
function sumForOf() { let s = 0; for (const v of store) s += v.a; return s; }
const which = process.argv[2];
const fn = which === 'get' ? sumGet : which === 'forEach' ? sumForEach : sumForOf;
for (let i = 0; i < 50; i++) fn();
const before = process.memoryUsage().heapUsed;
const t = performance.now();
let x = 0;
for (let i = 0; i < 50; i++) x += fn();
console.log(which, ((performance.now() - t) / 50).toFixed(2), 'ms/pass', 'heap delta KiB', ((process.memoryUsage().heapUsed - before) / 1024).toFixed(0), x);
