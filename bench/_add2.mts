import { defineStruct } from '../src/index';
const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
const n = 262_144;
const store = Persona.createStore({ capacity: n });
function run() { store.clear(); for (let i = 0; i < n; i++) store.add({ nombre: i, identificador: i }); return store.size; }
for (let i = 0; i < 30; i++) run();
const t = performance.now(); for (let i = 0; i < 50; i++) run();
console.log('reused store', ((performance.now() - t) / 50).toFixed(2), 'ms per 262,144 adds');
