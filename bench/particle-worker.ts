/**
 * A worker for the parallel particle example: attaches to the shared store it is sent and, on each "run"
 * message, steps the particles in its half-open range of handles, then answers "done".
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Particles } from './particles';
import type { SharedStoreHandle } from '../src/index';

const { handle, start, end } = workerData as { handle: SharedStoreHandle; start: number; end: number };
const store = Particles.attach(handle);
const { x, y, vx, vy } = store.columns;

parentPort?.on('message', (steps: number) => {
  for (let step = 0; step < steps; step++) {
    for (let i = start; i < end; i++) {
      x[i] = (x[i] as number) + (vx[i] as number) * (1 / 64);
      y[i] = (y[i] as number) + (vy[i] as number) * (1 / 64);
    }
  }
  parentPort?.postMessage('done');
});
