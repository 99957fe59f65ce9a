// add() cost, 262,144 records into a fresh store, for the checkout given (compare two worktrees):
//   node --import tsx scripts/add-probe.ts /path/to/checkout
import type * as Slotted from '../src/index';

const { defineStruct } = (await import(`${process.argv[2] ?? '..'}/src/index.ts`)) as typeof Slotted;
const P = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
const U = defineStruct({ x: 'f32', y: 'f32', pos: ['f32', 3] }, { name: 'U' });
const times: number[] = [], times2: number[] = [];
for (let r = 0; r < 30; r++) {
  const s = P.createStore({ capacity: 262_144 });
  let t = process.cpuUsage();
  for (let i = 0; i < 262_144; i++) s.add({ nombre: i, identificador: 42 });
  let d = process.cpuUsage(t); times.push((d.user + d.system) / 1000);
  const u = U.createStore({ capacity: 262_144 });
  t = process.cpuUsage();
  for (let i = 0; i < 262_144; i++) u.add({ x: i, y: 1, pos: [1, 2, 3] });
  d = process.cpuUsage(t); times2.push((d.user + d.system) / 1000);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!.toFixed(2);
console.log(process.argv[2], 'add 2xu32:', med(times), 'ms; add with vector:', med(times2), 'ms per 262,144');
