// add() and addMany() cost for the checkout given (compare two worktrees), records { vy, vx, y, x: f32, id: u32 }
// (the 'arrow' bench's Body) into a fresh default store (growth included) and into a store presized for them:
//   node --expose-gc --import tsx scripts/add-probe.ts /path/to/checkout [records=100000] [rounds=9]
// Each round runs the four tasks in a rotated order, after a gc(); medians in ms of wall time and of CPU time
// (user + system: less disturbed when other processes share the cores). Also the older probe's line:
// add of 262,144 { nombre, identificador: u32 } records into a presized store.
import type * as Slotted from '../src/index';

const [checkout = '..', recordsArgument = '100000', roundsArgument = '9'] = process.argv.slice(2);
const { defineStruct } = (await import(`${checkout}/src/index.ts`)) as typeof Slotted;
const records = Number(recordsArgument);
const rounds = Number(roundsArgument);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const Body = defineStruct({ vy: 'f32', vx: 'f32', y: 'f32', x: 'f32', id: 'u32' }, { name: 'Body' });
const list = Array.from({ length: records }, (_, i) => ({ x: i * 0.5, y: -i * 0.25, vx: (i % 7) - 3.5, vy: (i % 5) - 2.5, id: i }));
const tasks: Record<string, () => number> = {
  'addMany, fresh': () => Body.createStore().addMany(list).length,
  'add loop, fresh': () => {
    const store = Body.createStore();
    for (let i = 0; i < list.length; i++) store.add(list[i]);
    return store.size;
  },
  'addMany, presized': () => Body.createStore({ capacity: records }).addMany(list).length,
  'add loop, presized': () => {
    const store = Body.createStore({ capacity: records });
    for (let i = 0; i < list.length; i++) store.add(list[i]);
    return store.size;
  },
};
const names = Object.keys(tasks);
const times = new Map<string, number[]>(names.map((name) => [name, []]));
const cpuTimes = new Map<string, number[]>(names.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + round) % names.length] as string;
    gc();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const added = (tasks[name] as () => number)();
    times.get(name)?.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.get(name)?.push((used.user + used.system) / 1000);
    if (added !== records) throw new Error(`${name}: ${added} records, expected ${records}`);
  }
}
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
const of = (name: string, table = times) => median(table.get(name) ?? []);
for (const name of names) {
  const all = (times.get(name) ?? []).map((t) => t.toFixed(1)).join(' ');
  console.log(`${name.padEnd(20)} ${of(name).toFixed(2).padStart(8)} ms, CPU ${of(name, cpuTimes).toFixed(2).padStart(8)} ms   [${all}]`);
}
const ratios = (table: Map<string, number[]>) =>
  `fresh ${(of('add loop, fresh', table) / of('addMany, fresh', table)).toFixed(2)}x, presized ${(of('add loop, presized', table) / of('addMany, presized', table)).toFixed(2)}x`;
console.log(`${checkout}, ${records.toLocaleString('en-US')} records: add loop / addMany: ${ratios(times)}; in CPU time ${ratios(cpuTimes)}`);

const P = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
const addTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  const store = P.createStore({ capacity: 262_144 });
  const start = performance.now();
  for (let i = 0; i < 262_144; i++) store.add({ nombre: i, identificador: 42 });
  addTimes.push(performance.now() - start);
}
console.log(`add 2xu32: ${median(addTimes).toFixed(2)} ms per 262,144`);
