import { describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';

const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
const Mixed = defineStruct({ n: 'i16', big: 'i64', tags: ['u8', 2], state: { enum: ['a', 'b'] }, label: { utf8: 4 }, on: 'bool' }, { name: 'Mixed' });

describe('createStore', () => {
  it('preallocates one column per field at the capacity', () => {
    const store = Mixed.createStore({ capacity: 10 });
    expect(store.capacity).toBe(10);
    expect(store.size).toBe(0);
    expect(store.columns.n).toBeInstanceOf(Int16Array);
    expect(store.columns.n.length).toBe(10);
    expect(store.columns.big).toBeInstanceOf(BigInt64Array);
    expect(store.columns.tags.length).toBe(20);
    expect(store.columns.state).toBeInstanceOf(Uint8Array);
    expect(store.columns.label.length).toBe(40);
    expect(store.columns.on).toBeInstanceOf(Uint8Array);
    const buffers = new Set(Object.values(store.columns).map((column) => column.buffer));
    expect(buffers.size).toBe(6);
  });

  it('defaults to a growable store of 64', () => {
    const store = Persona.createStore();
    expect(store.capacity).toBe(64);
    expect(store.growable).toBe(true);
  });

  it.each([
    [{ capacity: -1 }, RangeError, /capacity must be an integer from 0 to 4294967295; got -1/],
    [{ capacity: 1.5 }, RangeError, /got 1\.5/],
    [{ capacity: '10' }, TypeError, /capacity must be a number; got "10"/],
    [{ growable: 'no' }, TypeError, /growable must be a boolean; got "no"/],
    [{ capcity: 10 }, TypeError, /unknown option "capcity"/],
    [5, TypeError, /options must be an object/],
  ])('refuses bad options %o', (options, error, message) => {
    expect(() => Persona.createStore(options as never)).toThrow(error);
    expect(() => Persona.createStore(options as never)).toThrow(message);
  });

  it('fits the seed workload in 9 bytes per record, bookkeeping included', () => {
    const store = Persona.createStore({ capacity: 262_144 });
    for (let i = 0; i < 262_144; i++) store.add({ nombre: i, identificador: i });
    expect(store.byteLength).toBe(262_144 * 9);
    expect(store.byteLength / store.size).toBe(9);
  });
});

describe('add', () => {
  it('returns consecutive handles and stores the values', () => {
    const store = Persona.createStore();
    expect(store.add({ nombre: 1, identificador: 2 })).toBe(0);
    expect(store.add({ nombre: 3 })).toBe(1);
    expect(store.add()).toBe(2);
    expect(store.toArray()).toEqual([
      { nombre: 1, identificador: 2 },
      { nombre: 3, identificador: 0 },
      { nombre: 0, identificador: 0 },
    ]);
    expect(store.size).toBe(3);
    expect(store.end).toBe(3);
  });

  it('treats undefined values as missing', () => {
    const store = Persona.createStore();
    store.add({ nombre: undefined, identificador: 4 } as never);
    expect(store.toArray()).toEqual([{ nombre: 0, identificador: 4 }]);
  });

  it.each([
    [{ nombre: 1, extra: 2 }, TypeError, /Persona has no field "extra"; its fields are nombre, identificador/],
    [{ nombre: -1 }, RangeError, /Persona\.nombre must be an integer from 0 to 4294967295 \(u32\); got -1/],
    [{ identificador: 2 ** 32 }, RangeError, /Persona\.identificador/],
    [null, TypeError, /initial values are a plain object of its fields \(own enumerable properties\); got null/],
    [7, TypeError, /got 7/],
  ])('refuses %o and adds nothing', (init, error, message) => {
    const store = Persona.createStore({ capacity: 2 });
    store.add({ nombre: 5 });
    expect(() => store.add(init as never)).toThrow(error);
    expect(() => store.add(init as never)).toThrow(message);
    expect(store.size).toBe(1);
    expect(store.end).toBe(1);
    expect(store.toArray()).toEqual([{ nombre: 5, identificador: 0 }]);
    expect(store.add()).toBe(1);
  });

  it('refuses a bad vector, enum or string and adds nothing', () => {
    const store = Mixed.createStore({ capacity: 2 });
    expect(() => store.add({ tags: [1] as never })).toThrow(/Mixed\.tags must be an array-like of length 2/);
    expect(() => store.add({ tags: [1, 256] })).toThrow(/Mixed\.tags\[1\]/);
    expect(() => store.add({ state: 'c' as never })).toThrow(/Mixed\.state must be one of "a", "b"/);
    expect(() => store.add({ label: 'abcde' })).toThrow(/Mixed\.label/);
    expect(() => store.add({ big: 1 as never })).toThrow(/Mixed\.big must be a bigint/);
    expect(store.size).toBe(0);
    const h = store.add({ n: -2, big: -3n, tags: [4, 5], state: 'b', label: 'ab', on: true });
    expect(store.toArray()).toEqual([{ n: -2, big: -3n, tags: [4, 5], state: 'b', label: 'ab', on: true }]);
    expect(store.get(h).tags[1]).toBe(5);
  });

  it('grows a full growable store, at least doubling, keeping every handle and value', () => {
    const store = Mixed.createStore({ capacity: 3 });
    const handles: number[] = [];
    for (let i = 0; i < 50; i++) handles.push(store.add({ n: i, big: BigInt(i), tags: [i, i + 1], state: i % 2 ? 'b' : 'a', label: String(i), on: i % 3 === 0 }));
    expect(store.capacity).toBeGreaterThanOrEqual(50);
    expect(handles).toEqual(Array.from({ length: 50 }, (_, i) => i));
    handles.forEach((h, i) => {
      const view = store.get(h);
      expect([view.n, view.big, [...view.tags], view.state, view.label, view.on]).toEqual([i, BigInt(i), [i, i + 1], i % 2 ? 'b' : 'a', String(i), i % 3 === 0]);
    });
    expect(store.columns.n.length).toBe(store.capacity);
  });

  it('doubles capacity when it grows', () => {
    const store = Persona.createStore({ capacity: 20 });
    for (let i = 0; i < 21; i++) store.add();
    expect(store.capacity).toBe(40);
    const empty = Persona.createStore({ capacity: 0 });
    empty.add();
    expect(empty.capacity).toBeGreaterThanOrEqual(1);
  });

  it('keeps the same columns object across growth, holding the new arrays', () => {
    const store = Persona.createStore({ capacity: 1 });
    const columns = store.columns;
    const first = store.columns.nombre;
    store.add({ nombre: 1 });
    store.add({ nombre: 2 });
    expect(store.columns).toBe(columns);
    expect(store.columns.nombre).not.toBe(first);
    expect(Array.from(store.columns.nombre.subarray(0, 2))).toEqual([1, 2]);
  });

  it('throws RangeError on a full store that is not growable, changing nothing', () => {
    const store = Persona.createStore({ capacity: 2, growable: false });
    store.add({ nombre: 1 });
    store.add({ nombre: 2 });
    expect(() => store.add({ nombre: 3 })).toThrow(RangeError);
    expect(() => store.add({ nombre: 3 })).toThrow(/Persona store is full: capacity 2, created with growable: false/);
    expect(store.size).toBe(2);
    expect(store.capacity).toBe(2);
    expect(store.toArray()).toEqual([{ nombre: 1, identificador: 0 }, { nombre: 2, identificador: 0 }]);
    store.delete(0);
    expect(store.add({ nombre: 4 })).toBe(0);
  });
});

describe('get, has, delete, clear', () => {
  it('get throws RangeError for any handle that is not live', () => {
    const store = Persona.createStore({ capacity: 4 });
    const h = store.add();
    store.delete(h);
    for (const handle of [h, 1, 3, 4, 100, -1, 0.5, Number.NaN, Infinity, 2 ** 32]) {
      expect(() => store.get(handle), String(handle)).toThrow(RangeError);
    }
    expect(() => store.get(1)).toThrow(/Persona has no live record at handle 1/);
    expect(() => store.get(-1)).toThrow(/Persona handles are integers from 0 to 4294967295; got -1/);
  });

  it('get throws TypeError for anything that is not a number, without converting it', () => {
    const store = Persona.createStore({ capacity: 4 });
    store.add();
    for (const handle of ['0', null, undefined, true, [0], Object(0)]) {
      expect(() => store.get(handle as never), String(handle)).toThrow(/Persona\.get: a handle is a number/);
    }
    expect(() => store.get('0' as never)).toThrow(/Persona\.get: a handle is a number; got "0"/);
  });

  it('has tells live handles', () => {
    const store = Persona.createStore({ capacity: 4 });
    const h = store.add();
    expect([store.has(h), store.has(1), store.has(-1), store.has(1.5), store.has(99)]).toEqual([true, false, false, false, false]);
    store.delete(h);
    expect(store.has(h)).toBe(false);
  });

  it('has and delete follow get: one rule, no conversion, no throwing', () => {
    const store = Persona.createStore({ capacity: 4 });
    const h = store.add({ nombre: 7 });
    for (const handle of ['0', null, undefined, true, [0], Object(0), -0.5, Number.NaN, 2 ** 32]) {
      expect(store.has(handle as never), String(handle)).toBe(false);
      expect(store.delete(handle as never), String(handle)).toBe(false);
      expect(() => store.get(handle as never), String(handle)).toThrow();
    }
    expect(store.size).toBe(1);
    expect(store.get(h).nombre).toBe(7);
    expect(store.has(-0)).toBe(true); // -0 is the number 0: handle 0
  });

  it('has never calls valueOf', () => {
    const store = Persona.createStore({ capacity: 4 });
    store.add();
    let calls = 0;
    const hostile = { valueOf: () => { calls++; throw new Error('valueOf called'); } };
    expect(store.has(hostile as never)).toBe(false);
    expect(calls).toBe(0);
  });

  it('get and delete never call valueOf', () => {
    const store = Persona.createStore({ capacity: 4 });
    store.add();
    let calls = 0;
    const hostile = { valueOf: () => { calls++; return 0; } };
    expect(() => store.get(hostile as never)).toThrow(TypeError);
    expect(store.delete(hostile as never)).toBe(false);
    expect(calls).toBe(0);
  });

  it('get and delete treat a bigint like any other non-number', () => {
    const store = Persona.createStore({ capacity: 4 });
    store.add();
    expect(() => store.get(0n as never)).toThrow(/Persona\.get: a handle is a number; got 0n/);
    expect(store.delete(0n as never)).toBe(false);
  });

  it('delete returns whether it deleted, zeroes the slot, and the slot is reused', () => {
    const store = Persona.createStore({ capacity: 4 });
    const a = store.add({ nombre: 1 });
    const b = store.add({ nombre: 2 });
    expect(store.delete(a)).toBe(true);
    expect(store.delete(a)).toBe(false);
    expect(store.delete(77)).toBe(false);
    expect(store.size).toBe(1);
    expect(store.columns.nombre[a]).toBe(0);
    expect(store.add({ nombre: 3 })).toBe(a);
    expect(store.get(a).nombre).toBe(3);
    expect(store.get(b).nombre).toBe(2);
  });

  it('reuses freed slots before growing', () => {
    const store = Persona.createStore({ capacity: 4, growable: false });
    for (let i = 0; i < 4; i++) store.add();
    for (let round = 0; round < 1000; round++) {
      store.delete(round % 4);
      expect(store.add({ nombre: round })).toBe(round % 4);
    }
    expect(store.capacity).toBe(4);
  });

  it('keeps views honest past 255 reuses of one slot', () => {
    const store = Persona.createStore({ capacity: 1, growable: false });
    const views = [];
    for (let i = 0; i < 600; i++) {
      views.push(store.get(store.add({ nombre: i })));
      store.delete(0);
    }
    store.add({ nombre: 1 });
    for (const view of views) expect(() => view.nombre).toThrow(/stale/);
    expect(store.byteLength).toBeGreaterThan(8);
  });

  it('clear deletes every record and keeps the capacity', () => {
    const store = Persona.createStore({ capacity: 2 });
    for (let i = 0; i < 5; i++) store.add({ nombre: i + 1 });
    const capacity = store.capacity;
    store.clear();
    expect(store.size).toBe(0);
    expect(store.end).toBe(0);
    expect(store.capacity).toBe(capacity);
    expect(Array.from(store.columns.nombre).every((value) => value === 0)).toBe(true);
    expect(store.add({ nombre: 9 })).toBe(0);
    expect(store.toArray()).toEqual([{ nombre: 9, identificador: 0 }]);
  });
});

describe('iteration', () => {
  function withHoles() {
    const store = Persona.createStore();
    for (let i = 0; i < 6; i++) store.add({ nombre: i * 10, identificador: i });
    store.delete(1);
    store.delete(4);
    return store;
  }

  it('for...of yields a distinct view per live record in handle order', () => {
    const store = withHoles();
    const views = [...store];
    expect(views.map((view) => view.nombre)).toEqual([0, 20, 30, 50]);
    expect(new Set(views).size).toBe(4);
    expect(views.every((view) => view instanceof Persona)).toBe(true);
  });

  it('forEach passes each live view and its handle', () => {
    const store = withHoles();
    const seen: [number, number][] = [];
    store.forEach((view, handle, self) => {
      seen.push([handle, view.nombre]);
      expect(self).toBe(store);
    });
    expect(seen).toEqual([[0, 0], [2, 20], [3, 30], [5, 50]]);
  });

  it('entries gives [view, handle] pairs of live records', () => {
    const store = withHoles();
    const pairs = [...store.entries()].map(([view, handle]) => [handle, view.nombre]);
    expect(pairs).toEqual([[0, 0], [2, 20], [3, 30], [5, 50]]);
    for (const [view, handle] of store.entries()) expect(view).toEqual(store.get(handle));
  });

  it('handles sees deletes and adds made during the iteration as the loop reaches their slot', () => {
    const store = withHoles();
    const seen: number[] = [];
    for (const handle of store.handles()) {
      seen.push(handle);
      if (handle === 0) store.delete(3);
      if (handle === 2) store.add(); // reuses slot 3
    }
    expect(seen).toEqual([0, 2, 3, 5]);
    const iterator = store.handles();
    expect(iterator[Symbol.iterator]()).toBe(iterator);
    const steps = [...Array(6)].map(() => iterator.next());
    expect(steps.map((step) => step.done)).toEqual([false, false, false, false, true, true]);
    store.add(); // a finished iterator stays finished
    expect(iterator.next().done).toBe(true);
    store.add(); // fills the last free slot, 1
    const added: number[] = [];
    for (const handle of store.handles()) if (added.push(handle) === 1) store.add(); // at the end, 6: not visited
    expect(added).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.has(6)).toBe(true);
  });

  it('handles keeps working when a delete widens the generation counters', () => {
    const store = Persona.createStore({ capacity: 4 });
    const a = store.add();
    const b = store.add();
    for (let i = 0; i < 200; i++) store.delete(store.add()); // slot 2's counter passes 255: counters widen
    const seen: number[] = [];
    for (const handle of store.handles()) {
      seen.push(handle);
      if (handle === a) for (let i = 0; i < 200; i++) store.delete(store.add());
    }
    expect(seen).toEqual([a, b]);
  });

  it('handles, toArray and JSON.stringify list live records', () => {
    const store = withHoles();
    expect([...store.handles()]).toEqual([0, 2, 3, 5]);
    expect(store.toArray()).toEqual([
      { nombre: 0, identificador: 0 },
      { nombre: 20, identificador: 2 },
      { nombre: 30, identificador: 3 },
      { nombre: 50, identificador: 5 },
    ]);
    expect(JSON.parse(JSON.stringify(store))).toEqual(store.toArray());
  });

  it('keeps bigints in toArray and writes them as strings in JSON', () => {
    const Big = defineStruct({ id: 'u64' }, { name: 'Big' });
    const store = Big.createStore();
    store.add({ id: 2n ** 64n - 1n });
    expect(store.toArray()).toEqual([{ id: 2n ** 64n - 1n }]);
    expect(JSON.stringify(store)).toBe('[{"id":"18446744073709551615"}]');
  });

  it('column loops over end see every live record', () => {
    const store = withHoles();
    let sum = 0;
    for (let h = 0; h < store.end; h++) sum += store.columns.nombre[h] as number;
    expect(sum).toBe(0 + 20 + 30 + 50);
  });
});
