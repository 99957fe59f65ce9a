import { defineStruct } from 'slotted';

const Unit = defineStruct(
  {
    hp: 'u16',
    alive: 'bool',
    id: 'u64',                              // bigint
    pos: ['f32', 3],                        // a fixed-length vector
    state: { enum: ['idle', 'walk', 'run'] },
    name: { utf8: 16 },                     // at most 16 bytes of UTF-8
  },
  { name: 'Unit' },
);

const units = Unit.createStore({ capacity: 100_000 });
const h = units.add({ hp: 100, pos: [0, 1, 2], state: 'walk', name: 'Ñandú' });

const u = units.get(h);
u.hp -= 10;
u.pos[1] += 0.5;             // vectors are live array-likes over the column
u.pos = [4, 5, 6];           // or assign any array-like of the same length
u instanceof Unit;           // true
console.log(u);              // Unit { hp: 90, alive: false, id: 0n, pos: [ 4, 5, 6 ], state: 'walk', name: 'Ñandú' }
console.log(JSON.stringify(u)); // {"hp":90,"alive":false,"id":"0",...}: u64/i64 as decimal strings

// Hot loops go through the columns: plain typed arrays indexed by handle.
const { hp } = units.columns;
for (let i = 0; i < units.end; i++) hp[i] = Math.min(hp[i] + 1, 100);

units.forEach((unit, handle) => { /* a view per live record */ });
for (const unit of units) { /* the same with for...of */ }
for (const [unit, handle] of units.entries()) { /* [view, handle] pairs */ }
units.delete(h);             // the slot is zeroed and reused by a later add
