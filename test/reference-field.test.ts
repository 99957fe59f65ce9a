/**
 * Reference fields: `{ ref: Struct }` and `{ ref: 'self' }` read as the target record's view or null, accept a
 * view, a reference or null, and never show another record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';

const Enemy = defineStruct({ hp: 'u16' }, { name: 'Enemy' });
const Other = defineStruct({ hp: 'u16' }, { name: 'Other' });
const Unit = defineStruct({ id: 'u32', target: { ref: Enemy }, parent: { ref: 'self' } }, { name: 'Unit' });

function world() {
  const enemies = Enemy.createStore();
  const units = Unit.createStore();
  units.link('target', enemies);
  return { enemies, units };
}

describe('reading and writing', () => {
  it('takes a view, a reference or null, and reads the target view or null', () => {
    const { enemies, units } = world();
    const e1 = enemies.add({ hp: 10 });
    const e2 = enemies.add({ hp: 20 });
    const u = units.get(units.add({ id: 1, target: enemies.get(e1) }));
    expect(u.target?.hp).toBe(10);
    u.target = enemies.ref(e2) as never; // the view type says view or null; a reference number is accepted too
    expect(units.get(0).target?.hp).toBe(20);
    u.target = null;
    expect(u.target).toBeNull();
    expect(units.get(units.add()).target).toBeNull(); // a new record references nothing
  });

  it('reads null once the target is deleted, and stays null when its slot is reused', () => {
    const { enemies, units } = world();
    const e = enemies.add({ hp: 10 });
    const u = units.get(units.add({ target: enemies.get(e) }));
    enemies.delete(e);
    expect(u.target).toBeNull();
    expect(enemies.add({ hp: 99 })).toBe(e);
    expect(u.target).toBeNull();
  });

  it('stores the reference number: toArray and JSON show it, or null', () => {
    const { enemies, units } = world();
    const e = enemies.add();
    units.add({ id: 1, target: enemies.get(e) });
    units.add({ id: 2 });
    expect(units.toArray()).toEqual([
      { id: 1, target: enemies.ref(e), parent: null },
      { id: 2, target: null, parent: null },
    ]);
    expect(JSON.parse(JSON.stringify(units))).toEqual(units.toArray());
    expect(units.columns.target[0]).toBe(enemies.ref(e));
    // What toArray gives, add takes back.
    const copy = Unit.createStore();
    copy.link('target', enemies);
    for (const record of units.toArray()) copy.add(record);
    expect(copy.get(0).target?.hp).toBe(0);
  });

  it('works through a cursor, which checks like a view', () => {
    const { enemies, units } = world();
    const e = enemies.add({ hp: 5 });
    units.add();
    const cursor = units.cursor();
    cursor.moveTo(0).target = enemies.get(e);
    expect(cursor.record.target?.hp).toBe(5);
    expect(() => (cursor.record.target = (enemies.ref(e) + 1) as never)).toThrow(RangeError);
    units.delete(0);
    expect(() => cursor.record.target).toThrow(RangeError);
    expect(() => (cursor.record.target = null)).toThrow(RangeError);
  });
});

describe('refused values leave the record unchanged', () => {
  const setUp = () => {
    const { enemies, units } = world();
    const e = enemies.add({ hp: 10 });
    const u = units.get(units.add({ target: enemies.get(e) }));
    const expectKept = (): void => expect(u.target?.hp).toBe(10);
    return { enemies, units, u, e, expectKept };
  };

  it('a view of another struct, of another store, or a stale view', () => {
    const { enemies, units, u, expectKept } = setUp();
    const others = Other.createStore();
    expect(() => (u.target = others.get(others.add()) as never)).toThrow(
      /Unit.target must be a live view of the linked Enemy store, a reference or null/,
    );
    expect(() => (u.target = units.get(0) as never)).toThrow(TypeError); // a Unit, not an Enemy
    const elsewhere = Enemy.createStore();
    expect(() => (u.target = elsewhere.get(elsewhere.add()))).toThrow(TypeError);
    const doomed = enemies.get(enemies.add());
    enemies.delete(1);
    expect(() => (u.target = doomed)).toThrow(TypeError);
    expectKept();
  });

  it('numbers that are no live reference of the target store, including references past its end', () => {
    const { enemies, u, e, expectKept } = setUp();
    for (const bad of [-1, 0.5, NaN, Infinity]) expect(() => (u.target = bad as never)).toThrow(/Unit.target must be a view, a reference/);
    expect(() => (u.target = 12345 as never)).toThrow(/reference 12345 names no live record of the linked Enemy store/);
    const big = Enemy.createStore();
    for (let k = 0; k < 10; k++) big.add();
    expect(() => (u.target = big.ref(9) as never)).toThrow(RangeError);
    const stale = enemies.ref(enemies.add());
    enemies.delete(1);
    expect(() => (u.target = stale as never)).toThrow(RangeError);
    expect(enemies.resolve(enemies.ref(e))).toBe(e);
    expectKept();
  });

  it('other things, without running their code (Proxy traps, valueOf, getters)', () => {
    const { enemies, u, e, expectKept } = setUp();
    const calls: string[] = [];
    const trap = new Proxy(enemies.get(e), {
      get: (_target, key) => (calls.push(`get ${String(key)}`), undefined),
      getPrototypeOf: () => (calls.push('getPrototypeOf'), null),
      has: () => (calls.push('has'), true),
    });
    expect(() => (u.target = trap)).toThrow(TypeError);
    expect(() => (u.target = { valueOf: () => (calls.push('valueOf'), enemies.ref(e)) } as never)).toThrow(TypeError);
    for (const bad of ['0', 1n, undefined, true, {}]) expect(() => (u.target = bad as never)).toThrow(TypeError);
    expect(calls).toEqual([]);
    expectKept();
  });

  it('add refuses a bad reference and adds nothing', () => {
    const { units } = setUp();
    expect(() => units.add({ target: 77 })).toThrow(RangeError);
    expect(() => units.add({ target: {} as never })).toThrow(TypeError);
    expect(units.size).toBe(1);
  });
});

describe('links', () => {
  it('an unlinked field reads and takes null, and refuses anything else naming the fix', () => {
    const units = Unit.createStore();
    const enemies = Enemy.createStore();
    const u = units.get(units.add());
    expect(u.target).toBeNull();
    u.target = null;
    expect(() => (u.target = enemies.get(enemies.add()))).toThrow(/Unit.target is not linked to a store: call store.link\('target', targetStore\)/);
    units.columns.target[0] = enemies.ref(0); // through the raw column: the getter then needs the link
    expect(() => u.target).toThrow(TypeError);
    units.link('target', enemies);
    expect(units.get(0).target?.hp).toBe(0);
  });

  it('link checks the field and the target store', () => {
    const { units, enemies } = world();
    expect(() => units.link('id' as never, enemies as never)).toThrow(/"id" is not a reference field of Unit/);
    expect(() => units.link('nope' as never, enemies as never)).toThrow(TypeError);
    expect(() => units.link('target', Other.createStore() as never)).toThrow(/Unit.target needs a store of the struct it references/);
    expect(() => units.link('target', {} as never)).toThrow(TypeError);
    expect(() => units.link('parent', enemies as never)).toThrow(TypeError);
    units.link('parent', Unit.createStore()); // a self field may point into another store of its struct
  });

  it('the schema refuses a reference to something that is not a struct', () => {
    expect(() => defineStruct({ bad: { ref: 3 } as never }, { name: 'Bad' })).toThrow(/Bad.bad: a reference field is \{ ref: Struct \} or \{ ref: 'self' \}/);
    expect(() => defineStruct({ bad: { ref: 'other' } as never })).toThrow(TypeError);
  });
});

describe('across compact, sort, snapshots and threads', () => {
  it('references into a reordered store go null for the records that moved (never another record)', () => {
    const { enemies, units } = world();
    for (let k = 0; k < 4; k++) enemies.add({ hp: k });
    for (let k = 0; k < 4; k++) units.add({ id: k, target: enemies.get(k) });
    enemies.delete(1);
    enemies.compact(); // enemy 0 stays at 0; 2 and 3 move down
    expect(units.toArray().map((_, h) => units.get(h).target?.hp ?? null)).toEqual([0, null, null, null]);
  });

  it('self references follow their records through compact and sort', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 60 }), (steps) => {
        const units = Unit.createStore({ capacity: 4 });
        const parentOf = new Map<number, number | null>(); // id -> parent id
        const handleOf = (id: number): number => [...units.handles()].find((h) => units.get(h).id === id) as number;
        let id = 0;
        for (const [pick, del, reorder] of steps) {
          const ids = [...parentOf.keys()];
          const parent = ids.length === 0 || pick % 3 === 0 ? null : (ids[pick % ids.length] as number);
          units.add({ id, parent: parent === null ? null : units.get(handleOf(parent)) });
          parentOf.set(id++, parent);
          if (del % 4 === 0 && ids.length > 1) {
            const gone = ids[del % ids.length] as number;
            units.delete(handleOf(gone));
            parentOf.delete(gone);
            for (const [child, p] of parentOf) if (p === gone) parentOf.set(child, null);
          }
          if (reorder) if (pick % 2 === 0) units.compact(); else units.sort('id', 'descending');
          for (const view of units) expect(view.parent?.id ?? null).toBe(parentOf.get(view.id));
        }
      }),
    );
  });

  it('snapshots keep the references; a restored store links its self fields, other links are made again', () => {
    const { enemies, units } = world();
    const e = enemies.add({ hp: 7 });
    const root = units.add({ id: 1, target: enemies.get(e) });
    units.add({ id: 2, parent: units.get(root) });
    const restored = Unit.fromBytes(units.toBytes());
    expect(restored.get(1).parent?.id).toBe(1);
    expect(() => restored.get(0).target).toThrow(/not linked/);
    restored.link('target', Enemy.fromBytes(enemies.toBytes()));
    expect(restored.get(0).target?.hp).toBe(7);
  });

  it('a sort refuses a reference field as key', () => {
    const { units } = world();
    expect(() => units.sort('target' as never)).toThrow(/cannot sort by target \(ref\)/);
  });

  it('an attached store reads self references of the shared memory', () => {
    const units = Unit.createStore({ capacity: 4, shared: true });
    const root = units.add({ id: 1 });
    units.add({ id: 2, parent: units.get(root) });
    const attached = Unit.attach(units.share());
    expect(attached.get(1).parent?.id).toBe(1);
    attached.get(1).parent = null; // writing fields is allowed on an attached store
    expect(units.get(1).parent).toBeNull();
  });
});
