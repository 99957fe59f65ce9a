import { defineStruct } from 'slotted';

const Sprite = defineStruct({ depth: 'f32', id: 'u32' }, { name: 'Sprite' });
const sprites = Sprite.createStore();
for (const [id, depth] of [[1, 0.5], [2, 0.25], [3, 0.75], [4, 0.25]]) sprites.add({ id, depth });
sprites.delete(0);

const kept = sprites.get(3);
const remap = sprites.sort('depth');      // stable: ties keep handle order
console.log(sprites.toArray().map((s) => s.id), [...remap]); // [ 2, 4, 3 ] [ -1, 0, 2, 1 ]
console.log(sprites.end === sprites.size); // true: sort compacts too
try {
  kept.id;                                // its record moved from slot 3 to slot 1
} catch (error) {
  console.log(String(error).slice(0, 38)); // RangeError: Sprite view of handle 3 is
}
sprites.sort((a, b) => b.id - a.id);      // by a comparator over records
console.log(sprites.toArray().map((s) => s.id)); // [ 4, 3, 2 ]
