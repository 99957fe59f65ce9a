/**
 * compact() and sort(): a model-based test (random add / delete / compact / sort / ref / resolve / clear
 * histories against a Map), properties of the remap, and the hostile comparators.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct, type Infer, type Store } from '../src/index';

const Unit = defineStruct(
  {
    hp: 'u16',
    x: 'f32',
    d: 'f64',
    s: 'i8',
    id: 'i64',
    state: { enum: ['idle', 'walk', 'run'] },
    alive: 'bool',
    pos: ['f32', 2],
    name: { utf8: 5 },
  },
  { name: 'Unit' },
);
type UnitRecord = Infer<typeof Unit>;
type Schema = typeof Unit extends { createStore(): Store<infer S> } ? S : never;
type UnitStore = Store<Schema>;
type SortField = 'hp' | 'x' | 'd' | 's' | 'id' | 'state' | 'alive';

const float = fc.oneof(
  fc.float(),
  fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 1e-45, -1e-45, 1, -1),
);
const record: fc.Arbitrary<UnitRecord> = fc.record({
  hp: fc.integer({ min: 0, max: 4 }), // few values: many ties, so stability is tested
  x: float,
  d: fc.oneof(fc.double(), fc.constantFrom(NaN, -0, 0, 1, -1)),
  s: fc.integer({ min: -128, max: 127 }),
  id: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  state: fc.constantFrom('idle', 'walk', 'run'),
  alive: fc.boolean(),
  pos: fc.tuple(fc.float({ noNaN: true }), fc.float({ noNaN: true })).map(([a, b]) => [a, b]),
  name: fc.string({ maxLength: 5 }).filter((value) => !value.includes('\0')),
});

/** What the store must hold after storing `value` (f32 rounding). */
function stored(value: UnitRecord): UnitRecord {
  return { ...value, x: Math.fround(value.x), pos: [Math.fround(value.pos[0]), Math.fround(value.pos[1])] };
}

/** The model's own key order, independent of the store's packing: numbers with NaN greatest and -0 = +0. */
function compareKeys(a: number | bigint | boolean | string, b: number | bigint | boolean | string, field: SortField): number {
  if (field === 'state') return ['idle', 'walk', 'run'].indexOf(a as string) - ['idle', 'walk', 'run'].indexOf(b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint') return a < (b as bigint) ? -1 : a > (b as bigint) ? 1 : 0;
  const x = a as number;
  const y = b as number;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Model {
  records: Map<number, UnitRecord>;
  /** References handed out, and the handle each must resolve to (-1 once gone). */
  refs: { ref: number; handle: number }[];
}
interface Real {
  store: UnitStore;
  views: { handle: number; view: ReturnType<UnitStore['get']>; live: boolean }[];
}

function checkEqual(model: Model, real: Real): void {
  const { store } = real;
  expect(store.size).toBe(model.records.size);
  const handles = [...model.records.keys()].sort((a, b) => a - b);
  expect([...store.handles()]).toEqual(handles);
  expect(store.toArray()).toEqual(handles.map((handle) => model.records.get(handle)));
  for (const { handle, view, live } of real.views) {
    if (live) expect(view.hp).toBe(model.records.get(handle)?.hp);
    else expect(() => view.hp).toThrow(/stale/);
  }
  for (const { ref, handle } of model.refs) expect(store.resolve(ref)).toBe(handle);
}

/**
 * Applies a reorder to the model: `sorted` lists the old handles in their new order. Checks the remap, moves
 * the model's records, views and references the way the store promises (moved ones go stale or gone).
 */
function reorderModel(model: Model, real: Real, sorted: number[], oldEnd: number, remap: Int32Array): void {
  expect(remap).toBeInstanceOf(Int32Array);
  expect(remap.length).toBe(oldEnd);
  const expected = new Int32Array(oldEnd).fill(-1);
  sorted.forEach((handle, position) => (expected[handle] = position));
  expect([...remap]).toEqual([...expected]);
  const records = new Map<number, UnitRecord>();
  sorted.forEach((handle, position) => records.set(position, model.records.get(handle) as UnitRecord));
  model.records = records;
  for (const entry of real.views) if (entry.live && remap[entry.handle] !== entry.handle) entry.live = false;
  for (const entry of model.refs) if (entry.handle >= 0 && remap[entry.handle] !== entry.handle) entry.handle = -1;
  expect(real.store.end).toBe(sorted.length);
}

class AddCommand implements fc.Command<Model, Real> {
  constructor(readonly init: UnitRecord) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const handle = real.store.add(this.init);
    expect(model.records.has(handle)).toBe(false);
    model.records.set(handle, stored(this.init));
    checkEqual(model, real);
  }
  toString = (): string => 'add';
}

class DeleteCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const handles = [...model.records.keys()];
    const handle = handles.length === 0 ? this.pick : (handles[this.pick % handles.length] as number);
    expect(real.store.delete(handle)).toBe(model.records.delete(handle));
    for (const entry of real.views) if (entry.handle === handle) entry.live = false;
    for (const entry of model.refs) if (entry.handle === handle) entry.handle = -1;
    checkEqual(model, real);
  }
  toString = (): string => `delete(#${this.pick})`;
}

class ViewAndRefCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Model): boolean => model.records.size > 0;
  run(model: Model, real: Real): void {
    const handles = [...model.records.keys()];
    const handle = handles[this.pick % handles.length] as number;
    real.views.push({ handle, view: real.store.get(handle), live: true });
    const ref = real.store.ref(handle);
    expect(ref).not.toBe(0);
    model.refs.push({ ref, handle });
    checkEqual(model, real);
  }
  toString = (): string => `viewAndRef(#${this.pick})`;
}

class CompactCommand implements fc.Command<Model, Real> {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const oldEnd = real.store.end;
    const sorted = [...model.records.keys()].sort((a, b) => a - b);
    reorderModel(model, real, sorted, oldEnd, real.store.compact());
    checkEqual(model, real);
  }
  toString = (): string => 'compact()';
}

class SortFieldCommand implements fc.Command<Model, Real> {
  constructor(readonly field: SortField, readonly descending: boolean) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const oldEnd = real.store.end;
    const sign = this.descending ? -1 : 1;
    const sorted = [...model.records.keys()]
      .sort((a, b) => a - b)
      .sort((a, b) => sign * compareKeys(model.records.get(a)![this.field], model.records.get(b)![this.field], this.field));
    const remap = real.store.sort(this.field, this.descending ? 'descending' : 'ascending');
    reorderModel(model, real, sorted, oldEnd, remap);
    checkEqual(model, real);
  }
  toString = (): string => `sort(${this.field}, ${this.descending ? 'descending' : 'ascending'})`;
}

class SortComparatorCommand implements fc.Command<Model, Real> {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const oldEnd = real.store.end;
    // By name, then by -hp: two keys, and ties left to the sort's stability.
    const byRecord = (a: UnitRecord, b: UnitRecord): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.hp - a.hp);
    const sorted = [...model.records.keys()].sort((a, b) => a - b).sort((a, b) => byRecord(model.records.get(a)!, model.records.get(b)!));
    const remap = real.store.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.hp - a.hp));
    reorderModel(model, real, sorted, oldEnd, remap);
    checkEqual(model, real);
  }
  toString = (): string => 'sort(by name, -hp)';
}

class ClearCommand implements fc.Command<Model, Real> {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    real.store.clear();
    model.records.clear();
    for (const entry of real.views) entry.live = false;
    for (const entry of model.refs) entry.handle = -1;
    checkEqual(model, real);
  }
  toString = (): string => 'clear()';
}

class SnapshotCommand implements fc.Command<Model, Real> {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    // References survive a snapshot: the restored store resolves them as the original does. Views do not.
    real.store = Unit.fromBytes(real.store.toBytes());
    for (const entry of real.views) entry.live = false;
    real.views = [];
    checkEqual(model, real);
  }
  toString = (): string => 'fromBytes(toBytes())';
}

