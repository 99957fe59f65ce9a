/// <reference lib="dom" />
import { Particle } from '../shared-workers/particle.js';

// A page served with COOP/COEP headers (crossOriginIsolated === true): SharedArrayBuffer exists only there.
const particles = Particle.createStore({ capacity: 100_000, shared: true });
for (let i = 0; i < particles.capacity; i++) particles.add({ vx: 1, vy: -1 });

// Two module workers step disjoint halves of the handles 0 .. end: disjoint records need no locking.
const half = Math.ceil(particles.end / 2);
const ranges = [[0, half], [half, particles.end]];
await Promise.all(
  ranges.map(
    ([start, end]) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }); // it can import
        worker.onmessage = () => resolve(worker.terminate()); // the worker's writes are visible once its message arrives
        worker.onerror = reject;
        worker.postMessage({ handle: particles.share(), start, end, dt: 0.5 }); // SharedArrayBuffers: shared, not copied
      }),
  ),
);
console.log(particles.get(0).x, particles.get(particles.end - 1).y); // 0.5 -0.5
