import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { defineStruct } from 'slotted';
import { fromArrow, fromIPC, toArrow, toIPC } from 'slotted/arrow';

const Unit = defineStruct({ hp: 'u16', pos: ['f32', 3], state: { enum: ['idle', 'walk'] } }, { name: 'Unit' });
const units = Unit.createStore();
units.addMany([{ hp: 100, pos: [1, 2, 3] }, { hp: 80, state: 'walk' }]);

const table = toArrow(units);                       // an Arrow Table of the live records, in handle order
const bytes = tableToIPC(table, 'stream');          // or 'file'; the same as toIPC(units, 'stream')
const again = fromArrow(Unit, tableFromIPC(bytes)); // the same as fromIPC(Unit, bytes)
console.log(table.schema.fields.map((field) => `${field.name}: ${String(field.type)}`).join(', '));
console.log(again.toArray(), fromIPC(Unit, toIPC(units, 'file')).size);
