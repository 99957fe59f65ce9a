// Views in a hot loop that throws and catches errors by the thousand (1% of 100,000 views stale, or 1% of writes
// refused), for the checkout given (compare two worktrees):
//   node --import tsx scripts/error-storm-probe.ts /path/to/checkout
// The error branches of view accessors deopt optimised code while `fence.value` is an object (codegen/fields.ts
// `fenced`); this is the case where that would cost most, and why it stops once errors come 1,000 a second.
import type * as Slotted from '../src/index';

const { defineStruct } = (await import(`${process.argv[2] ?? '..'}/src/index.ts`)) as typeof Slotted;
const S = defineStruct({ a: 'u32', b: 'u32' }, { name: 'AB' });
const N = 100_000;
const store = S.createStore({ capacity: N });
for (let i = 0; i < N; i++) store.add({ a: i, b: 0 });
const views = Array.from({ length: N }, (_, h) => store.get(h));
for (let h = 0; h < N; h += 100) {
  store.delete(h);
  store.add({ a: 1 });
}
function read(): number {
  let sum = 0;
  for (let h = 0; h < N; h++) {
    try {
      sum += (views[h] as (typeof views)[number]).a;
    } catch {
      sum--;
    }
  }
  return sum;
}
function write(): number {
  let caught = 0;
  for (let h = 0; h < N; h++) {
    try {
      (views[h] as (typeof views)[number]).b = h % 100 === 1 ? -1 : 1;
    } catch {
      caught++;
    }
  }
  return caught;
}
for (const [name, pass] of [['read, 1% stale', read], ['write, 1% refused', write]] as const) {
  for (let i = 0; i < 5; i++) pass();
  const start = performance.now();
  for (let i = 0; i < 20; i++) pass();
  console.log(`${name}: ${((performance.now() - start) / 20).toFixed(2)} ms a pass`);
}
