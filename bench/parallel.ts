/**
 * The shared-memory example: two worker threads step disjoint halves of one shared particle store in parallel,
 * against one thread stepping all of it. Runnable alone: `node --import tsx bench/parallel.ts [records] [steps]`.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { median } from './stats';
import { Particles } from './particles';

/** The shared-memory example's timings (medians over rounds). */
export interface ParallelResult {
  readonly records: number;
  readonly steps: number;
  readonly workers: number;
  readonly oneThreadMs: number;
  readonly workersMs: number;
  readonly speedUp: number;
  readonly rounds: number;
}

/** Times `steps` particle steps over `records` records on one thread and on `workerCount` workers, `rounds` times. */
export async function parallelParticles(records: number, steps: number, rounds: number, workerCount = 2): Promise<ParallelResult> {
  const store = Particles.createStore({ capacity: records, shared: true });
  for (let i = 0; i < records; i++) store.add({ x: 0.25, y: 0.25, vx: ((i % 7) - 3) * 0.25 + 0.125, vy: ((i % 5) - 2) * 0.25 + 0.125 });
  const { x, y, vx, vy } = store.columns;
  const oneThread = (count: number): void => {
    for (let step = 0; step < count; step++) {
      for (let i = 0; i < records; i++) {
        x[i] = (x[i] as number) + (vx[i] as number) * (1 / 64);
        y[i] = (y[i] as number) + (vy[i] as number) * (1 / 64);
      }
    }
  };

  const handle = store.share();
  const per = Math.ceil(records / workerCount);
  const workers = Array.from({ length: workerCount }, (_, index) =>
    new Worker(new URL('./ts-worker.mjs', import.meta.url), {
      workerData: { entry: new URL('./particle-worker.ts', import.meta.url).href, handle, start: index * per, end: Math.min(records, (index + 1) * per) },
    }),
  );
  const runWorkers = (count: number): Promise<void[]> =>
    Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('error', reject);
            worker.postMessage(count);
          }),
      ),
    );

  oneThread(3); // warm up both paths before timing
  await runWorkers(3);
  const single: number[] = [];
  const parallel: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    oneThread(steps);
    single.push(performance.now() - start);
    start = performance.now();
    await runWorkers(steps);
    parallel.push(performance.now() - start);
  }
  await Promise.all(workers.map((worker) => worker.terminate()));
  const oneThreadMs = median(single);
  const workersMs = median(parallel);
  return { records, steps, workers: workerCount, oneThreadMs, workersMs, speedUp: oneThreadMs / workersMs, rounds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { parallelSentence } = await import('./report');
  const result = await parallelParticles(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 20), 5);
  console.log(parallelSentence(result));
}
