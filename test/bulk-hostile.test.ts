/**
 * store.addMany against user code that runs while the batch is read, on both of its paths: a store that grows
 * (the batch is read straight into the columns it grows into) and a store with room (the batch is read straight
 * into the store's free slots past `end`; a getter that adds records moves the store out of its way). Whatever the user code does, the result is what `add` in a loop gives after the same user code ran,
 * every value is read once, and a refused batch leaves the store as it was.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineStruct, type Infer, type Store } from '../src/index';
import { Slots } from '../src/slots';
import { stateOf } from './fixtures/store-state';

const P = defineStruct({ x: 'f32', id: 'u32', tag: { enum: ['a', 'b'] }, pos: ['i16', 2] }, { name: 'P' });
type Schema = typeof P extends { createStore(): Store<infer S> } ? S : never;
type PRecord = Partial<Infer<typeof P>>;


/** `count` records { x: i + 0.5, id: i }. */
const plain = (count: number, from = 0): PRecord[] => Array.from({ length: count }, (_, i) => ({ x: from + i + 0.5, id: from + i }));

/** A record's own enumerable values, each read once, in key order: what addMany and add read of it. */
function readOnce(record: object): PRecord {
  const copy: Record<string, unknown> = {};
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) copy[key] = (record as Record<string, unknown>)[key];
  return copy as PRecord;
}

/**
 * Runs a batch through addMany on one store, and on another store prepared alike, what addMany promises: every
 * record read first (user code in getters runs then), then each added as add in a loop adds it.
 * `batch(store)` makes the records, whose getters may act on the store they are read into.
 */
function againstAdd(prepare: (store: Store<Schema>) => void, batch: (store: Store<Schema>) => object[], capacity: number) {
  const bulk = P.createStore({ capacity });
  const loop = P.createStore({ capacity });
  prepare(bulk);
  prepare(loop);
  const handles = [...bulk.addMany(batch(bulk) as never)];
  const expected = batch(loop).map(readOnce).map((record) => loop.add(record));
  return { bulk, loop, handles, expected };
}

const paths = [
  ['a store that grows (read into the grown columns)', 4],
  ['a store with room (read in place)', 256],
] as const;

