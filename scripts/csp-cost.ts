/**
 * What the closures fallback (strict CSP, no `new Function`) costs against the generated code, on 1,000,000
 * records { a, b: u32 }: each mode in a fresh process, median ms of 10 passes after 5 warm-up passes.
 *
 *   npx tsx scripts/csp-cost.ts            # both modes, one struct in the program, then six
 *   npx tsx scripts/csp-cost.ts closures 1 # one mode, one or six structs (what the parent runs)
 */
import { execFileSync } from 'node:child_process';
import { setCodegenMode } from '../src/codegen';
import { defineStruct } from '../src/index';

const N = 1_000_000;
const [mode, structs] = process.argv.slice(2);

function median(pass: () => unknown): number {
  for (let w = 0; w < 5; w++) pass();
  const times: number[] = [];
  for (let r = 0; r < 10; r++) {
    const start = performance.now();
    pass();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return (times[4]! + times[5]!) / 2;
}

function measure(mode: 'generated' | 'closures', structs: number): Record<string, number> {
  setCodegenMode(mode);
  const S = defineStruct({ a: 'u32', b: 'u32' }, { name: 'AB' });
  // Other structs passing through the same accessors and loops first, as in a program with several structs.
  const others = [
    defineStruct({ x: 'f32', y: 'f32' }, { name: 'XY' }),
    defineStruct({ hp: 'u16', id: 'i32' }, { name: 'Unit' }),
    defineStruct({ v: 'f64', n: 'u8' }, { name: 'VN' }),
    defineStruct({ k: 'i16', m: 'u32' }, { name: 'KM' }),
    defineStruct({ p: 'i8', q: 'f32' }, { name: 'PQ' }),
  ].slice(0, structs - 1);
  for (const O of others) {
    const store = O.createStore({ capacity: 1000 });
    for (let i = 0; i < 1000; i++) store.add();
    const [f, g] = O.fields.map((field) => field.name) as [string, string];
    for (let r = 0; r < 200; r++) {
      let t = 0;
      for (let h = 0; h < store.end; h++) {
        const v = store.get(h) as unknown as Record<string, number>;
        v[g] = (v[f] as number) + 1;
        t += v[g] as number;
      }
      for (const v of store.cursor() as Iterable<Record<string, number>>) t += v[f] as number;
      if (t < 0) console.log(t);
    }
  }
  const store = S.createStore({ capacity: N });
  for (let i = 0; i < N; i++) store.add({ a: i & 0xff, b: 0 });
  const cursor = store.cursor();
  let sink = 0;
  const results = {
    'add 1M (fresh store)': median(() => {
      const fresh = S.createStore({ capacity: N });
      for (let i = 0; i < N; i++) fresh.add({ a: i & 0xff, b: 1 });
    }),
    'get(h) sum': median(() => {
      let t = 0;
      for (let h = 0; h < store.end; h++) t += store.get(h).a;
      sink += t;
    }),
    'get(h) update': median(() => {
      for (let h = 0; h < store.end; h++) {
        const v = store.get(h);
        v.b = (v.b + v.a) | 0;
      }
    }),
    'cursor sum': median(() => {
      let t = 0;
      for (const r of cursor) t += r.a;
      sink += t;
    }),
    'cursor update': median(() => {
      for (const r of cursor) r.b = (r.b + r.a) | 0;
    }),
    'for...of views sum': median(() => {
      let t = 0;
      for (const v of store) t += v.a;
      sink += t;
    }),
  };
  if (sink === -1) console.log(sink);
  return results;
}

if (mode === 'generated' || mode === 'closures') {
  process.stdout.write(JSON.stringify(measure(mode, Number(structs ?? 1))));
} else {
  for (const count of [1, 6]) {
    const run = (m: string) =>
      JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/csp-cost.ts', m, String(count)], { encoding: 'utf8' })) as Record<string, number>;
    const generated = run('generated');
    const closures = run('closures');
    console.log(`\n${count} struct(s) in the program; ms per pass over ${N.toLocaleString('en')} records (median of 10)`);
    console.log('| path | generated | closures | ratio |\n| --- | --- | --- | --- |');
    for (const key of Object.keys(generated)) {
      const g = generated[key]!, c = closures[key]!;
      console.log(`| ${key} | ${g.toFixed(1)} | ${c.toFixed(1)} | ${(c / g).toFixed(2)}x |`);
    }
  }
}
