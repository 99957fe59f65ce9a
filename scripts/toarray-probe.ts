// toArray and JSON.stringify of 1,000,000 records of the README Unit, against building and stringifying the same plain objects.
import { defineStruct } from '../src/index';
const Unit = defineStruct({ hp: 'u16', alive: 'bool', id: 'u64', pos: ['f32', 3], state: { enum: ['idle', 'walk', 'run'] }, name: { utf8: 16 } }, { name: 'Unit' });
const s = Unit.createStore({ capacity: 1_000_000 });
for (let i = 0; i < 1_000_000; i++) s.add({ hp: i & 0xffff, id: BigInt(i), pos: [i, i, i], state: 'walk', name: 'unit' + (i % 100) });
let t = performance.now(); const a = s.toArray(); console.log('toArray', (performance.now() - t).toFixed(0), 'ms', a.length);
t = performance.now(); const j = JSON.stringify(s); console.log('JSON', (performance.now() - t).toFixed(0), 'ms', j.length);
t = performance.now(); const plain = []; for (let i = 0; i < 1_000_000; i++) plain.push({ hp: i & 0xffff, alive: false, id: BigInt(i), pos: [i, i, i], state: 'walk', name: 'unit' + (i % 100) }); console.log('plain build', (performance.now() - t).toFixed(0), 'ms');
t = performance.now(); const jp = JSON.stringify(plain, (_, v) => (typeof v === 'bigint' ? String(v) : v)); console.log('JSON of plain objects (bigint replacer)', (performance.now() - t).toFixed(0), 'ms', jp.length);
