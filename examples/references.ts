import { defineStruct } from 'slotted';

const Enemy = defineStruct({ hp: 'u16' }, { name: 'Enemy' });
const Unit = defineStruct({ target: { ref: Enemy }, parent: { ref: 'self' } }, { name: 'Unit' });
const enemies = Enemy.createStore();
const units = Unit.createStore();
units.link('target', enemies);            // which Enemy store `target` points into ('self' links itself)

const e = enemies.add({ hp: 50 });
const r = enemies.ref(e);                 // a number: the slot and its generation
const u = units.get(units.add({ target: enemies.get(e) }));
console.log(u.target?.hp, enemies.resolve(r)); // 50 0

enemies.delete(e);
enemies.add({ hp: 99 });                  // reuses slot 0...
console.log(u.target, enemies.resolve(r));     // null -1: ...but neither shows the new enemy
