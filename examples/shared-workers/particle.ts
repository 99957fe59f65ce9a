import { defineStruct } from 'slotted';

// One module defines the struct for both threads: attach checks that name and fields match.
export const Particle = defineStruct({ x: 'f32', y: 'f32', vx: 'f32', vy: 'f32' }, { name: 'Particle' });
