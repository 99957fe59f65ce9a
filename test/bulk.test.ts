/**
 * store.addMany: the same result as add in a loop, all or nothing, and safe against hostile input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct, type Infer } from '../src/index';
import { stateOf } from './fixtures/store-state';

const Unit = defineStruct(
  { hp: 'u16', pos: ['f32', 2], state: { enum: ['idle', 'walk', 'run'] }, name: { utf8: 6 }, id: 'i64', alive: 'bool' },
  { name: 'Unit' },
);
type UnitRecord = Infer<typeof Unit>;

const record: fc.Arbitrary<Partial<UnitRecord>> = fc.record(
  {
    hp: fc.integer({ min: 0, max: 0xffff }),
    pos: fc.tuple(fc.float({ noNaN: true }), fc.float({ noNaN: true })).map(([x, y]) => [x, y]),
    state: fc.constantFrom('idle', 'walk', 'run'),
    name: fc.string({ maxLength: 6 }).filter((value) => !value.includes('\0') && new TextEncoder().encode(value).length <= 6),
    id: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    alive: fc.boolean(),
  },
  { requiredKeys: [] },
);


describe('addMany', () => {
  it('stores the records and returns their handles in order', () => {
    const store = Unit.createStore({ capacity: 2 });
    const handles = store.addMany([{ hp: 1, pos: [1, 2], state: 'walk', name: 'Ñandu', id: -5n, alive: true }, {}, { hp: 3 }]);
    expect(handles).toBeInstanceOf(Uint32Array);
    expect([...handles]).toEqual([0, 1, 2]);
    expect(store.toArray()).toEqual([
      { hp: 1, pos: [1, 2], state: 'walk', name: 'Ñandu', id: -5n, alive: true },
      { hp: 0, pos: [0, 0], state: 'idle', name: '', id: 0n, alive: false },
      { hp: 3, pos: [0, 0], state: 'idle', name: '', id: 0n, alive: false },
    ]);
  });

  it('takes any array-like of the right length for a vector, as add does', () => {
    const store = Unit.createStore();
    store.addMany([{ pos: new Float32Array([1.5, 2.5]) }, { pos: { length: 2, 0: 3, 1: 4 } as never }]);
    expect(store.toArray().map((unit) => unit.pos)).toEqual([[1.5, 2.5], [3, 4]]);
  });

  it('returns an empty Uint32Array and changes nothing for no records', () => {
    const store = Unit.createStore({ capacity: 0, growable: false });
    expect(store.addMany([]).length).toBe(0);
    expect(store.size).toBe(0);
  });

  it('reuses freed slots first, then appends, exactly like add in a loop (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(record.map((value) => ({ add: value })), fc.nat(40).map((pick) => ({ remove: pick }))), { maxLength: 40 }),
        fc.array(record, { maxLength: 40 }),
        fc.nat(8),
        (history, batch, capacity) => {
          const bulk = Unit.createStore({ capacity });
          const loop = Unit.createStore({ capacity });
          for (const step of history) {
            for (const store of [bulk, loop]) {
              if ('add' in step) store.add(step.add);
              else {
                const live = [...store.handles()];
                if (live.length > 0) store.delete(live[step.remove % live.length] as number);
              }
            }
          }
          const handles = bulk.addMany(batch);
          const expected = batch.map((value) => loop.add(value));
          expect([...handles]).toEqual(expected);
          expect(bulk.toArray()).toEqual(loop.toArray());
          expect([...bulk.handles()]).toEqual([...loop.handles()]);
          expect(bulk.add()).toBe(loop.add());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('grows once, to the capacity needed, when that is more than doubling', () => {
    const store = Unit.createStore({ capacity: 4 });
    store.addMany(Array.from({ length: 100 }, (_, hp) => ({ hp })));
    expect(store.capacity).toBe(100);
    expect(store.size).toBe(100);
    store.addMany([{ hp: 1 }]);
    expect(store.capacity).toBe(200); // then doubles, as add does
  });

  it('keeps views and columns valid across the growth', () => {
    const store = Unit.createStore({ capacity: 1 });
    const h = store.add({ hp: 7 });
    const view = store.get(h);
    store.addMany(Array.from({ length: 10 }, () => ({ hp: 1 })));
    expect(view.hp).toBe(7);
    expect(store.columns.hp.length).toBe(16); // 11 needed; growth never goes below 16
    expect(store.columns.hp[h]).toBe(7);
  });
});

describe('addMany refuses bad input and changes nothing', () => {
  const good = { hp: 1, pos: [1, 2] as [number, number], state: 'run' as const, name: 'ok', id: 1n, alive: true };
  it.each([
    [{ hp: -1 }, RangeError, 'Unit.addMany: record 2: Unit.hp must be an integer from 0 to 65535 (u16); got -1'],
    [{ hp: '1' }, TypeError, 'Unit.addMany: record 2: Unit.hp must be a number (u16); got "1"'],
    [{ pos: [1, 'x'] }, TypeError, 'Unit.addMany: record 2: Unit.pos[1] must be a number (f32); got "x"'],
    [{ pos: [1e39, 0] }, RangeError, 'record 2: Unit.pos[0] must be within the f32 range'],
    [{ pos: [1] }, TypeError, 'record 2: Unit.pos must be an array-like of length 2 (f32); got an array of length 1'],
    [{ pos: null }, TypeError, 'record 2: Unit.pos must be an array-like of length 2'],
    [{ pos: 5 }, TypeError, 'record 2: Unit.pos must be an array-like of length 2'],
    [{ state: 'fly' }, RangeError, 'record 2: Unit.state must be one of "idle", "walk", "run"; got "fly"'],
    [{ state: 0 }, TypeError, 'record 2: Unit.state must be a string'],
    [{ name: 'toolong!' }, RangeError, 'record 2: Unit.name (utf8, 6 bytes) is 8 bytes as UTF-8'],
    [{ name: 'a\0' }, RangeError, 'record 2: Unit.name (utf8, 6 bytes) must not contain U+0000'],
    [{ id: 1 }, TypeError, 'record 2: Unit.id must be a bigint (i64); got 1'],
    [{ id: 2n ** 63n }, RangeError, 'record 2: Unit.id must be a bigint from'],
    [{ alive: 1 }, TypeError, 'record 2: Unit.alive must be a boolean (bool); got 1'],
    [{ hpp: 1 }, TypeError, 'Unit.addMany: record 2: Unit has no field "hpp"; its fields are hp, pos, state, name, id, alive'],
    [null, TypeError, "Unit.addMany: record 2: Unit: a record's initial values are a plain object of its fields (own enumerable properties); got null"],
    [undefined, TypeError, "record 2: Unit: a record's initial values are a plain object of its fields (own enumerable properties); got undefined"],
    [7, TypeError, "record 2: Unit: a record's initial values are a plain object of its fields (own enumerable properties); got 7"],
    [new (class Point { hp = 1; })(), TypeError, "record 2: Unit: a record's initial values are a plain object"],
    [[1, 2], TypeError, "record 2: Unit: a record's initial values are a plain object"],
  ])('record 2 = %o', (bad, error, message) => {
    for (const options of [{ capacity: 2 }, { capacity: 64 }, { capacity: 64, growable: false }]) {
      const store = Unit.createStore(options);
      store.add(good);
      store.delete(store.add(good));
      const before = stateOf(store);
      const attempt = () => store.addMany([good, good, bad as never, good]);
      expect(attempt).toThrow(error);
      expect(attempt).toThrow(message);
      expect(stateOf(store)).toEqual(before);
    }
  });

  it('refuses what is not an array', () => {
    const store = Unit.createStore();
    expect(() => store.addMany({ length: 1, 0: {} } as never)).toThrow(TypeError);
    expect(() => store.addMany({ length: 1, 0: {} } as never)).toThrow('Unit.addMany takes an array of records; got an object');
    expect(() => store.addMany(undefined as never)).toThrow('got undefined');
    expect(store.size).toBe(0);
  });

  it('refuses records that do not fit a store that cannot grow, before reading any', () => {
    const store = Unit.createStore({ capacity: 3, growable: false });
    const first = store.add();
    store.add();
    store.delete(first); // room: one freed slot and one never used
    let reads = 0;
    const counted = { get hp() { reads++; return 1; } };
    expect(() => store.addMany([counted, counted, counted])).toThrow(RangeError);
    expect(() => store.addMany([counted, counted, counted])).toThrow(
      'Unit.addMany: 3 records do not fit: capacity 3, room for 2 (the store was created with growable: false); nothing was added',
    );
    expect(reads).toBe(0);
    expect(store.size).toBe(1);
    expect([...store.addMany([counted, counted])]).toEqual([0, 2]);
    expect(reads).toBe(2);
  });

  it('refuses beyond the capacity of a shared store, and on an attached one', () => {
    const store = Unit.createStore({ capacity: 2, shared: true });
    expect(() => store.addMany([{}, {}, {}])).toThrow('(a shared store has a fixed capacity)');
    expect([...store.addMany([{ hp: 1 }, { hp: 2 }])]).toEqual([0, 1]);
    const attached = Unit.attach(store.share());
    expect(() => attached.addMany([])).toThrow(TypeError);
    expect(() => attached.addMany([])).toThrow('addMany is only done by the thread that created it');
    expect(store.toArray().map((unit) => unit.hp)).toEqual([1, 2]);
  });
});

describe('addMany and retired slots', () => {
  const S = defineStruct({ a: 'u8', v: ['u16', 2] }, { name: 'S' });
  /** A shared store of 4 whose slot 1 is retired and lies past end after a clear(), as allocate() must skip it. */
  function withRetiredAhead() {
    const store = S.createStore({ capacity: 4, shared: true });
    store.addMany([{}, {}, {}]);
    new Uint32Array(store.share().generations)[1] = 0xffff_fffd; // as if slot 1 had been reused 2^31 - 1 times
    store.clear(); // slot 1 retires here
    return store;
  }

  it('skips them, as add does, and copies each run of handles', () => {
    const store = withRetiredAhead();
    const loop = withRetiredAhead();
    const records = [{ a: 1, v: [1, 2] as [number, number] }, { a: 2, v: [3, 4] as [number, number] }, { a: 3 }];
    expect([...store.addMany(records)]).toEqual(records.map((record) => loop.add(record)));
    expect([...store.handles()]).toEqual([0, 2, 3]);
    expect(store.toArray()).toEqual(loop.toArray());
  });

  it('counts them out of the room: a batch that only fits with them is refused before reading', () => {
    const store = withRetiredAhead();
    expect(() => store.addMany([{}, {}, {}, {}])).toThrow('4 records do not fit: capacity 4, room for 3 (a shared store has a fixed capacity)');
    expect(store.size).toBe(0);
  });
});

