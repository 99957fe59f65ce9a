/**
 * `npm run bench`: memory, sequential loops, creation, random access, churn and garbage, against plain objects,
 * class instances, Map records and bare typed arrays. `npm run bench -- --quick` is a small smoke run (CI runs it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { type GarbageResult, measureGarbage } from './garbage';
import { measureMemory, type MemoryResult } from './memory';
import { parallelParticles } from './parallel';
import { garbageTable, memoryTable, suiteTable, type TargetCheck, targetTable } from './report';
import { runScenario, scenarioNames, sizesFor } from './scenarios';
import type { SuiteSummary } from './suite';

const quick = process.argv.includes('--quick');
const sizes = sizesFor(quick);
const count = (n: number): string => n.toLocaleString('en-US');
console.log(`# slotted benchmarks${quick ? ' (quick smoke run: small sizes, one round, not for quoting)' : ''}`);
console.log(`Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString()}\n`);

const memory: MemoryResult[] = measureMemory(sizes.seed);
console.log(memoryTable(memory));

const suites: SuiteSummary[] = [];
const byName: Record<string, SuiteSummary> = {};
let snapshotSizes: unknown;
const sinks: number[] = [];
for (const name of scenarioNames) {
  const result = runScenario(name, quick);
  suites.push(result.summary);
  byName[name] = result.summary;
  sinks.push(...result.sinks);
  console.log(suiteTable(result.summary));
  if (result.snapshotSizes !== undefined) {
    snapshotSizes = result.snapshotSizes;
    console.log(
      `Snapshot size: ${(result.snapshotSizes.snapshotBytes / 2 ** 20).toFixed(2)} MiB; the same records as JSON: ${(result.snapshotSizes.jsonBytes / 2 ** 20).toFixed(2)} MiB\n`,
    );
  }
}

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
  check(`columns ${kind}, ${count(sizes.large)}: <= 0.5x objects`, ratio(byName[`${kind} large`], 'slotted columns'), 0.5);
  check(`columns ${kind}, ${count(sizes.large)}: <= 1.1x bare typed arrays`, ratio(byName[`${kind} large`], 'slotted columns', 'floor'), 1.1);
}
for (const path of ['slotted forEach', 'slotted for...of', 'slotted get(h)']) {
  check(`${path} reads (sum), ${count(sizes.large)}: <= 1.0x objects`, ratio(byName['sum large'], path), 1.0);
  check(`${path} updates, ${count(sizes.large)}: <= 1.3x objects`, ratio(byName['update large'], path), 1.3);
  check(`${path} particle step, ${count(sizes.large)}: <= 1.3x objects`, ratio(byName['particle large'], path), 1.3);
}
check(`creation of ${count(sizes.seed)}: <= 0.5x objects`, ratio(byName.creation, 'slotted add, preallocated'), 0.5);
check('random access by handle: <= 1.0x objects', ratio(byName.random, 'slotted get(h)'), 1.0);
check('churn: >= 2x faster than Map<number, object> (time ratio <= 0.5)', ratio(byName.churn, 'slotted'), 0.5);
for (const result of garbage.filter((each) => each.name === 'slotted forEach' || each.name === 'slotted columns')) {
  check(`garbage, ${result.name}: < 64 KiB over ${count(result.passes)} passes`, result.heapGrowthKiB, 64, (v) => `${v.toFixed(1)} KiB`);
}
if (quick) console.log('(quick run: sizes are too small for the targets to mean anything, so they are not checked)\n');
else console.log(targetTable(checks));

console.log(`checksum sinks (every pass folded in, so none could be optimised away): ${sinks.join(' ')}\n`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/bench-${quick ? 'quick-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
const results = { quick, node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), sizes, memory, suites, snapshotSizes, garbage, parallel, targets: quick ? [] : checks };
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`results written to ${file.pathname}`);
