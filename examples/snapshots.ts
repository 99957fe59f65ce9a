import { defineStruct } from 'slotted';

const Unit = defineStruct({ hp: 'u16', pos: ['f32', 3] }, { name: 'Unit' });
const units = Unit.createStore({ capacity: 1_000, shared: true });
units.add({ hp: 100, pos: [1, 2, 3] });

// #region readme
const bytes = units.toBytes();              // Uint8Array
const restored = Unit.fromBytes(bytes);     // same capacity, live handles, values and free slots
restored.shared;                            // false, though units is shared: see below

const Soldier = defineStruct({ hp: 'u16', pos: ['f32', 3] }, { name: 'Soldier' });
try {
  Soldier.fromBytes(bytes);                 // the same fields under another name
} catch (error) {
  console.log(String(error));   // TypeError: Soldier.fromBytes: the snapshot is of struct "Unit", not "Soldier"
}
// #endregion
console.log(restored.toArray(), restored.shared);
