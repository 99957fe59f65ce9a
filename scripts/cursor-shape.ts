/**
 * Runs a cursor over a struct with one field of every scalar type, so that `node --print-bytecode` prints the
 * bytecode of the cursor's per-record functions (only functions that ran are compiled, so no view code of that
 * struct shows), and a particle step through views of a struct whose field names appear nowhere else.
 * test/cursor-shape.test.ts reads the sizes. Usage: node --print-bytecode --import tsx scripts/cursor-shape.ts
 */
import { defineStruct } from '../src/index';

const Shape = defineStruct(
  { fu8: 'u8', fu16: 'u16', fu32: 'u32', fi8: 'i8', fi16: 'i16', fi32: 'i32', ff32: 'f32', ff64: 'f64', fu64: 'u64', fi64: 'i64', fbool: 'bool' },
  { name: 'Shape' },
);
const store = Shape.createStore();
for (let i = 0; i < 4; i++) store.add({});
const cursor = store.cursor();
for (let pass = 0; pass < 2; pass++) {
  while (cursor.advance()) {
    const r = cursor.record;
    r.fu8 = r.fu8; r.fu16 = r.fu16; r.fu32 = r.fu32; r.fi8 = r.fi8; r.fi16 = r.fi16; r.fi32 = r.fi32;
    r.ff32 = r.ff32; r.ff64 = r.ff64; r.fu64 = r.fu64; r.fi64 = r.fi64; r.fbool = r.fbool;
  }
  for (const r of cursor) r.fu32 += 1;
}

const Particle = defineStruct({ pvy: 'f32', pvx: 'f32', py: 'f32', px: 'f32' }, { name: 'ShapeParticle' });
const particles = Particle.createStore();
for (let i = 0; i < 4; i++) particles.add({ pvx: 1, pvy: 2 });
for (let h = 0; h < particles.end; h++) {
  const p = particles.get(h);
  p.px += p.pvx * 0.5;
  p.py += p.pvy * 0.5;
}
