import { describe, expectTypeOf, it } from 'vitest';
import { defineStruct, type FieldSpec, type Infer, type InferView, type Schema, type Store, type Struct, type VectorView } from '../src/index';

type Repeat<T, N extends number, Built extends T[] = []> = Built['length'] extends N ? Built : Repeat<T, N, [...Built, T]>;
type Members256 = Repeat<string, 256>;
type Members257 = [...Members256, string];

const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
const Unit = defineStruct({
  hp: 'u16',
  alive: 'bool',
  id: 'u64',
  pos: ['f32', 3],
  ids: ['i64', 2],
  state: { enum: ['idle', 'walk', 'run'] },
  name: { utf8: 16 },
});

describe('Infer', () => {
  it('gives the plain record type without as const', () => {
    expectTypeOf<Infer<typeof Persona>>().toEqualTypeOf<{ nombre: number; identificador: number }>();
    expectTypeOf<Infer<typeof Unit>>().toEqualTypeOf<{
      hp: number;
      alive: boolean;
      id: bigint;
      pos: [number, number, number];
      ids: [bigint, bigint];
      state: 'idle' | 'walk' | 'run';
      name: string;
    }>();
  });
});

describe('views', () => {
  const store = Unit.createStore();
  const view = store.get(store.add());

  it('type each property from the schema', () => {
    expectTypeOf(view.hp).toEqualTypeOf<number>();
    expectTypeOf(view.alive).toEqualTypeOf<boolean>();
    expectTypeOf(view.id).toEqualTypeOf<bigint>();
    expectTypeOf(view.pos).toEqualTypeOf<VectorView<number>>();
    expectTypeOf(view.ids[0]).toEqualTypeOf<bigint | undefined>(); // noUncheckedIndexedAccess is on here
    expectTypeOf(view.pos.at(0)).toEqualTypeOf<number | undefined>();
    expectTypeOf(view.ids.fill).parameter(0).toEqualTypeOf<bigint>();
    expectTypeOf(view.state).toEqualTypeOf<'idle' | 'walk' | 'run'>();
    expectTypeOf(view.name).toEqualTypeOf<string>();
    expectTypeOf<InferView<typeof Unit>>().toEqualTypeOf(view);
  });

  it('have toJSON, typed as the JSON form of the record', () => {
    expectTypeOf(view.toJSON()).toEqualTypeOf<{
      hp: number;
      alive: boolean;
      id: string;
      pos: [number, number, number];
      ids: [string, string];
      state: 'idle' | 'walk' | 'run';
      name: string;
    }>();
  });

  it('refuse writes of the wrong type and unknown fields at compile time', () => {
    // @ts-expect-error a u16 is a number
    view.hp = '1';
    // @ts-expect-error not a member
    view.state = 'fly';
    // @ts-expect-error u64 is bigint
    view.id = 1;
    // @ts-expect-error no such field
    view.extra = 1;
    view.pos = [1, 2, 3];
    view.pos = new Float32Array(3);
  });

  it('narrow with instanceof', () => {
    const value: unknown = view;
    if (value instanceof Persona) expectTypeOf(value.nombre).toEqualTypeOf<number>();
  });
});

describe('stores', () => {
  const people = Persona.createStore({ capacity: 10 });

  it('type add, get, columns and iteration', () => {
    expectTypeOf(people).toEqualTypeOf<Store<{ readonly nombre: 'u32'; readonly identificador: 'u32' }>>();
    expectTypeOf(people.add).parameter(0).toEqualTypeOf<{ readonly nombre?: number; readonly identificador?: number } | undefined>();
    expectTypeOf(people.columns.nombre).toEqualTypeOf<Uint32Array>();
    expectTypeOf(Unit.createStore().columns.pos).toEqualTypeOf<Float32Array>();
    expectTypeOf(Unit.createStore().columns.id).toEqualTypeOf<BigUint64Array>();
    expectTypeOf(people.toArray()).toEqualTypeOf<{ nombre: number; identificador: number }[]>();
    for (const view of people) expectTypeOf(view.nombre).toEqualTypeOf<number>();
    for (const [view, handle] of people.entries()) {
      expectTypeOf(view.nombre).toEqualTypeOf<number>();
      expectTypeOf(handle).toEqualTypeOf<number>();
    }
    for (const handle of people.handles()) expectTypeOf(handle).toEqualTypeOf<number>();
    people.forEach((view, handle) => {
      expectTypeOf(view.identificador).toEqualTypeOf<number>();
      expectTypeOf(handle).toEqualTypeOf<number>();
    });
  });

  it('refuse unknown fields and wrong values in add', () => {
    // @ts-expect-error no such field
    people.add({ nombre: 1, extra: 2 });
    // @ts-expect-error a number
    people.add({ nombre: 'x' });
    Unit.createStore().add({ pos: [1, 2, 3], state: 'run', ids: [1n, 2n] });
    // @ts-expect-error enum member
    Unit.createStore().add({ state: 'fly' });
  });

  it('type vectors as tuples of the declared length in add and toArray', () => {
    const units = Unit.createStore();
    // @ts-expect-error pos has 3 elements
    units.add({ pos: [1, 2] });
    // @ts-expect-error pos has 3 elements
    units.add({ pos: [1, 2, 3, 4] });
    // @ts-expect-error ids are bigints
    units.add({ ids: [1, 2] });
    const unknownLength: number[] = [1, 2, 3];
    // @ts-expect-error an array of unknown length needs a tuple type
    units.add({ pos: unknownLength });
    units.add({ pos: unknownLength as [number, number, number] });
    units.add({ pos: new Float32Array(3), ids: new BigInt64Array(2) }); // lengths checked at run time
    const view = units.get(units.add());
    // @ts-expect-error a vector view's length is not in its type (an array would pass as one)
    units.add({ pos: view.pos });
    units.add({ pos: [...view.pos] as [number, number, number] });
    view.pos = [1, 2, 3]; // whole-vector assignment takes arrays: VectorView must stay array-compatible
    expectTypeOf(units.toArray()[0]?.pos).toEqualTypeOf<[number, number, number] | undefined>();
    const Long = defineStruct({ samples: ['f64', 100] });
    expectTypeOf<Infer<typeof Long>['samples']>().toEqualTypeOf<number[]>(); // past 64 elements: an array
  });

  it('type an enum column by its member count', () => {
    expectTypeOf(Unit.createStore().columns.state).toEqualTypeOf<Uint8Array>();
    const members = Array.from({ length: 257 }, (_, k) => `m${k}`) as unknown as Members257;
    const Big = defineStruct({ state: { enum: members } });
    expectTypeOf(Big.createStore().columns.state).toEqualTypeOf<Uint16Array>();
    const Exactly256 = defineStruct({ state: { enum: members as unknown as Members256 } });
    expectTypeOf(Exactly256.createStore().columns.state).toEqualTypeOf<Uint8Array>();
    const Unknown = defineStruct({ state: { enum: ['a', 'b'] as string[] } });
    expectTypeOf(Unknown.createStore().columns.state).toEqualTypeOf<Uint8Array | Uint16Array | Uint32Array>();
  });
});

