import type { Table } from 'apache-arrow';
import { describe, expectTypeOf, it } from 'vitest';
import { fromArrow, fromIPC, toArrow, toIPC } from '../src/arrow/index';
import { defineStruct, type Infer, type Store } from '../src/index';

const Unit = defineStruct({ hp: 'u16', id: 'u64', pos: ['f32', 3], state: { enum: ['idle', 'walk'] } });
type UnitSchema = typeof Unit extends { createStore(): Store<infer S> } ? S : never;
const units = Unit.createStore();

describe('addMany', () => {
  it('takes records as add does and returns handles', () => {
    expectTypeOf(units.addMany([{ hp: 1 }, { pos: new Float32Array(3), state: 'walk' }, {}])).toEqualTypeOf<Uint32Array>();
    // @ts-expect-error a u64 is a bigint
    units.addMany([{ id: 1 }]);
    // @ts-expect-error not a member
    units.addMany([{ state: 'run' }]);
    // @ts-expect-error not a field
    units.addMany([{ hpp: 1 }]);
    // @ts-expect-error an array, not a single record
    units.addMany({ hp: 1 });
  });
});

describe('slotted/arrow', () => {
  it('toArrow gives a Table, fromArrow a store of the struct', () => {
    expectTypeOf(toArrow(units)).toEqualTypeOf<Table>();
    expectTypeOf(toIPC(units, 'file')).toEqualTypeOf<Uint8Array>();
    expectTypeOf(fromArrow(Unit, toArrow(units))).toEqualTypeOf<Store<UnitSchema>>();
    expectTypeOf(fromIPC(Unit, toIPC(units)).toArray()).toEqualTypeOf<Infer<typeof Unit>[]>();
    // @ts-expect-error the format is 'stream' or 'file'
    toIPC(units, 'json');
  });
});
