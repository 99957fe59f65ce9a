/**
 * Hostile values on the generated paths: getters that change their answer or touch the store, valueOf, Proxies,
 * prototype pollution. Each test is a bug that was found (issue #8) or a promise of the Errors section.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';

const W = defineStruct({ w: ['u8', 3], big: ['i64', 2], n: 'u8' }, { name: 'W' });

/** An array-like of length 3 whose element 1 answers `first` on the first read and `later` afterwards. */
function fickle(first: unknown, later: unknown, onRead?: () => void) {
  let reads = 0;
  return {
    length: 3,
    0: 1,
    get 1() {
      onRead?.();
      return reads++ === 0 ? first : later;
    },
    2: 3,
  };
}

describe('whole-vector values are read once', () => {
  it('stores what the check saw, never a second answer', () => {
    const store = W.createStore();
    const view = store.get(store.add());
    view.w = fickle(2, 300) as never;
    expect([...view.w]).toEqual([1, 2, 3]);
    for (const later of ['7', Number.NaN, { valueOf: () => 9 }, 2n ** 70n + 5n]) {
      view.w = fickle(4, later) as never;
      expect([...view.w]).toEqual([1, 4, 3]);
    }
  });

  it('refuses a value whose only read is bad, writing nothing', () => {
    const store = W.createStore();
    const view = store.get(store.add({ w: [5, 5, 5] }));
    expect(() => (view.w = fickle(300, 2) as never)).toThrow(RangeError);
    expect(() => (view.w = fickle('7', 2) as never)).toThrow(TypeError);
    expect([...view.w]).toEqual([5, 5, 5]);
  });

  it('leaves the vector whole when a getter throws midway', () => {
    const store = W.createStore();
    const view = store.get(store.add({ w: [5, 5, 5] }));
    const thrower = { length: 3, 0: 1, get 1(): number { throw new Error('boom'); }, 2: 3 };
    expect(() => (view.w = thrower as never)).toThrow('boom');
    expect([...view.w]).toEqual([5, 5, 5]);
  });

  it('adds nothing when a getter in add() throws', () => {
    const store = W.createStore();
    const thrower = { length: 3, 0: 1, get 1(): number { throw new Error('boom'); }, 2: 3 };
    expect(() => store.add({ w: thrower as never })).toThrow('boom');
    expect(store.size).toBe(0);
    expect(store.end).toBe(0);
  });

  it('writes into the current column when a getter grows the store', () => {
    const store = W.createStore({ capacity: 1 });
    const h = store.add();
    const view = store.get(h);
    view.w = fickle(2, 2, () => {
      for (let i = 0; i < 40; i++) store.add();
    }) as never;
    expect([...store.get(h).w]).toEqual([1, 2, 3]);
    expect(Array.from(store.columns.w.subarray(0, 3))).toEqual([1, 2, 3]);
  });

  it('refuses to write when a getter deletes the record, leaving the freed slot zero', () => {
    const store = W.createStore();
    const h = store.add();
    const view = store.get(h);
    expect(() => (view.w = fickle(2, 2, () => store.delete(h)) as never)).toThrow(/stale/);
    expect(Array.from(store.columns.w.subarray(0, 3))).toEqual([0, 0, 0]);
  });

  it('fill() converts its indexes before the live check', () => {
    const store = W.createStore();
    const h = store.add();
    const vector = store.get(h).w;
    expect(() => vector.fill(9, { valueOf: () => (store.delete(h), 0) } as never)).toThrow(/stale/);
    expect(Array.from(store.columns.w.subarray(0, 3))).toEqual([0, 0, 0]);
  });

  it('a re-entrant write of the same field from an element getter stays correct', () => {
    const store = W.createStore();
    const a = store.get(store.add());
    const b = store.get(store.add());
    a.w = fickle(2, 2, () => {
      b.w = [7, 8, 9];
    }) as never;
    expect([...a.w]).toEqual([1, 2, 3]);
    expect([...b.w]).toEqual([7, 8, 9]);
  });

  it('holds for random element values and read counts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -10, max: 300 }), fc.string(), fc.constant(Number.NaN)), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 255 }), (later, first) => {
        const store = W.createStore();
        const view = store.get(store.add());
        let reads = 0;
        const value = { length: 3, get 0() { return reads++ === 0 ? first : later[0]; }, 1: later[1], 2: 1 };
        const valid = typeof later[1] === 'number' && Number.isInteger(later[1]) && later[1] >= 0 && later[1] <= 255;
        if (valid) {
          view.w = value as never;
          expect([...view.w]).toEqual([first, later[1], 1]);
        } else {
          expect(() => (view.w = value as never)).toThrow();
          expect([...view.w]).toEqual([0, 0, 0]);
        }
      }),
    );
  });
});

