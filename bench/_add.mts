import { defineStruct } from '../src/index';
const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
const n = 262_144;
function run() { const store = Persona.createStore({ capacity: n }); for (let i = 0; i < n; i++) store.add({ nombre: i, identificador: i }); return store.size; }
for (let i = 0; i < 30; i++) run();
const t = performance.now(); for (let i = 0; i < 50; i++) run();
console.log(process.env.VARIANT ?? 'current', ((performance.now() - t) / 50).toFixed(2), 'ms per 262,144 adds');
