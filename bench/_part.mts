import { defineStruct } from '../src/index';
const Particle = defineStruct({ x: 'f32', y: 'f32', vx: 'f32', vy: 'f32' }, { name: 'Particle' });
const n = 1_000_000, dt = 1 / 64;
const store = Particle.createStore({ capacity: n, growable: false });
for (let i = 0; i < n; i++) store.add({ x: 0, y: 0, vx: (i % 7) - 3, vy: (i % 5) - 2 });
const x = new Float32Array(n), y = new Float32Array(n), vx = new Float32Array(n), vy = new Float32Array(n);
for (let i = 0; i < n; i++) { vx[i] = (i % 7) - 3; vy[i] = (i % 5) - 2; }
const cols = store.columns;
const fns: Record<string, () => number> = {
  floor: () => { for (let i = 0; i < x.length; i++) { x[i] = x[i]! + vx[i]! * dt; y[i] = y[i]! + vy[i]! * dt; } return x[0]!; },
  columns: () => { const c = store.columns; const cx = c.x, cy = c.y, cvx = c.vx, cvy = c.vy; for (let i = 0; i < cx.length; i++) { cx[i] = cx[i]! + cvx[i]! * dt; cy[i] = cy[i]! + cvy[i]! * dt; } return cx[0]!; },
  localfloor: () => { const cx = x, cy = y, cvx = vx, cvy = vy; for (let i = 0; i < cx.length; i++) { cx[i] = cx[i]! + cvx[i]! * dt; cy[i] = cy[i]! + cvy[i]! * dt; } return cx[0]!; },
  colsconst: () => { const cx = cols.x, cy = cols.y, cvx = cols.vx, cvy = cols.vy; for (let i = 0; i < cx.length; i++) { cx[i] = cx[i]! + cvx[i]! * dt; cy[i] = cy[i]! + cvy[i]! * dt; } return cx[0]!; },
};
const fn = fns[process.argv[2]!]!;
for (let i = 0; i < 30; i++) fn();
const t = performance.now(); for (let i = 0; i < 50; i++) fn();
console.log(process.argv[2], ((performance.now() - t) / 50).toFixed(3), 'ms');
