/**
 * `npm run bench`: memory, sequential loops, creation, random access, churn and garbage, against plain objects,
 * class instances, Map records and bare typed arrays. `npm run bench -- --quick` is a small smoke run (CI runs it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { churnTasks, creationTasks, randomAccessTasks } from './access';
import { type GarbageResult, measureGarbage } from './garbage';
import { measureMemory, type MemoryResult } from './memory';
import { garbageTable, memoryTable, suiteTable, type TargetCheck, targetTable } from './report';
import { parallelParticles } from './parallel';
import { particleTasks, sumTasks, updateTasks } from './sequential';
import { snapshotTasks } from './snapshot';
import { type BenchTask, runSuite, type SuiteSummary, sink } from './suite';

const quick = process.argv.includes('--quick');
const sizes = quick
  ? { large: 20_000, small: 4_096, seed: 16_384, reads: 20_000, churn: 10_000, garbagePasses: 50, garbageRecords: 10_000, parallelSteps: 2 }
  : { large: 1_000_000, small: 65_536, seed: 262_144, reads: 1_000_000, churn: 100_000, garbagePasses: 1_000, garbageRecords: 100_000, parallelSteps: 20 };
const options = { rounds: quick ? 1 : 3, time: quick ? 20 : 250 };

const suites: SuiteSummary[] = [];
async function suite(title: string, tasks: BenchTask[], baseline = 'objects', floor: string | undefined = 'typed arrays'): Promise<SuiteSummary> {
  const result = await runSuite(title, tasks, floor === undefined ? { ...options, baseline } : { ...options, baseline, floor });
  suites.push(result);
  console.log(suiteTable(result));
  return result;
}

const count = (n: number): string => n.toLocaleString('en-US');
console.log(`# slotted benchmarks${quick ? ' (quick smoke run: small sizes, one round, not for quoting)' : ''}`);
console.log(`Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString()}\n`);

const memory: MemoryResult[] = measureMemory(sizes.seed);
console.log(memoryTable(memory));

const seq: Record<string, SuiteSummary> = {};
for (const records of [sizes.large, sizes.small]) {
  seq[`sum ${records}`] = await suite(`Sum of one u32 field, ${count(records)} records`, sumTasks(records));
  seq[`update ${records}`] = await suite(`Update b = (b + a) >>> 0, ${count(records)} records`, updateTasks(records));
  seq[`particle ${records}`] = await suite(`Particle step over { x, y, vx, vy: f32 }, ${count(records)} records`, particleTasks(records));
}
const creation = await suite(`Creation: add ${count(sizes.seed)} records from scratch`, creationTasks(sizes.seed));
const random = await suite(`Random access: ${count(sizes.reads)} reads by random handle over ${count(sizes.large)} records`, randomAccessTasks(sizes.large, sizes.reads));
const churn = await suite(`Churn: delete and re-add 10% of ${count(sizes.churn)} records per tick`, churnTasks(sizes.churn), 'Map by id', undefined);

const snapshot = snapshotTasks(sizes.large);
await suite(`Snapshot: ${count(sizes.large)} records { x, y, vx, vy: f32, id: u32 }`, snapshot.tasks, 'JSON.stringify objects', undefined);
console.log(
  `Snapshot size: ${(snapshot.sizes.snapshotBytes / 2 ** 20).toFixed(2)} MiB; the same records as JSON: ${(snapshot.sizes.jsonBytes / 2 ** 20).toFixed(2)} MiB\n`,
);

const garbage: GarbageResult[] = measureGarbage(sizes.garbagePasses, sizes.garbageRecords);
console.log(garbageTable(garbage));

const parallel = await parallelParticles(sizes.large, sizes.parallelSteps, quick ? 1 : 5);
console.log(
  `### Shared memory: particle steps over ${count(parallel.records)} records in a shared store\n\n` +
    `${parallel.steps} steps on one thread: ${parallel.oneThreadMs.toFixed(1)} ms (median); on ${parallel.workers} workers, ` +
    `each stepping half of the handles: ${parallel.workersMs.toFixed(1)} ms. Speed-up ${parallel.speedUp.toFixed(2)}x.\n`,
);

const ratio = (summary: SuiteSummary | undefined, task: string, to: 'baseline' | 'floor' = 'baseline'): number => {
  const found = summary?.tasks.find((each) => each.name === task);
  if (found === undefined) throw new Error(`no task ${task}`);
  return to === 'baseline' ? found.ratioToBaseline : (found.ratioToFloor as number);
};
const bytes = (competitor: string): number => memory.find((result) => result.competitor === competitor)?.bytesPerRecord ?? Number.NaN;
const large = sizes.large;
const checks: TargetCheck[] = [];
const check = (target: string, value: number, limit: number, format = (v: number) => `${v.toFixed(2)}`): void => {
  checks.push({ target, measured: format(value), met: value <= limit });
};
const exact = memory.find((result) => result.competitor === 'slotted')?.exactBytesPerRecord ?? Number.NaN;
checks.push({
  target: 'memory <= 9 bytes/record all in (store.byteLength; heap measurement beside it)',
  measured: `${exact.toFixed(2)} (heap: ${bytes('slotted').toFixed(2)})`,
  met: exact <= 9,
});
check('memory <= 0.18x plain objects', bytes('slotted') / bytes('objects'), 0.18);
check('memory <= 0.05x Map records', bytes('slotted') / bytes('Map per record'), 0.05);
for (const kind of ['sum', 'update', 'particle']) {
  check(`columns ${kind}, ${count(large)}: <= 0.5x objects`, ratio(seq[`${kind} ${large}`], 'slotted columns'), 0.5);
  check(`columns ${kind}, ${count(large)}: <= 1.1x bare typed arrays`, ratio(seq[`${kind} ${large}`], 'slotted columns', 'floor'), 1.1);
}
for (const path of ['slotted forEach', 'slotted for...of', 'slotted get(h)']) {
  check(`${path} reads (sum), ${count(large)}: <= 1.0x objects`, ratio(seq[`sum ${large}`], path), 1.0);
  check(`${path} updates, ${count(large)}: <= 1.3x objects`, ratio(seq[`update ${large}`], path), 1.3);
  check(`${path} particle step, ${count(large)}: <= 1.3x objects`, ratio(seq[`particle ${large}`], path), 1.3);
}
check(`creation of ${count(sizes.seed)}: <= 0.5x objects`, ratio(creation, 'slotted add, preallocated'), 0.5);
check('random access by handle: <= 1.0x objects', ratio(random, 'slotted get(h)'), 1.0);
check('churn: >= 2x faster than Map<number, object> (time ratio <= 0.5)', ratio(churn, 'slotted'), 0.5);
for (const result of garbage.filter((each) => each.name === 'slotted forEach' || each.name === 'slotted columns')) {
  check(`garbage, ${result.name}: < 64 KiB over ${count(result.passes)} passes`, result.heapGrowthKiB, 64, (v) => `${v.toFixed(1)} KiB`);
}
if (quick) console.log('(quick run: sizes are too small for the targets to mean anything, so they are not checked)\n');
else console.log(targetTable(checks));
console.log(`checksum sink: ${sink}`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/bench-${quick ? 'quick-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
const results = { quick, node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), sizes, memory, suites, snapshotSizes: snapshot.sizes, garbage, parallel, targets: quick ? [] : checks };
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`results written to ${file.pathname}`);
