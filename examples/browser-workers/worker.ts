/// <reference lib="dom" />
import type { SharedStoreHandle } from 'slotted';
import { Particle } from '../shared-workers/particle.js';

type Step = { handle: SharedStoreHandle; start: number; end: number; dt: number };
self.onmessage = (event: MessageEvent<Step>) => {
  const { handle, start, end, dt } = event.data;
  const particles = Particle.attach(handle);      // the same memory, no copy
  const { x, y, vx, vy } = particles.columns;
  for (let i = start; i < end; i++) {
    x[i] += vx[i] * dt;
    y[i] += vy[i] * dt;
  }
  self.postMessage('done');
};