describe.each(paths)('addMany on %s: getters that change the store', (_, capacity) => {
  it('a getter that adds records: the batch lands whole after them', () => {
    const batch = (store: Store<Schema>) => [
      ...plain(3),
      { get x() { store.add({ id: 900 }); store.add({ id: 901 }); return 7; }, id: 3 },
      ...plain(8, 4),
    ];
    const { bulk, loop, handles, expected } = againstAdd(() => {}, batch, capacity);
    expect(handles).toEqual(expected);
    expect(bulk.toArray()).toEqual(loop.toArray());
    expect(stateOf(bulk).handles).toEqual(stateOf(loop).handles);
  });

  it('a getter that deletes records: the batch takes the freed slots first', () => {
    const prepare = (store: Store<Schema>) => store.addMany(plain(3, 100));
    const batch = (store: Store<Schema>) => [
      { get x() { store.delete(1); store.delete(0); return 1; } },
      ...plain(6),
    ];
    const { bulk, loop, handles, expected } = againstAdd(prepare, batch, capacity);
    expect(handles).toEqual(expected);
    expect(bulk.toArray()).toEqual(loop.toArray());
  });

  it('a getter that clears the store: the batch starts from handle 0', () => {
    const prepare = (store: Store<Schema>) => store.addMany(plain(2, 100));
    const batch = (store: Store<Schema>) => [...plain(2), { get id() { store.clear(); return 5; } }, ...plain(6, 10)];
    const { bulk, loop, handles, expected } = againstAdd(prepare, batch, capacity);
    expect(handles).toEqual(expected);
    expect(bulk.toArray()).toEqual(loop.toArray());
  });

  it('a getter that grows the store past the capacity addMany planned for', () => {
    const batch = (store: Store<Schema>) => [
      ...plain(2),
      { get x() { for (let i = 0; i < 300; i++) store.add({ id: 1000 + i }); return 2.5; } },
      ...plain(5, 3),
    ];
    const { bulk, loop, handles, expected } = againstAdd(() => {}, batch, capacity);
    expect(handles).toEqual(expected);
    expect(bulk.toArray()).toEqual(loop.toArray());
  });

  it('a bad record after a getter that added records: only the getter\'s records remain', () => {
    const store = P.createStore({ capacity });
    store.add({ id: 1 });
    const records = [...plain(3), { get x() { store.add({ id: 77 }); return 1; } }, ...plain(3), { id: -1 }];
    expect(() => store.addMany(records)).toThrow('P.addMany: record 7: P.id must be an integer from 0 to 4294967295 (u32); got -1');
    expect(store.toArray().map((record) => record.id)).toEqual([1, 77]);
    // Nothing of the batch was left in the free slots either: the next records added start from zeros.
    const h = store.add();
    expect(store.get(h).x).toBe(0);
    expect([...store.columns.x.subarray(store.end)].every((value) => value === 0)).toBe(true);
  });

  it('a getter that defines a field on Object.prototype: later records without the field still get its default', () => {
    const batch = () => [
      { x: 1, get id() { Object.defineProperty(Object.prototype, 'x', { value: 99, enumerable: true, configurable: true, writable: true }); return 1; } },
      { id: 2 },
      Object.assign(Object.create(null) as object, { id: 3 }),
    ];
    try {
      const { bulk, loop, handles, expected } = againstAdd(() => {}, batch, capacity);
      expect(handles).toEqual(expected);
      expect(bulk.toArray().map((record) => record.x)).toEqual([1, 0, 0]);
      expect(bulk.toArray()).toEqual(loop.toArray());
    } finally {
      delete (Object.prototype as { x?: number }).x;
    }
  });

  it('a getter that defines an unknown enumerable key on Object.prototype: inherited keys are no record\'s', () => {
    const batch = () => [{ get x() { Object.defineProperty(Object.prototype, 'bogus', { value: 1, enumerable: true, configurable: true, writable: true }); return 1; } }, { id: 2 }];
    try {
      const { bulk, loop } = againstAdd(() => {}, batch, capacity);
      expect(bulk.toArray()).toEqual(loop.toArray());
      expect(bulk.size).toBe(2);
    } finally {
      delete (Object.prototype as { bogus?: number }).bogus;
    }
  });
});

describe('addMany reads and reports as add does', () => {
  it('reports the first bad value in field order, not key order', () => {
    const store = P.createStore();
    const record = { tag: 'z', x: 'no' } as never; // x comes first among the fields
    expect(() => store.add(record)).toThrow('P.x must be a number');
    expect(() => store.addMany([record])).toThrow('P.addMany: record 0: P.x must be a number');
    expect(store.size).toBe(0);
  });

  it('a getter that throws after a bad value: the getter\'s error, as add (values are read before they are checked)', () => {
    const store = P.createStore();
    const record = { x: 'no', get id(): number { throw new Error('from the getter'); } } as never;
    expect(() => store.add(record)).toThrow('from the getter');
    expect(() => store.addMany([record])).toThrow('from the getter');
  });

  it('vector elements are read after every other value, and not at all when an earlier field is bad', () => {
    const reads: string[] = [];
    const pos = { length: 2, get 0() { reads.push('pos[0]'); return 1; }, get 1() { reads.push('pos[1]'); return 2; } };
    const record = (x: unknown) => ({ get pos() { reads.push('pos'); return pos; }, get x() { reads.push('x'); return x; }, get id() { reads.push('id'); return 4; } });
    const store = P.createStore();
    store.addMany([record(1) as never]);
    expect(reads).toEqual(['pos', 'x', 'id', 'pos[0]', 'pos[1]']);
    reads.length = 0;
    expect(() => store.addMany([record('bad') as never])).toThrow('record 0: P.x must be a number');
    expect(reads).toEqual(['pos', 'x', 'id']);
    expect(store.size).toBe(1);
  });

  it('a record whose getter deletes a later key of its own: that key is skipped, as add skips it', () => {
    const make = () => ({ get x() { delete (this as { id?: number }).id; return 3; }, id: 8 });
    const bulk = P.createStore();
    const loop = P.createStore();
    bulk.addMany([make()]);
    loop.add(make());
    expect(bulk.toArray()).toEqual(loop.toArray());
    expect(bulk.toArray()[0]?.id).toBe(0);
  });

  it('takes keys in any order and any subset, with and without a prototype, like add', () => {
    const records: object[] = [
      { id: 1, x: 2 },
      { x: 3, id: 4, tag: 'b' },
      { pos: [1, -2], tag: 'b' },
      Object.assign(Object.create(null) as object, { tag: 'b', id: 9 }),
      {},
      { x: undefined, id: 5 },
    ];
    const bulk = P.createStore();
    const loop = P.createStore();
    bulk.addMany(records as never);
    for (const record of records) loop.add(record as never);
    expect(bulk.toArray()).toEqual(loop.toArray());
  });
});