const sortFields: SortField[] = ['hp', 'x', 'd', 's', 'id', 'state', 'alive'];
const commands = [
  record.map((init) => new AddCommand(init)),
  record.map((init) => new AddCommand(init)),
  record.map((init) => new AddCommand(init)),
  fc.nat().map((pick) => new DeleteCommand(pick)),
  fc.nat().map((pick) => new DeleteCommand(pick)),
  fc.nat().map((pick) => new ViewAndRefCommand(pick)),
  fc.constant(new CompactCommand()),
  fc.tuple(fc.constantFrom(...sortFields), fc.boolean()).map(([field, descending]) => new SortFieldCommand(field, descending)),
  fc.constant(new SortComparatorCommand()),
  fc.constant(new ClearCommand()),
  fc.constant(new SnapshotCommand()),
];

describe('compact and sort against a model', () => {
  it('keep every record, move views, references and handles as promised', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60 }), fc.boolean(), (history, shared) => {
        const store = shared ? Unit.createStore({ capacity: 64, shared: true }) : Unit.createStore({ capacity: 2 });
        fc.modelRun(() => ({ model: { records: new Map(), refs: [] }, real: { store, views: [] } }), history);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the remap', () => {
  it('is a bijection from the live handles onto 0 .. size - 1, and -1 elsewhere', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), fc.boolean(), (deletes, byField) => {
        const store = Unit.createStore();
        deletes.forEach((_, k) => store.add({ hp: k % 7, d: k }));
        deletes.forEach((deleted, k) => deleted && store.delete(k));
        const live = new Set(store.handles());
        const before = new Map([...live].map((handle) => [handle, store.get(handle).d]));
        const remap = byField ? store.sort('hp', 'descending') : store.compact();
        const targets = new Set<number>();
        remap.forEach((target, handle) => {
          if (!live.has(handle)) return expect(target).toBe(-1);
          expect(target).toBeGreaterThanOrEqual(0);
          expect(target).toBeLessThan(live.size);
          targets.add(target);
          expect(store.get(target).d).toBe(before.get(handle));
        });
        expect(targets.size).toBe(live.size);
        expect(store.end).toBe(store.size);
      }),
    );
  });

  it('of a store without holes is the identity, and views and references stay valid', () => {
    const store = Unit.createStore();
    for (let k = 0; k < 5; k++) store.add({ hp: k });
    const view = store.get(3);
    const ref = store.ref(3);
    expect([...store.compact()]).toEqual([0, 1, 2, 3, 4]);
    expect(view.hp).toBe(3);
    expect(store.resolve(ref)).toBe(3);
    expect([...store.sort('hp')]).toEqual([0, 1, 2, 3, 4]); // already sorted: nothing moves
    expect(view.hp).toBe(3);
    expect(store.compact().length).toBe(5);
  });

  it('of an empty store is empty', () => {
    const store = Unit.createStore();
    expect(store.compact()).toEqual(new Int32Array(0));
    store.add();
    store.delete(0);
    expect([...store.sort('x')]).toEqual([-1]);
    expect(store.end).toBe(0);
    expect(store.add()).toBe(0);
  });
});

