/**
 * Model-based test: random sequences of add / set / delete / get / clear / growth run against a plain
 * Map<handle, record>, and the store must equal the model after every step.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { defineStruct, type Infer, type Store } from '../src/index';

const Unit = defineStruct(
  { hp: 'u16', pos: ['f32', 2], state: { enum: ['idle', 'walk', 'run'] }, name: { utf8: 6 }, id: 'i64', alive: 'bool' },
  { name: 'Unit' },
);
type UnitRecord = Infer<typeof Unit>;
type Schema = typeof Unit extends { createStore(): Store<infer S> } ? S : never;

interface Model {
  records: Map<number, UnitRecord>;
  capacity: number;
  growable: boolean;
}
interface Real {
  store: Store<Schema>;
  /** Views handed out so far; `live` turns false for good once their record is deleted. */
  views: { handle: number; view: ReturnType<Store<Schema>['get']>; live: boolean }[];
}

const record: fc.Arbitrary<UnitRecord> = fc.record({
  hp: fc.integer({ min: 0, max: 0xffff }),
  pos: fc.tuple(fc.float({ noNaN: true }), fc.float({ noNaN: true })).map(([x, y]) => [x, y]),
  state: fc.constantFrom('idle', 'walk', 'run'),
  name: fc.string({ maxLength: 6 }).filter((value) => !value.includes('\0')),
  id: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  alive: fc.boolean(),
});
const partial = fc.record(
  { hp: fc.integer({ min: 0, max: 0xffff }), state: fc.constantFrom('idle', 'walk', 'run'), alive: fc.boolean() },
  { requiredKeys: [] },
);

function defaults(): UnitRecord {
  return { hp: 0, pos: [0, 0], state: 'idle', name: '', id: 0n, alive: false };
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
}

class AddCommand implements fc.Command<Model, Real> {
  constructor(readonly init: Partial<UnitRecord>) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    if (!model.growable && model.records.size === model.capacity) {
      expect(() => real.store.add(this.init)).toThrow(/is full/);
      checkEqual(model, real);
      return;
    }
    const handle = real.store.add(this.init);
    expect(model.records.has(handle)).toBe(false);
    expect(handle).toBeLessThan(real.store.capacity);
    model.records.set(handle, { ...defaults(), ...this.init });
    model.capacity = real.store.capacity;
    checkEqual(model, real);
  }
  toString(): string {
    return `add(${JSON.stringify(this.init, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))})`;
  }
}

class AddInvalidCommand implements fc.Command<Model, Real> {
  constructor(readonly init: Record<string, unknown>) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    expect(() => real.store.add(this.init as never)).toThrow();
    expect(real.store.capacity).toBe(model.capacity);
    checkEqual(model, real);
  }
  toString(): string {
    return `addInvalid(${Object.keys(this.init).join(',')})`;
  }
}

/** The live handle a command's `pick` lands on. */
function pickHandle(model: Model, pick: number): number {
  const handles = [...model.records.keys()];
  return handles[pick % handles.length] as number;
}

class SetCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number, readonly value: UnitRecord) {}
  check(model: Model): boolean {
    return model.records.size > 0;
  }
  run(model: Model, real: Real): void {
    const handle = pickHandle(model, this.pick);
    const view = real.store.get(handle);
    view.hp = this.value.hp;
    view.pos = this.value.pos;
    view.state = this.value.state;
    view.name = this.value.name;
    view.id = this.value.id;
    view.alive = this.value.alive;
    real.views.push({ handle, view, live: true });
    model.records.set(handle, { ...this.value, pos: [...this.value.pos] });
    checkEqual(model, real);
  }
  toString(): string {
    return `set(#${this.pick})`;
  }
}

class SetInvalidCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number, readonly hp: number) {}
  check(model: Model): boolean {
    return model.records.size > 0;
  }
  run(model: Model, real: Real): void {
    const handle = pickHandle(model, this.pick);
    expect(() => (real.store.get(handle).hp = this.hp)).toThrow(RangeError);
    checkEqual(model, real);
  }
  toString(): string {
    return `setInvalid(#${this.pick}, hp=${this.hp})`;
  }
}

class DeleteCommand implements fc.Command<Model, Real> {
  constructor(readonly handle: number) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    expect(real.store.delete(this.handle)).toBe(model.records.delete(this.handle));
    for (const entry of real.views) if (entry.handle === this.handle) entry.live = false;
    checkEqual(model, real);
  }
  toString(): string {
    return `delete(${this.handle})`;
  }
}

class GetCommand implements fc.Command<Model, Real> {
  constructor(readonly handle: number) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const expected = model.records.get(this.handle);
    if (expected === undefined) {
      expect(() => real.store.get(this.handle)).toThrow(RangeError);
      expect(real.store.has(this.handle)).toBe(false);
    } else {
      const view = real.store.get(this.handle);
      expect(JSON.parse(JSON.stringify(view))).toEqual({ ...expected, id: String(expected.id) });
      real.views.push({ handle: this.handle, view, live: true });
    }
  }
  toString(): string {
    return `get(${this.handle})`;
  }
}

class ClearCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    real.store.clear();
    model.records.clear();
    for (const entry of real.views) entry.live = false;
    checkEqual(model, real);
  }
  toString(): string {
    return 'clear()';
  }
}

const handle = fc.integer({ min: 0, max: 40 });
const commands = [
  // Adds weigh more than deletes, so that histories fill the store and make it grow several times.
  record.map((init) => new AddCommand(init)),
  record.map((init) => new AddCommand(init)),
  partial.map((init) => new AddCommand(init)),
  fc.constant(new AddCommand({})),
  fc.oneof(fc.constant({ hp: -1 }), fc.constant({ nope: 1 }), fc.constant({ state: 'fly' }), fc.constant({ name: 'toolong' })).map((init) => new AddInvalidCommand(init)),
  fc.tuple(fc.nat(), record).map(([pick, value]) => new SetCommand(pick, value)),
  fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0x10000 }), fc.integer({ max: -1 }))).map(([pick, hp]) => new SetInvalidCommand(pick, hp)),
  handle.map((target) => new DeleteCommand(target)),
  handle.map((target) => new GetCommand(target)),
  fc.constant(new ClearCommand()),
];

it.each([
  ['a growable store that starts small', { capacity: 1 }],
  ['a fixed store', { capacity: 8, growable: false }],
])('matches a Map model through random histories: %s', (_, options) => {
  fc.assert(
    fc.property(fc.commands(commands, { maxCommands: 200, size: 'max' }), (history) => {
      const store = Unit.createStore(options);
      const model: Model = { records: new Map(), capacity: store.capacity, growable: store.growable };
      const real: Real = { store, views: [] };
      fc.modelRun(() => ({ model, real }), history);
    }),
    { numRuns: 60 },
  );
  // CPU-bound (60 histories of up to 200 commands): seconds on an idle machine, more on a shared one.
}, 120_000);