describe('addMany and add agree on any record (property)', () => {
  // Mostly good values for the field named, sometimes a value of any kind (bad for most fields; undefined, the
  // default, included), rarely a key P does not have; keys in any order, with or without a prototype.
  const anyValue = fc.oneof(
    fc.integer({ min: -5, max: 70_000 }),
    fc.double({ noNaN: false }),
    fc.constantFrom<unknown>(undefined, null, 'a', 'c', true, 1n, 1e39, -0, [1], [40_000, 0], { length: 2, 0: 1, 1: 2 }),
  );
  const good: Record<string, fc.Arbitrary<unknown>> = {
    x: fc.float({ noNaN: true }),
    id: fc.nat(),
    tag: fc.constantFrom('a', 'b'),
    pos: fc.tuple(fc.integer({ min: -32_768, max: 32_767 }), fc.integer({ min: -32_768, max: 32_767 })),
  };
  const fieldEntry = fc
    .constantFrom('x', 'id', 'tag', 'pos')
    .chain((name) => fc.tuple(fc.constant(name), fc.oneof({ arbitrary: good[name] as fc.Arbitrary<unknown>, weight: 12 }, { arbitrary: anyValue, weight: 1 })));
  const extraEntry = fc.tuple(fc.constant('extra'), fc.constant<unknown>(1)); // a key P does not have
  const entry = fc.oneof({ arbitrary: fieldEntry, weight: 30 }, { arbitrary: extraEntry, weight: 1 });
  const record = fc
    .record({
      entries: fc.uniqueArray(entry, { selector: ([name]) => name, maxLength: 5 }),
      bare: fc.boolean(),
    })
    .map(({ entries, bare }) => Object.assign(bare ? (Object.create(null) as object) : {}, Object.fromEntries(entries)));

  it('the same records and handles, or the same error for the first bad record, with nothing added', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.nat(20), (records, capacity) => {
        const bulk = P.createStore({ capacity });
        const loop = P.createStore({ capacity });
        let failure: { index: number; error: Error } | undefined;
        const expected: number[] = [];
        for (const [index, value] of records.entries()) {
          try {
            expected.push(loop.add(value as never));
          } catch (error) {
            failure = { index, error: error as Error };
            break;
          }
        }
        if (failure === undefined) {
          expect([...bulk.addMany(records as never)]).toEqual(expected);
          expect(bulk.toArray()).toEqual(loop.toArray());
        } else {
          const { index, error } = failure;
          expect(() => bulk.addMany(records as never)).toThrow(error.constructor as new () => Error);
          expect(() => bulk.addMany(records as never)).toThrow(`P.addMany: record ${index}: ${error.message}`);
          expect([bulk.size, bulk.end, bulk.capacity]).toEqual([0, 0, capacity]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('addMany in place, into a store with room', () => {
  it('a refused batch leaves the free slots past end at zero', () => {
    const store = P.createStore({ capacity: 64 });
    store.addMany(plain(3));
    const before = stateOf(store);
    expect(() => store.addMany([...plain(20), { x: 1, tag: 'c' } as never])).toThrow(/record 20: .*P\.tag/);
    expect(stateOf(store)).toEqual(before);
    const { x, id, tag, pos } = store.columns;
    for (const column of [x, id, tag]) expect(column.subarray(3).every((value) => value === 0)).toBe(true);
    expect(pos.subarray(6).every((value) => value === 0)).toBe(true);
  });

  it('a getter that adds records: views and cursors of earlier records follow the store to its new columns', () => {
    const store = P.createStore({ capacity: 64 });
    const [first] = store.addMany(plain(2));
    const view = store.get(first as number);
    const cursor = store.cursor();
    const record = cursor.moveTo(first as number);
    const columns = store.columns.x;
    store.addMany([...plain(3, 10), { get id() { store.add({ id: 99 }); return 13; } }, ...plain(2, 14)]);
    expect(store.columns.x).not.toBe(columns);
    view.x = 7.5;
    expect(record.x).toBe(7.5);
    record.id = 42;
    expect(store.get(first as number).id).toBe(42);
    expect(store.toArray().map((r) => r.id)).toEqual([42, 1, 99, 10, 11, 12, 13, 14, 15]);
    expect(store.columns.x.subarray(store.end).every((value) => value === 0)).toBe(true);
  });

  it('a getter that runs addMany on the same store: the inner batch lands first, the outer after it', () => {
    const store = P.createStore({ capacity: 64 });
    store.addMany(plain(2));
    const outer = [...plain(2, 10), { get x() { store.addMany(plain(3, 20)); return 1.5; }, id: 12 }, ...plain(2, 13)];
    const handles = [...store.addMany(outer)];
    expect(handles).toEqual([5, 6, 7, 8, 9]);
    expect(store.toArray().map((r) => r.id)).toEqual([0, 1, 20, 21, 22, 10, 11, 12, 13, 14]);
    expect(store.columns.x.subarray(store.end).every((value) => value === 0)).toBe(true);
  });

  it.each(['compact', 'sort'] as const)('a getter that deletes and %ss: the batch lands after the reordered records', (reorder) => {
    const prepare = (store: Store<Schema>) => store.addMany(plain(6, 100));
    const batch = (store: Store<Schema>) => [
      ...plain(2),
      { get id() { store.delete(0); store.delete(4); if (reorder === 'compact') store.compact(); else store.sort('id', 'descending'); return 2; } },
      ...plain(2, 3),
    ];
    const { bulk, loop, handles, expected } = againstAdd(prepare, batch, 64);
    expect(handles).toEqual(expected);
    expect(handles).toEqual([4, 5, 6, 7, 8]);
    expect(bulk.toArray()).toEqual(loop.toArray());
    expect(stateOf(bulk)).toEqual(stateOf(loop));
    expect(bulk.columns.x.subarray(bulk.end).every((value) => value === 0)).toBe(true);
  });
});

describe('addMany growth that fails', () => {
  afterEach(() => vi.restoreAllMocks());

  it('changes nothing when the grown bookkeeping cannot be allocated after the batch was read', () => {
    const store = P.createStore({ capacity: 2 });
    store.addMany(plain(2));
    const columns = store.columns.x;
    const before = stateOf(store);
    vi.spyOn(Slots.prototype, 'grownGenerations').mockImplementationOnce(() => {
      throw new RangeError('injected: no memory for the counters');
    });
    expect(() => store.addMany(plain(30))).toThrow(/P store cannot grow to capacity 32: no memory for its bookkeeping/);
    expect(stateOf(store)).toEqual(before);
    expect(store.columns.x).toBe(columns);
    expect([...store.addMany(plain(30))]).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
  });
});