describe('add() reads own properties of plain objects once', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).n;
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it('ignores inherited properties, even polluted ones', () => {
    const store = W.createStore();
    (Object.prototype as Record<string, unknown>).polluted = 1;
    (Object.prototype as Record<string, unknown>).n = 7;
    const h = store.add({});
    expect(store.get(h).n).toBe(0);
    expect(store.get(store.add(Object.assign(Object.create(null) as object, { n: 4 }))).n).toBe(4);
  });

  it('refuses arrays, Maps, Dates and class instances', () => {
    const store = W.createStore();
    for (const init of [[], new Map(), new Date(0), new (class Thing {})(), Object.create({ n: 7 })]) {
      expect(() => store.add(init as never)).toThrow(/plain object/);
    }
    expect(store.size).toBe(0);
  });

  it('reads each getter once', () => {
    const store = W.createStore();
    let reads = 0;
    const init = {
      get n() {
        reads++;
        return 5;
      },
    };
    expect(store.get(store.add(init)).n).toBe(5);
    expect(reads).toBe(1);
  });
});

describe('iteration under mutation', () => {
  const S = defineStruct({ a: 'u32' }, { name: 'S' });

  it('does not visit records added during forEach or for...of', () => {
    const store = S.createStore();
    for (let i = 0; i < 3; i++) store.add({ a: i });
    let visits = 0;
    store.forEach(() => {
      visits++;
      store.add();
    });
    expect(visits).toBe(3);
    visits = 0;
    for (const _ of store) {
      visits++;
      store.add();
    }
    expect(visits).toBe(6);
  });

  it('skips records deleted before the loop reaches them', () => {
    const store = S.createStore();
    for (let i = 0; i < 4; i++) store.add({ a: i });
    const seen: number[] = [];
    store.forEach((view, h) => {
      seen.push(view.a);
      if (h === 0) store.delete(2);
    });
    expect(seen).toEqual([0, 1, 3]);
  });

  it('refuses a forEach callback that is not a function', () => {
    expect(() => S.createStore().forEach(42 as never)).toThrow(/callback must be a function; got 42/);
  });
});

describe('vector element access', () => {
  it('serves indexes through one mechanism whatever the length, checked', () => {
    const Long = defineStruct({ v: ['u16', 5000] }, { name: 'Long' });
    const store = Long.createStore({ capacity: 2 });
    const vector = store.get(store.add()).v;
    vector[4999] = 65535;
    expect(vector[4999]).toBe(65535);
    expect(vector[5000]).toBeUndefined();
    expect(4999 in vector).toBe(true);
    expect(5000 in vector).toBe(false);
    expect(() => (vector[5000] = 1)).toThrow(TypeError);
    expect(() => (vector[0] = 65536)).toThrow(RangeError);
    expect(() => ((vector as unknown as Record<string, number>)['01'] = 1)).toThrow(TypeError);
  });

  it('has array-like methods that read the live record', () => {
    const V = defineStruct({ p: ['f64', 4] }, { name: 'V' });
    const store = V.createStore();
    const vector = store.get(store.add({ p: [1, 2, 3, 4] })).p;
    expect(Array.from(vector)).toEqual([1, 2, 3, 4]);
    expect(vector.indexOf(3)).toBe(2);
    expect(vector.includes(5)).toBe(false);
    vector.fill(9, 2);
    expect(String(vector)).toBe('1,2,9,9');
  });
});