describe('snapshots and shared stores', () => {
  it('restore and attach stores of the same schema', () => {
    const people = Persona.createStore({ shared: true, capacity: 4 });
    expectTypeOf(Persona.fromBytes(people.toBytes())).toEqualTypeOf(people);
    expectTypeOf(Persona.attach(people.share())).toEqualTypeOf(people);
    expectTypeOf(people.share().columns).toEqualTypeOf<readonly SharedArrayBuffer[]>();
    // @ts-expect-error a snapshot is a Uint8Array
    Persona.fromBytes(new ArrayBuffer(8));
    expectTypeOf(Persona.fromBytes(people.toBytes(), { shared: true })).toEqualTypeOf(people);
    // @ts-expect-error shared is a boolean
    Persona.fromBytes(people.toBytes(), { shared: 1 });
  });
});

describe('defineStruct', () => {
  it('refuses unknown field types at compile time', () => {
    // @ts-expect-error not a type
    defineStruct({ a: 'u128' });
    // @ts-expect-error bool vectors are not allowed
    defineStruct({ a: ['bool', 2] });
    // @ts-expect-error a misspelt type
    defineStruct({ a: 'float32' });
  });

  it('refuses what it can see is empty or below 1 at compile time', () => {
    // @ts-expect-error an empty schema
    defineStruct({});
    // @ts-expect-error a vector of length 0
    defineStruct({ a: ['f32', 0] });
    // @ts-expect-error a negative length
    defineStruct({ a: ['f32', -1] });
    // @ts-expect-error a fractional length
    defineStruct({ a: ['f32', 1.5] });
    // @ts-expect-error an enum without members
    defineStruct({ a: { enum: [] } });
    // @ts-expect-error a utf8 size of 0
    defineStruct({ a: { utf8: 0 } });
  });

  it('accepts schemas whose details are only known at run time', () => {
    const length: number = 3;
    expectTypeOf(defineStruct({ a: ['f32', length] }).createStore().columns.a).toEqualTypeOf<Float32Array>();
    const wide: Schema = { a: 'u8' };
    expectTypeOf(defineStruct(wide)).toEqualTypeOf<Struct<Schema>>();
    const spec: FieldSpec = 'u16';
    defineStruct({ a: spec, b: ['f32', 2] });
  });
});

describe('reference fields', () => {
  const Enemy = defineStruct({ hp: 'u16' }, { name: 'Enemy' });
  const Squad = defineStruct({ target: { ref: Enemy }, parent: { ref: 'self' }, size: 'u8' }, { name: 'Squad' });
  it('read as the target view or null, and are numbers (or null) as plain data', () => {
    expectTypeOf<InferView<typeof Squad>['target']>().toEqualTypeOf<InferView<typeof Enemy> | null>();
    expectTypeOf<NonNullable<InferView<typeof Squad>['parent']>['size']>().toEqualTypeOf<number>();
    expectTypeOf<Infer<typeof Squad>['target']>().toEqualTypeOf<number | null>();
    const squads = Squad.createStore();
    expectTypeOf(squads.columns.target).toEqualTypeOf<Float64Array>();
    squads.link('target', Enemy.createStore());
    // @ts-expect-error size is no reference field
    squads.link('size', Enemy.createStore());
    // @ts-expect-error a reference field cannot be a sort key
    squads.sort('target');
    squads.sort('size', 'descending');
  });
});
