import { parentPort, workerData } from 'node:worker_threads';
import type { SharedStoreHandle } from 'slotted';
import { Particle } from './particle.js';

const { handle, start, end, dt } = workerData as { handle: SharedStoreHandle; start: number; end: number; dt: number };
const particles = Particle.attach(handle);      // the same memory, no copy
const { x, y, vx, vy } = particles.columns;
for (let i = start; i < end; i++) {
  x[i] += vx[i] * dt;
  y[i] += vy[i] * dt;
}
parentPort?.postMessage('done');                 // parentPort is null only outside a worker
