/**
 * References (`store.ref` / `store.resolve`): a slot and its generation in one number, that resolves to the
 * record while it lives and to -1 ("gone") afterwards, never to another record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';

const Node = defineStruct({ value: 'u32' }, { name: 'Node' });

describe('ref and resolve', () => {
  it('resolve to the record while it lives, and to -1 once it is deleted, even after the slot is reused', () => {
    const store = Node.createStore();
    const h = store.add({ value: 1 });
    const ref = store.ref(h);
    expect(store.resolve(ref)).toBe(h);
    store.delete(h);
    expect(store.resolve(ref)).toBe(-1);
    const again = store.add({ value: 2 });
    expect(again).toBe(h); // the slot is reused...
    expect(store.resolve(ref)).toBe(-1); // ...but the old reference does not name the new record
    expect(store.resolve(store.ref(again))).toBe(again);
  });

  it('go when the store is cleared', () => {
    const store = Node.createStore();
    const ref = store.ref(store.add());
    store.clear();
    store.add();
    expect(store.resolve(ref)).toBe(-1);
  });

  it('0 is never a live reference; references past the end resolve to -1', () => {
    const store = Node.createStore();
    store.add();
    expect(store.resolve(0)).toBe(-1);
    const big = Node.createStore();
    for (let k = 0; k < 10; k++) big.add();
    expect(store.resolve(big.ref(9))).toBe(-1);
    expect(store.resolve(2 ** 53 - 1)).toBe(-1);
  });

  it('survive a snapshot', () => {
    const store = Node.createStore();
    for (let k = 0; k < 5; k++) store.add({ value: k });
    store.delete(2);
    const refs = [0, 1, 3, 4].map((h) => store.ref(h));
    const restored = Node.fromBytes(store.toBytes());
    expect(refs.map((ref) => restored.resolve(ref))).toEqual([0, 1, 3, 4]);
    restored.delete(3);
    expect(restored.resolve(refs[2] as number)).toBe(-1);
  });

  it('refuse what no reference can be, naming the struct', () => {
    const store = Node.createStore();
    const h = store.add();
    expect(() => store.ref(1)).toThrow(/Node has no live record at handle 1/);
    expect(() => store.ref(-1)).toThrow(RangeError);
    expect(() => store.ref('0' as never)).toThrow(TypeError);
    for (const bad of ['1', 1n, null, undefined, { valueOf: () => 1 }]) {
      expect(() => store.resolve(bad as never)).toThrow(/Node store.resolve: a reference is a number/);
    }
    for (const bad of [-1, 0.5, NaN, Infinity, 2 ** 53]) expect(() => store.resolve(bad)).toThrow(RangeError);
    expect(store.resolve(store.ref(h))).toBe(h);
  });

  it('never resolve to another record over random histories', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(20)), { maxLength: 200 }), (steps) => {
        const store = Node.createStore({ capacity: 4 });
        let serial = 0;
        const held: { ref: number; serial: number; live: boolean }[] = [];
        for (const [add, pick] of steps) {
          if (add) {
            const h = store.add({ value: ++serial });
            held.push({ ref: store.ref(h), serial, live: true });
          } else if (held.length > 0) {
            const entry = held[pick % held.length]!;
            const h = store.resolve(entry.ref);
            if (h >= 0) store.delete(h), (entry.live = false);
          }
          for (const entry of held) {
            const h = store.resolve(entry.ref);
            if (entry.live) expect(store.get(h).value).toBe(entry.serial);
            else expect(h).toBe(-1);
          }
        }
      }),
    );
  });

  it('alias only after a slot was reused a multiple of 2^20 times while held (the documented limit)', () => {
    const store = Node.createStore({ capacity: 1 });
    const ref = store.ref(store.add());
    for (let k = 0; k < 2 ** 20 - 1; k++) store.delete(0), store.add();
    expect(store.resolve(ref)).toBe(-1);
    store.delete(0);
    store.add();
    expect(store.resolve(ref)).toBe(0);
  });
});
