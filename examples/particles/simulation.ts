/**
 * The particle simulation of the demo (particles orbiting a central mass), twice: over a slotted store's columns and over plain objects, with the
 * same arithmetic, so the two panels differ only in how the particles are held.
 */
import { defineStruct, type Infer } from '../../src/index';

// Declared in a different key order from the plain objects below: V8 gives object literals with the same keys
// in the same order one hidden class, and a schema literal sharing it with the particles slowed them 10x.
export const Particle = defineStruct({ vx: 'f32', vy: 'f32', x: 'f32', y: 'f32' }, { name: 'Particle' });
export type ParticleStore = ReturnType<typeof Particle.createStore>;
export type ParticleColumns = ParticleStore['columns'];

/** A particle as a plain object, the layout slotted is compared with. */
export interface PlainParticle {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/** The world is `size × size` units, drawn onto each canvas. */
export const worldSize = 1;
const centre = worldSize / 2;
/** The central mass's pull (G·M): a particle at 0.2 from the centre goes round in about 3 s. */
const gravity = 0.035;
/** Softening: the pull stops growing within about this distance of the centre, so no step flings a particle. */
const softening2 = 0.02 * 0.02;

/** A deterministic pseudo-random sequence (mulberry32), so both panels start from the same particles. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A starting state: three spiral arms around the centre, each particle on a near-circular orbit. */
function start(next: () => number): Infer<typeof Particle> {
  const radius = 0.04 + 0.4 * next() ** 0.8;
  const arm = Math.floor(next() * 3);
  const angle = (arm * Math.PI * 2) / 3 + radius * 9 + (next() - 0.5) * 0.9;
  const r2 = radius * radius + softening2;
  const speed = Math.sqrt((gravity * radius * radius) / (r2 * Math.sqrt(r2))) * (0.92 + 0.16 * next());
  return {
    x: centre + Math.cos(angle) * radius,
    y: centre + Math.sin(angle) * radius,
    vx: -Math.sin(angle) * speed,
    vy: Math.cos(angle) * speed,
  };
}

/** Fills `store` with `count` particles from `seed`. */
export function fillStore(store: ParticleStore, count: number, seed: number): void {
  const next = random(seed);
  for (let k = 0; k < count; k++) store.add(start(next));
}

/** `count` plain particles from `seed`: the same particles `fillStore` makes. */
export function makeObjects(count: number, seed: number): PlainParticle[] {
  const next = random(seed);
  const particles: PlainParticle[] = [];
  for (let k = 0; k < count; k++) {
    const { vx, vy, x, y } = start(next);
    particles.push({ x, y, vx, vy });
  }
  return particles;
}

/** Advances particles `start .. end` of the columns by `dt` seconds: the hot loop, on raw typed arrays. */
export function stepColumns(columns: ParticleColumns, start: number, end: number, dt: number): void {
  const { x, y, vx, vy } = columns;
  for (let i = start; i < end; i++) {
    const dx = (x[i] as number) - centre;
    const dy = (y[i] as number) - centre;
    const r2 = dx * dx + dy * dy + softening2;
    const pull = (gravity * dt) / (r2 * Math.sqrt(r2));
    const nvx = (vx[i] as number) - dx * pull;
    const nvy = (vy[i] as number) - dy * pull;
    vx[i] = nvx;
    vy[i] = nvy;
    x[i] = (x[i] as number) + nvx * dt;
    y[i] = (y[i] as number) + nvy * dt;
  }
}

/** The same step over plain objects. */
export function stepObjects(particles: PlainParticle[], dt: number): void {
  for (let i = 0; i < particles.length; i++) {
    const p = particles[i] as PlainParticle;
    const dx = p.x - centre;
    const dy = p.y - centre;
    const r2 = dx * dx + dy * dy + softening2;
    const pull = (gravity * dt) / (r2 * Math.sqrt(r2));
    p.vx -= dx * pull;
    p.vy -= dy * pull;
    p.x += p.vx * dt;
    p.y += p.vy * dt;
  }
}