describe('what moves with a record', () => {
  it('every column, vectors and strings included, and free slots read zero afterwards', () => {
    const store = Unit.createStore();
    for (let k = 0; k < 6; k++) store.add({ hp: k, pos: [k, -k], name: `n${k}`, id: BigInt(k) * -(2n ** 40n), x: NaN });
    store.delete(1);
    store.delete(4);
    store.sort('hp', 'descending');
    expect(store.toArray().map((r) => [r.hp, r.pos, r.name, r.id])).toEqual(
      [5, 3, 2, 0].map((k) => [k, [k, -k], `n${k}`, BigInt(k) * -(2n ** 40n)]),
    );
    const { hp, pos, name, id } = store.columns;
    expect([...hp.subarray(4, 6)]).toEqual([0, 0]);
    expect([...pos.subarray(8, 12)]).toEqual([0, 0, 0, 0]);
    expect([...name.subarray(20, 30)]).toEqual(new Array(10).fill(0));
    expect([...id.subarray(4, 6)]).toEqual([0n, 0n]);
  });

  it('NaN payloads are copied bit for bit', () => {
    const store = Unit.createStore();
    store.add();
    store.add();
    const bits = new Uint32Array(store.columns.x.buffer);
    bits[0] = 0x7fc0_1234;
    store.get(1).x = 1;
    store.sort('x', 'descending'); // NaN is greatest: it moves to the front... it is already there; reverse them:
    store.sort((a, b) => a.x - b.x || 0);
    expect(new Uint32Array(store.columns.x.buffer)[0]).toBe(0x7fc0_1234);
  });

  it('the next add after a compaction takes the slot after the last record', () => {
    const store = Unit.createStore();
    for (let k = 0; k < 4; k++) store.add({ hp: k });
    store.delete(0);
    store.delete(2);
    store.compact();
    expect(store.add({ hp: 9 })).toBe(2);
    expect(store.toArray().map((r) => r.hp)).toEqual([1, 3, 9]);
  });

  it('cursors leave their record, as on delete', () => {
    const store = Unit.createStore();
    for (let k = 0; k < 3; k++) store.add({ hp: k });
    store.delete(0);
    const cursor = store.cursor();
    cursor.moveTo(2);
    store.compact();
    expect(cursor.handle).toBe(-1);
    expect(() => cursor.record.hp).toThrow(/deleted or moved/);
    expect(cursor.moveTo(1).hp).toBe(2);
  });

  it('generation counters widen when a reorder needs it', () => {
    const store = Unit.createStore({ capacity: 2 });
    store.add({ hp: 1 });
    store.add({ hp: 2 });
    for (let k = 0; k < 126; k++) store.delete(0), store.add({ hp: 1 }); // slot 0's counter reaches 253, the last live u8 one
    const before = store.byteLength;
    const ref = store.ref(0);
    store.sort('hp', 'descending'); // slot 0 takes another record: its counter must go to 255, past u8's 254 (retired)
    expect(store.toArray().map((r) => r.hp)).toEqual([2, 1]);
    expect(store.resolve(ref)).toBe(-1);
    expect(store.byteLength).toBe(before + 2); // two u8 counters became two u16
    expect(store.resolve(store.ref(1))).toBe(1);
  });
});

describe('shared stores', () => {
  it('compact on the creating thread; attached stores see the moved records and refuse to reorder', () => {
    const store = Unit.createStore({ capacity: 8, shared: true });
    for (let k = 0; k < 4; k++) store.add({ hp: k });
    store.delete(1);
    const attached = Unit.attach(store.share());
    const remote = attached.get(3);
    const ref = attached.ref(2);
    expect(() => attached.compact()).toThrow(TypeError);
    expect(() => attached.sort('hp')).toThrow(TypeError);
    expect(() => attached.sort(() => 0)).toThrow(TypeError);
    store.compact();
    expect(attached.toArray().map((r) => r.hp)).toEqual([0, 2, 3]);
    expect(() => remote.hp).toThrow(/stale/);
    expect(attached.resolve(ref)).toBe(-1);
    expect(attached.resolve(store.ref(1))).toBe(1);
  });
});

