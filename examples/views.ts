import { defineStruct } from 'slotted';

const Unit = defineStruct({ hp: 'u16', pos: ['f32', 3], state: { enum: ['idle', 'walk'] } }, { name: 'Unit' });
const units = Unit.createStore();
const unit = units.get(units.add({ hp: 100 }));

// Several fields at once, through the same checked setters as `unit.hp = 90`:
Object.assign(unit, { hp: 90, pos: [1, 2, 3], state: 'walk' });
console.log(unit.toJSON());       // { hp: 90, pos: [ 1, 2, 3 ], state: 'walk' }
console.log({ ...unit });         // {}: fields live on the prototype, so spread copies none of them

// Object.assign sets the keys in order and is not all-or-nothing: hp is written before 'fly' is refused.
try {
  Object.assign(unit, { hp: 80, state: 'fly' });
} catch (error) {
  console.log(String(error));     // RangeError: Unit.state must be one of "idle", "walk"; got "fly"
}
console.log(unit.hp);             // 80
