/**
 * Growth is atomic (#8.7): when allocating the larger columns fails, the store is exactly as it was. The
 * failure is injected by wrapping allocateColumns, since a real one needs more memory than a test should touch.
 */
import { describe, expect, it, vi } from 'vitest';
import * as columns from '../src/columns';
import { defineStruct } from '../src/index';
import { Slots } from '../src/slots';

const failing = vi.hoisted(() => ({ afterColumns: Number.POSITIVE_INFINITY }));

vi.mock('../src/columns', async (importOriginal) => {
  const real = await importOriginal<typeof columns>();
  return {
    allocateColumns: (...args: Parameters<typeof real.allocateColumns>) => {
      const made = real.allocateColumns(...args);
      if (made.length > failing.afterColumns) throw new RangeError(`${args[0]}: injected allocation failure`);
      return made;
    },
  };
});

describe('growth that fails (#8.7)', () => {
  it('changes nothing: views, columns, snapshots and later growth all see the old store', () => {
    const T = defineStruct({ a: 'u8', w: ['i32', 2], s: { utf8: 4 } }, { name: 'T' });
    const store = T.createStore({ capacity: 2 });
    const h0 = store.add({ a: 1, w: [1, 2], s: 'x' });
    store.add({ a: 2 });
    const view = store.get(h0);
    const columnsBefore = store.columns;
    const bytesBefore = store.toBytes();
    failing.afterColumns = 1; // the second column's allocation fails
    expect(() => store.add({ a: 3 })).toThrow(/injected allocation failure/);
    failing.afterColumns = Number.POSITIVE_INFINITY;
    expect(store.columns).toBe(columnsBefore);
    expect([store.size, store.capacity, store.end]).toEqual([2, 2, 2]);
    expect(store.toBytes()).toEqual(bytesBefore);
    view.a = 9; // still writes where the store reads
    expect(store.toArray()[0]).toEqual({ a: 9, w: [1, 2], s: 'x' });
    const h2 = store.add({ a: 3 }); // and growing works afterwards
    expect(store.capacity).toBe(16);
    view.a = 10;
    expect(store.toArray()).toEqual([{ a: 10, w: [1, 2], s: 'x' }, { a: 2, w: [0, 0], s: '' }, { a: 3, w: [0, 0], s: '' }]);
    expect(store.get(h2).a).toBe(3);
  });

  it('changes nothing when the generation counters cannot be allocated, after the columns were', () => {
    const T = defineStruct({ a: 'u8' }, { name: 'T' });
    const store = T.createStore({ capacity: 1 });
    const view = store.get(store.add({ a: 1 }));
    const columnsBefore = store.columns;
    const spy = vi.spyOn(Slots.prototype, 'grownGenerations').mockImplementationOnce(() => {
      throw new RangeError('injected: no memory for the counters');
    });
    expect(() => store.add({ a: 2 })).toThrow(/T store cannot grow to capacity 16: no memory for its bookkeeping/);
    spy.mockRestore();
    expect(store.columns).toBe(columnsBefore);
    expect([store.size, store.capacity]).toEqual([1, 1]);
    view.a = 7;
    expect(store.toArray()).toEqual([{ a: 7 }]);
    store.add({ a: 2 });
    view.a = 8;
    expect(store.toArray()).toEqual([{ a: 8 }, { a: 2 }]);
  });
});