describe('exhausted shared counters', () => {
  it('a slot with no generation left for another record is retired and skipped, as on delete', () => {
    const store = Unit.createStore({ capacity: 4, shared: true });
    store.add({ hp: 1 });
    store.add({ hp: 2 });
    // Slot 0 as if reused 2^31 times (shared counters are u32 and cannot widen): its last live generation.
    new Uint32Array(store.share().generations)[0] = 0xffff_fffd;
    const view = store.get(1);
    const remap = store.sort('hp', 'descending');
    expect([...remap]).toEqual([2, 1]); // hp 2 keeps slot 1; hp 1 cannot go to slot 0, so it goes to slot 2
    expect(store.toArray().map((r) => r.hp)).toEqual([2, 1]);
    expect([...store.handles()]).toEqual([1, 2]);
    expect(view.hp).toBe(2); // did not move
    expect(store.end).toBe(3);
    expect(store.add({ hp: 3 })).toBe(3); // slot 0 is never handed out again
    store.delete(1);
    store.delete(2);
    store.delete(3);
    expect(() => store.add()).not.toThrow();
    expect(store.has(0)).toBe(false);
  });

  it('with no slot left to take a record, the reorder throws a RangeError and changes nothing', () => {
    const store = Unit.createStore({ capacity: 2, shared: true });
    store.add({ hp: 1 });
    store.add({ hp: 2 });
    new Uint32Array(store.share().generations).fill(0xffff_fffd);
    const view = store.get(0);
    expect(() => store.sort('hp', 'descending')).toThrow(/Unit store cannot be reordered: too many slots have used up their generation counters/);
    expect(store.toArray().map((r) => r.hp)).toEqual([1, 2]);
    expect(view.hp).toBe(1);
  });
});

describe('sort arguments', () => {
  const store = Unit.createStore();
  store.add({ hp: 2 });
  store.add({ hp: 1 });
  const unchanged = (): void => expect(store.toArray().map((r) => r.hp)).toEqual([2, 1]);

  it('refuse what cannot be sorted by, naming it', () => {
    expect(() => store.sort('nope' as never)).toThrow(/Unit store.sort: no field "nope"/);
    expect(() => store.sort('pos' as never)).toThrow(TypeError);
    expect(() => store.sort('name' as never)).toThrow(/cannot sort by name \(utf8\)/);
    expect(() => store.sort(3 as never)).toThrow(TypeError);
    expect(() => store.sort(undefined as never)).toThrow(TypeError);
    expect(() => store.sort('hp', 'up' as never)).toThrow(RangeError);
    expect(() => store.sort('hp', 1 as never)).toThrow(TypeError);
    expect(() => store.sort((() => 0) as never, 'ascending' as never)).toThrow(TypeError);
    unchanged();
  });
});

