import { defineStruct } from '../src/index';

/** The particle struct of the parallel example; the main thread and its workers both define it. */
// Keys in another order than the benchmarks' plain objects: see the note in sequential.ts.
export const Particles = defineStruct({ vy: 'f32', vx: 'f32', y: 'f32', x: 'f32' }, { name: 'Particles' });
