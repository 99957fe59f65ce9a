import { defineStruct } from 'slotted';

const Unit = defineStruct({ x: 'f32', vx: 'f32', hp: 'u16' }, { name: 'Unit' });
const units = Unit.createStore({ capacity: 1024 });
for (let i = 0; i < 3; i++) units.add({ x: i, vx: 1, hp: 100 });
const target = units.add({ hp: 50 });

// #region readme
const cursor = units.cursor();        // make it once, keep it

function tick(dt: number): void {
  for (const u of cursor) u.x += u.vx * dt;        // u is the same object at every step
  while (cursor.advance()) cursor.record.hp -= 1;  // the same loop without for...of
  cursor.moveTo(target).hp -= 10;                  // random access through it
}
// #endregion

tick(0.5);
console.log(units.toArray().map((u) => `${u.x}/${u.hp}`).join(' '));
try {
  units.delete(target);
  cursor.record.hp;                   // the cursor was on the deleted record
} catch (error) {
  console.log(String(error).slice(0, 40));
}
