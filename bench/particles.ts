import { defineStruct } from '../src/index';

/** The particle struct of the parallel example; the main thread and its workers both define it. */
export const Particles = defineStruct({ x: 'f32', y: 'f32', vx: 'f32', vy: 'f32' }, { name: 'Particles' });
