/**
 * Hostile inputs: one regression test per way a determined user broke a promise of the README (issue #8).
 * Keep adding to it: every bug found by trying to break the store gets its test here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';

const S = defineStruct({ a: 'u8' }, { name: 'S' });

/** Sets slot `handle`'s generation counter of a shared store through its share handle, as any thread could. */
function setGeneration(store: ReturnType<typeof S.createStore>, handle: number, generation: number): void {
  new Uint32Array(store.share().generations)[handle] = generation;
}

describe('retired slots of shared stores (#8.1)', () => {
  it('never hands a retired slot out again, not even after clear(), and says why add fails', () => {
    const store = S.createStore({ capacity: 1, shared: true });
    store.delete(store.add());
    setGeneration(store, 0, 0xffff_fffc); // as if slot 0 had been reused 2^31 - 2 times
    const h = store.add({ a: 1 });
    const old = store.get(h);
    store.delete(h); // the counter would reach 0xffff_fffe: the slot retires
    expect(store.size).toBe(0);
    expect(() => store.add()).toThrow(RangeError);
    expect(() => store.add()).toThrow(/S store has no slot to hand out: of its 1 slots, 0 hold records and 1 are retired/);
    store.clear();
    expect(() => store.add({ a: 2 })).toThrow(/1 are retired/);
    expect(store.size).toBe(0);
    expect(() => old.a).toThrow(/stale/);
  });

  it('skips retired slots when clear() lets it hand out slots from 0 again', () => {
    const store = S.createStore({ capacity: 3, shared: true });
    const [first] = [store.add(), store.add(), store.add()];
    store.delete(first as number);
    store.add(); // slot 0 again, generation 3
    setGeneration(store, 0, 0xffff_fffd);
    const old = store.get(0);
    store.clear(); // slot 0 retires here
    expect([store.add({ a: 7 }), store.add({ a: 8 })]).toEqual([1, 2]);
    expect(() => store.add()).toThrow(/2 hold records and 1 are retired/);
    expect(() => old.a).toThrow(/stale/);
    expect(store.has(0)).toBe(false);
  });

  it('a view never reads a later record of its slot, whatever the counter it was made at (property)', () => {
    const T = defineStruct({ a: 'u32' }, { name: 'T' });
    const topOrAny = fc.oneof(fc.integer({ min: 0x7fff_fff0, max: 0x7fff_fffe }), fc.integer({ min: 0, max: 0x7fff_fffe }));
    const step = fc.oneof(fc.constant('add' as const), fc.constant('clear' as const), fc.nat({ max: 2 }));
    fc.assert(
      fc.property(fc.array(topOrAny, { minLength: 1, maxLength: 3 }), fc.array(step, { maxLength: 40 }), (halves, steps) => {
        const store = T.createStore({ capacity: halves.length, shared: true });
        for (let h = 0; h < halves.length; h++) store.add();
        store.clear();
        const generations = new Uint32Array(store.share().generations);
        halves.forEach((half, h) => (generations[h] = half * 2)); // any free (even) counter
        const views: { view: { a: number }; handle: number; value: number; live: boolean }[] = [];
        let value = 0;
        for (const next of steps) {
          if (next === 'add') {
            try {
              const h = store.add({ a: ++value });
              views.push({ view: store.get(h), handle: h, value, live: true });
            } catch (error) {
              expect(String(error)).toMatch(/retired|full/);
            }
          } else if (next === 'clear') {
            store.clear();
            for (const kept of views) kept.live = false;
          } else {
            const kept = views.filter((candidate) => candidate.live)[next];
            if (kept !== undefined) {
              kept.live = false;
              expect(store.delete(kept.handle)).toBe(true);
            }
          }
          for (const kept of views) {
            if (kept.live) expect(kept.view.a).toBe(kept.value);
            else expect(() => kept.view.a).toThrow(/stale/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('growth (#8.7)', () => {
  it('is not broken by freezing store.columns, and columns cannot be replaced by the user', () => {
    const store = S.createStore({ capacity: 1 });
    const h = store.add({ a: 1 });
    const view = store.get(h);
    Object.freeze(store.columns); // already frozen: a no-op
    expect(() => ((store.columns as { a: Uint8Array }).a = new Uint8Array(8))).toThrow(TypeError);
    expect(() => ((store as { columns: unknown }).columns = {})).toThrow(TypeError);
    const second = store.add({ a: 2 }); // grows
    view.a = 9;
    expect(store.columns.a[h]).toBe(9);
    expect(store.columns.a[second]).toBe(2);
    expect(S.fromBytes(store.toBytes()).toArray()).toEqual([{ a: 9 }, { a: 2 }]);
  });
});

describe('handles of the wrong type (#8.9)', () => {
  it('has() returns false for a bigint, a symbol or an object, without calling valueOf', () => {
    const store = S.createStore();
    store.add();
    let calls = 0;
    const sneaky = { valueOf: () => (calls++, 0) };
    for (const handle of [0n, 3n, Symbol('h'), sneaky, '0', null, undefined, 0.5, -0.5, 2 ** 32]) {
      expect(store.has(handle as never)).toBe(false);
    }
    expect(calls).toBe(0);
    expect(store.has(0)).toBe(true);
  });
});
