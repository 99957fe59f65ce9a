import { describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';

/** Node's util.inspect; the browser project has no node:util, and skips the checks of Node's console format. */
const inspect = typeof window === 'undefined' ? (await import('node:util')).inspect : undefined;

const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });

const Everything = defineStruct(
  {
    u8: 'u8',
    u16: 'u16',
    u32: 'u32',
    i8: 'i8',
    i16: 'i16',
    i32: 'i32',
    f32: 'f32',
    f64: 'f64',
    flag: 'bool',
    u64: 'u64',
    i64: 'i64',
    pos: ['f32', 3],
    ids: ['u64', 2],
    small: ['u8', 2],
    state: { enum: ['idle', 'walk', 'run'] },
    label: { utf8: 8 },
  },
  { name: 'Everything' },
);

function one() {
  const store = Everything.createStore({ capacity: 4 });
  const handle = store.add();
  return { store, handle, view: store.get(handle) };
}

describe('views', () => {
  it('read and write the columns directly', () => {
    const people = Persona.createStore({ capacity: 1024 });
    const h = people.add({ nombre: 1, identificador: 42 });
    const p = people.get(h);
    p.nombre = 7;
    expect(people.columns.nombre[h]).toBe(7);
    people.columns.identificador[h] = 43;
    expect(p.identificador).toBe(43);
    p.nombre += 1;
    expect(p.nombre).toBe(8);
  });

  it('start every field at zero, false, empty or the first member', () => {
    const { view } = one();
    expect([view.u8, view.u16, view.u32, view.i8, view.i16, view.i32, view.f32, view.f64]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(view.flag).toBe(false);
    expect(view.u64).toBe(0n);
    expect(view.i64).toBe(0n);
    expect([...view.pos]).toEqual([0, 0, 0]);
    expect([...view.ids]).toEqual([0n, 0n]);
    expect(view.state).toBe('idle');
    expect(view.label).toBe('');
  });

  it('store f32 as Math.fround and keep f64 exact', () => {
    const { view } = one();
    view.f32 = 0.1;
    view.f64 = 0.1;
    expect(view.f32).toBe(Math.fround(0.1));
    expect(view.f64).toBe(0.1);
    view.f32 = Number.NaN;
    expect(view.f32).toBeNaN();
    view.f32 = -Infinity;
    expect(view.f32).toBe(-Infinity);
    view.f32 = 3.4028234663852886e38;
    expect(view.f32).toBe(3.4028234663852886e38);
  });

  it('hold bools, bigints, enums and strings', () => {
    const { view, store, handle } = one();
    view.flag = true;
    view.u64 = 18446744073709551615n;
    view.i64 = -9223372036854775808n;
    view.state = 'run';
    view.label = 'ñandú';
    expect([view.flag, view.u64, view.i64, view.state, view.label]).toEqual([true, 18446744073709551615n, -9223372036854775808n, 'run', 'ñandú']);
    expect(store.columns.flag[handle]).toBe(1);
    expect(store.columns.state[handle]).toBe(2);
    expect(Array.from(store.columns.label.subarray(handle * 8, handle * 8 + 8))).toEqual([0xc3, 0xb1, 0x61, 0x6e, 0x64, 0xc3, 0xba, 0]);
    view.label = '12345678';
    expect(view.label).toBe('12345678');
    view.label = '😀';
    expect(view.label).toBe('😀');
    view.label = '';
    expect(view.label).toBe('');
  });

  it('give vectors as live array-likes laid out back to back', () => {
    const store = Everything.createStore({ capacity: 4 });
    store.add();
    const h = store.add({ pos: [1, 2, 3] });
    const view = store.get(h);
    const pos = view.pos;
    expect(pos.length).toBe(3);
    expect([pos[0], pos[1], pos[2], pos[3]]).toEqual([1, 2, 3, undefined]);
    pos[1] = 5.5;
    expect(store.columns.pos[h * 3 + 1]).toBe(5.5);
    store.columns.pos[h * 3 + 2] = 9;
    expect(pos[2]).toBe(9);
    view.pos = new Float64Array([7, 8, 9]);
    expect(Array.from(store.columns.pos)).toEqual([0, 0, 0, 7, 8, 9, 0, 0, 0, 0, 0, 0]);
    view.ids = [1n, 2n];
    expect(view.ids[1]).toBe(2n);
    expect(JSON.stringify(view.pos)).toBe('[7,8,9]');
    expect(JSON.stringify(view.ids)).toBe('["1","2"]');
    if (inspect !== undefined) expect(inspect(view.pos)).toBe('[ 7, 8, 9 ]');
  });

  it('refuse values that do not fit, naming the field and value, and leave the column unchanged', () => {
    const { view, store, handle } = one();
    const cases: [keyof typeof view, unknown, ErrorConstructor | RangeErrorConstructor | TypeErrorConstructor, RegExp][] = [
      ['u8', 256, RangeError, /Everything\.u8 must be an integer from 0 to 255 \(u8\); got 256/],
      ['u8', -1, RangeError, /got -1/],
      ['u8', 1.5, RangeError, /got 1\.5/],
      ['u8', Number.NaN, RangeError, /got NaN/],
      ['u8', '1', TypeError, /Everything\.u8 must be a number \(u8\); got "1"/],
      ['u16', 65536, RangeError, /0 to 65535/],
      ['u32', -1, RangeError, /Everything\.u32 must be an integer from 0 to 4294967295 \(u32\); got -1/],
      ['u32', 4294967296, RangeError, /got 4294967296/],
      ['i8', 128, RangeError, /-128 to 127/],
      ['i16', -32769, RangeError, /-32768 to 32767/],
      ['i32', 2147483648, RangeError, /-2147483648 to 2147483647/],
      ['i32', Infinity, RangeError, /got Infinity/],
      ['f32', 1e39, RangeError, /Everything\.f32 must be within the f32 range/],
      ['f32', -3.4028235677973366e38, RangeError, /f32 range/],
      ['f32', 1n, TypeError, /must be a number \(f32\); got 1n/],
      ['f64', null, TypeError, /must be a number \(f64\); got null/],
      ['flag', 1, TypeError, /Everything\.flag must be a boolean \(bool\); got 1/],
      ['u64', 1, TypeError, /Everything\.u64 must be a bigint \(u64\); got 1/],
      ['u64', -1n, RangeError, /must be a bigint from 0n to 18446744073709551615n \(u64\); got -1n/],
      ['u64', 2n ** 64n, RangeError, /got 18446744073709551616n/],
      ['i64', 2n ** 63n, RangeError, /i64/],
      ['state', 'fly', RangeError, /Everything\.state must be one of "idle", "walk", "run"; got "fly"/],
      ['state', 0, TypeError, /must be a string, one of/],
      ['label', '123456789', RangeError, /Everything\.label \(utf8, 8 bytes\) is 9 bytes as UTF-8, more than the 8 it holds/],
      ['label', 'ñññññ', RangeError, /is 10 bytes/],
      ['label', 'a\0b', RangeError, /must not contain U\+0000/],
      ['label', 'a\ud800', RangeError, /lone surrogate/],
      ['label', 5, TypeError, /must be a string/],
      ['pos', [1, 2], TypeError, /Everything\.pos must be an array-like of length 3 \(f32\); got an array of length 2/],
      ['pos', 5, TypeError, /array-like of length 3/],
      ['pos', [1, 2, 'x'], TypeError, /Everything\.pos\[2\] must be a number/],
      ['small', [1, 300], RangeError, /Everything\.small\[1\] must be an integer from 0 to 255/],
      ['ids', [1n, -1n], RangeError, /Everything\.ids\[1\]/],
    ];
    view.small = [9, 9];
    const before = store.toArray();
    for (const [field, value, error, message] of cases) {
      const write = () => {
        (view as Record<string, unknown>)[field] = value;
      };
      expect(write, `${field} = ${String(value)}`).toThrow(error);
      expect(write).toThrow(message);
    }
    expect(store.toArray()).toEqual(before);
    expect(store.columns.small[handle * 2]).toBe(9);
  });

  it('give vectors at() and fill() with the semantics of Array', () => {
    const store = Everything.createStore({ capacity: 2 });
    store.add();
    const h = store.add({ pos: [1, 2, 3], small: [7, 8] });
    const { pos, small } = store.get(h);
    expect([pos.at(0), pos.at(2), pos.at(-1), pos.at(-3), pos.at(3), pos.at(-4), pos.at(1.7)]).toEqual([1, 3, 3, 1, undefined, undefined, 2]);
    expect(pos.fill(5, 1, 2)).toBe(pos);
    expect([...pos]).toEqual([1, 5, 3]);
    pos.fill(0.5, -2);
    expect([...pos]).toEqual([1, 0.5, 0.5]);
    pos.fill(9);
    expect(Array.from(store.columns.pos.subarray(h * 3, h * 3 + 3))).toEqual([9, 9, 9]);
    expect(Array.from(store.columns.pos.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(() => small.fill(256)).toThrow(/Everything\.small must be an integer from 0 to 255/);
    expect([...small]).toEqual([7, 8]);
    store.delete(h);
    expect(() => pos.at(0)).toThrow(/stale/);
    expect(() => pos.fill(1)).toThrow(/stale/);
  });

  it('refuse out-of-range vector elements and leave the column unchanged', () => {
    const { view } = one();
    view.small[0] = 200;
    expect(() => (view.small[0] = 256)).toThrow(/Everything\.small\[0\] must be an integer from 0 to 255/);
    expect(view.small[0]).toBe(200);
    expect(() => ((view.small as unknown as Record<number, number>)[2] = 1)).toThrow(
      /Everything\.small has no element "2"; its length is 2/,
    );
  });

  it('refuse undeclared properties, like __slots__', () => {
    const { view } = one();
    expect(() => ((view as unknown as Record<string, number>).extra = 1)).toThrow(TypeError);
    expect(() => ((view as unknown as Record<string, number>).extra = 1)).toThrow(/Everything has no field "extra"/);
    expect(() => Object.assign(view, { toString: 1 })).toThrow(TypeError);
    expect(Object.keys(view)).toEqual([]);
  });

  it('print as the struct in console.log and as the plain object in JSON', () => {
    const people = Persona.createStore();
    const p = people.get(people.add({ nombre: 7, identificador: 42 }));
    if (inspect !== undefined) expect(inspect(p)).toBe('Persona { nombre: 7, identificador: 42 }');
    expect(JSON.stringify(p)).toBe('{"nombre":7,"identificador":42}');
    const { view } = one();
    view.u64 = 2n ** 60n;
    view.ids = [1n, 2n];
    const json = JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
    expect(json.u64).toBe('1152921504606846976');
    expect(json.ids).toEqual(['1', '2']);
    expect(json.pos).toEqual([0, 0, 0]);
    expect(json.state).toBe('idle');
  });

  it('throw on field access once their record is deleted, also after the slot is reused', () => {
    const people = Persona.createStore();
    const h = people.add({ nombre: 1 });
    const p = people.get(h);
    people.delete(h);
    expect(() => p.nombre).toThrow(RangeError);
    expect(() => p.nombre).toThrow(/Persona view of handle 0 is stale/);
    expect(() => (p.nombre = 3)).toThrow(/stale/);
    expect(() => JSON.stringify(p)).toThrow(/stale/);
    if (inspect !== undefined) expect(inspect(p)).toBe('Persona <deleted>');
    const again = people.add({ nombre: 2 });
    expect(again).toBe(h);
    expect(() => p.nombre).toThrow(/stale/);
    expect(people.get(again).nombre).toBe(2);
  });

  it('of vectors go stale with their record', () => {
    const { store, handle, view } = one();
    const pos = view.pos;
    store.delete(handle);
    expect(() => pos[0]).toThrow(/stale/);
    expect(() => [...pos]).toThrow(/stale/);
  });

  it('go stale on clear', () => {
    const people = Persona.createStore();
    const p = people.get(people.add({ nombre: 1 }));
    people.clear();
    people.add({ nombre: 5 });
    expect(() => p.nombre).toThrow(/stale/);
  });

  it('stay valid while the store grows', () => {
    const people = Persona.createStore({ capacity: 1 });
    const p = people.get(people.add({ nombre: 1 }));
    for (let i = 0; i < 100; i++) people.add({ nombre: i });
    p.nombre = 99;
    expect(people.columns.nombre[0]).toBe(99);
  });
});

describe('instanceof', () => {
  it('is true for views of any store of the struct, false otherwise', () => {
    const Other = defineStruct({ nombre: 'u32' }, { name: 'Other' });
    const a = Persona.createStore();
    const b = Persona.createStore();
    const viewA = a.get(a.add());
    const viewB = b.get(b.add());
    const other = Other.createStore();
    const viewOther = other.get(other.add());
    expect(viewA instanceof Persona).toBe(true);
    expect(viewB instanceof Persona).toBe(true);
    expect(viewOther instanceof Persona).toBe(false);
    expect(viewA instanceof Other).toBe(false);
    expect({ nombre: 1 } instanceof Persona).toBe(false);
    expect((null as unknown) instanceof Persona).toBe(false);
    expect(viewA.constructor.name).toBe('Persona');
  });
});