describe('addMany against hostile input', () => {
  it('reads each value exactly once, vector elements included', () => {
    const reads: string[] = [];
    const pos = { length: 2 };
    Object.defineProperties(pos, {
      0: { get: () => (reads.push('pos[0]'), 1), enumerable: true },
      1: { get: () => (reads.push('pos[1]'), 2), enumerable: true },
    });
    const record = {
      get hp() { reads.push('hp'); return 5; },
      get pos() { reads.push('pos'); return pos as never; },
    };
    const store = Unit.createStore();
    store.addMany([record]);
    expect(reads).toEqual(['hp', 'pos', 'pos[0]', 'pos[1]']);
    expect(store.toArray()[0]).toMatchObject({ hp: 5, pos: [1, 2] });
  });

  it('a Proxy record: each field is read through its get trap once', () => {
    const gets: PropertyKey[] = [];
    const record = new Proxy({ hp: 3, state: 'run' as const, alive: true }, {
      get(target, key, receiver) {
        gets.push(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const store = Unit.createStore();
    store.addMany([record]);
    expect(gets).toEqual(['hp', 'state', 'alive']);
    expect(store.toArray()[0]).toMatchObject({ hp: 3, state: 'run', alive: true });
  });

  it('a getter that changes its answer after the check cannot sneak a bad value in', () => {
    let calls = 0;
    const record = { get hp() { return calls++ === 0 ? 1 : -1; } };
    const store = Unit.createStore();
    store.addMany([record]);
    expect(store.toArray()[0]?.hp).toBe(1);
    expect(calls).toBe(1);
  });

  it('a getter that throws leaves the store unchanged', () => {
    const store = Unit.createStore({ capacity: 1 });
    store.add({ hp: 9 });
    const before = stateOf(store);
    const record = { get hp(): number { throw new Error('boom'); } };
    expect(() => store.addMany([{}, record])).toThrow('boom');
    expect(stateOf(store)).toEqual(before);
  });

  it('a getter that shrinks the array: the length was read once, and the missing records are refused', () => {
    const records: object[] = [];
    records.push({ get hp() { records.length = 1; return 1; } }, {}, {});
    const store = Unit.createStore();
    expect(() => store.addMany(records)).toThrow("record 1: Unit: a record's initial values are a plain object of its fields (own enumerable properties); got undefined");
    expect(store.size).toBe(0);
  });

  it('a getter that adds and deletes records while the batch is read: the batch still lands whole, in free slots', () => {
    const store = Unit.createStore({ capacity: 4 });
    const kept = store.add({ hp: 100 });
    const doomed = store.add({ hp: 200 });
    const record = {
      get hp() {
        store.delete(doomed);
        store.add({ hp: 300 }); // takes the slot just freed
        store.add({ hp: 400 });
        return 1;
      },
    };
    const handles = store.addMany([record, { hp: 2 }, { hp: 3 }]);
    expect(store.size).toBe(6);
    expect([...handles]).toEqual([3, 4, 5]);
    expect(store.get(kept).hp).toBe(100);
    expect([...handles].map((h) => store.get(h).hp)).toEqual([1, 2, 3]);
  });

  it('a getter that fills a fixed store while the batch is read: refused after reading, nothing of the batch added', () => {
    const store = Unit.createStore({ capacity: 3, growable: false });
    const record = {
      get hp() {
        store.add({ hp: 9 });
        store.add({ hp: 9 });
        return 1;
      },
    };
    expect(() => store.addMany([record, {}])).toThrow(RangeError);
    expect(store.toArray().map((unit) => unit.hp)).toEqual([9, 9]);
  });

  it('reads own enumerable properties only, as add does: inherited keys are no record', () => {
    const inherited = Object.create({ bogus: 1 }) as object;
    const store = Unit.createStore();
    expect(() => store.add(inherited)).toThrow('a plain object');
    expect(() => store.addMany([inherited])).toThrow('record 0: Unit: a record\'s initial values are a plain object');
    const bare = Object.assign(Object.create(null) as object, { hp: 4 });
    const hidden = Object.defineProperty({ hp: 5 }, 'alive', { value: true, enumerable: false });
    store.addMany([bare, hidden]);
    expect(store.toArray().map((unit) => [unit.hp, unit.alive])).toEqual([[4, false], [5, false]]);
    expect([store.add(bare), store.add(hidden)].map((h) => [store.get(h).hp, store.get(h).alive])).toEqual([[4, false], [5, false]]);
  });
});

describe('addMany and reference fields', () => {
  it('refuses a struct with a reference field, naming it, adding nothing', () => {
    const Node = defineStruct({ value: 'u8', parent: { ref: 'self' } }, { name: 'Node' });
    const store = Node.createStore();
    expect(() => store.addMany([{ value: 1 }])).toThrow(/Node\.parent is a reference field/);
    expect(store.size).toBe(0);
  });
});