describe('hostile comparators', () => {
  function fresh(): { store: UnitStore; view: ReturnType<UnitStore['get']>; ref: number; before: UnitRecord[] } {
    const store = Unit.createStore();
    for (let k = 0; k < 20; k++) store.add({ hp: (k * 7) % 20, name: `n${k}` });
    store.delete(4);
    const view = store.get(10);
    return { store, view, ref: store.ref(10), before: store.toArray() };
  }
  const expectUnchanged = ({ store, view, ref, before }: ReturnType<typeof fresh>): void => {
    expect(store.toArray()).toEqual(before);
    expect(store.end).toBe(20);
    expect(view.hp).toBe(10);
    expect(store.resolve(ref)).toBe(10);
    expect(store.add()).toBe(4); // the free stack is as it was
  };

  it('that throw leave the store unchanged', () => {
    const state = fresh();
    let calls = 0;
    expect(() =>
      state.store.sort((a, b) => {
        if (++calls === 15) throw new Error('boom');
        return a.hp - b.hp;
      }),
    ).toThrow('boom');
    expectUnchanged(state);
  });

  it('that return something other than a number, or NaN, are refused with the store unchanged', () => {
    const state = fresh();
    expect(() => state.store.sort(() => '1' as never)).toThrow(/must return a number; got "1"/);
    expect(() => state.store.sort(() => ({ valueOf: () => 1 }) as never)).toThrow(TypeError);
    expect(() => state.store.sort(() => NaN)).toThrow(/returned NaN/);
    expectUnchanged(state);
  });

  it('that delete or add records make sort throw and reorder nothing', () => {
    const deleting = fresh();
    expect(() => deleting.store.sort((a, b) => (deleting.store.delete(0), a.hp - b.hp))).toThrow(RangeError);
    expect(deleting.store.has(0)).toBe(false);
    expect(deleting.store.toArray()).toEqual(deleting.before.slice(1));
    expect(deleting.view.hp).toBe(10);

    const adding = fresh();
    let added = false;
    expect(() => adding.store.sort((a, b) => (added || ((added = true), adding.store.add({ hp: 99 })), a.hp - b.hp))).toThrow(
      /the comparator added, deleted or moved records; nothing was reordered/,
    );
    expect(adding.store.toArray()).toEqual([...adding.before.slice(0, 4), { ...adding.before[0], hp: 99, name: '' }, ...adding.before.slice(4)]);

    // Same size, same end, but another record in slot 19: still caught.
    const replacing = fresh();
    let replaced = false;
    expect(() =>
      replacing.store.sort((a, b) => {
        const order = a.hp - b.hp;
        if (!replaced) (replaced = true), replacing.store.delete(19), replacing.store.add({ hp: 7 });
        return order;
      }),
    ).toThrow(/nothing was reordered/);
  });

  it('that delete a record about to be compared throw, and reorder nothing', () => {
    const state = fresh();
    expect(() => state.store.sort((a, b) => (state.store.delete(19), state.store.delete(18), a.hp - b.hp))).toThrow(RangeError);
    expect(state.store.toArray()).toEqual(state.before.slice(0, -2));
  });

  it('that sort or compact the store themselves make the outer sort throw; the records stay whole', () => {
    const state = fresh();
    let inner = false;
    expect(() =>
      state.store.sort((a, b) => {
        if (!inner) (inner = true), state.store.compact();
        return a.hp - b.hp;
      }),
    ).toThrow(RangeError);
    expect(state.store.toArray()).toEqual(state.before); // compacted, in the same order
    expect(state.store.end).toBe(19);
  });

  it('that are inconsistent still give a permutation of the records', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 1 }), (answers) => {
        const state = fresh();
        let call = 0;
        const remap = state.store.sort(() => answers[call++ % answers.length] as number);
        const after = state.store.toArray();
        expect(after.length).toBe(state.before.length);
        const key = (r: UnitRecord): string => `${r.hp}:${r.name}`;
        expect(after.map(key).sort()).toEqual(state.before.map(key).sort());
        expect(state.store.get(remap[10] as number).name).toBe('n10');
      }),
      { numRuns: 30 },
    );
  });

  it('that keep the records they were given find them on no record afterwards', () => {
    const state = fresh();
    let kept: { hp: number } | undefined;
    state.store.sort((a, b) => ((kept = a), a.hp - b.hp));
    expect(() => kept?.hp).toThrow(RangeError);
  });

  it('that write fields do not break the sort (the keys they changed are simply used)', () => {
    const state = fresh();
    state.store.sort((a, b) => {
      a.alive = true;
      return a.hp - b.hp;
    });
    expect(state.store.toArray().map((r) => r.hp)).toEqual(state.before.map((r) => r.hp).sort((a, b) => a - b));
  });
});

describe('sort by a field', () => {
  it('matches a stable Array sort of the same keys, for every sortable kind, both directions', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 80 }), fc.constantFrom(...sortFields), fc.boolean(), (records, field, descending) => {
        const store = Unit.createStore();
        for (const value of records) store.add(value);
        const expected = records
          .map((value, handle) => ({ value: stored(value), handle }))
          .sort((a, b) => (descending ? -1 : 1) * compareKeys(a.value[field], b.value[field], field));
        const remap = store.sort(field, descending ? 'descending' : 'ascending');
        expect(store.toArray()).toEqual(expected.map((entry) => entry.value));
        expected.forEach((entry, position) => expect(remap[entry.handle]).toBe(position));
      }),
    );
  });
});
