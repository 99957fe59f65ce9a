/**
 * The closures fallback (src/codegen/closures.ts), against its specification, the generated code: the same
 * random histories run on a struct compiled each way must give the same values, errors, messages, exports and
 * console output; the value checks must agree with kinds.ts's; and where code generation is really refused
 * (Node's --disallow-code-generation-from-strings, the engine-level twin of a CSP without 'unsafe-eval'),
 * defineStruct must fall back by itself.
 */
import { spawnSync } from 'node:child_process';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { rejects } from '../src/codegen/closures';
import { codegenMode, setCodegenMode } from '../src/codegen';
import { defineStruct, type Schema } from '../src/index';
import { rejectCondition, type ScalarType, scalarKinds } from '../src/kinds';
import { generatedSource } from '../src/struct';

const initialMode = process.env.SLOTTED_CODEGEN === 'closures' ? 'closures' : 'auto';
afterEach(() => setCodegenMode(initialMode));

function compiledBoth<S extends Schema>(schema: S, name: string) {
  setCodegenMode('generated');
  const generated = defineStruct(schema, { name });
  setCodegenMode('closures');
  const closures = defineStruct(schema, { name });
  setCodegenMode(initialMode);
  expect(generatedSource(generated)).toContain('sourceURL');
  expect(generatedSource(closures)).toContain('built from closures');
  return { generated, closures };
}

const interesting = fc.oneof(
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.double(),
  fc.constantFrom(0, -0, 255, 256, -129, 65535, 65536, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 3.4028235677973366e38, 3.4028234663852886e38, Infinity, -Infinity, Number.NaN),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constantFrom(2n ** 64n - 1n, 2n ** 64n, -(2n ** 63n), -(2n ** 63n) - 1n, 2n ** 63n - 1n, 2n ** 63n),
  fc.boolean(),
  fc.string({ maxLength: 4 }),
  fc.constantFrom(null, undefined, {}, [], '1'),
);

describe('the value checks', () => {
  it.each(Object.keys(scalarKinds) as ScalarType[])('agree with rejectCondition for %s, without running valueOf', (type) => {
    const generated = new Function('v', `return ${rejectCondition(type, 'v')};`) as (value: unknown) => boolean;
    fc.assert(
      fc.property(interesting, (value) => {
        expect(rejects[type](value)).toBe(generated(value));
      }),
    );
    const touchy = { valueOf: () => expect.fail('valueOf ran'), toString: () => expect.fail('toString ran') };
    expect(rejects[type](touchy)).toBe(true);
  });
});

// One struct with every kind of field; vectors of two element types.
const schema = {
  n: 'u8',
  i: 'i16',
  f: 'f32',
  big: 'u64',
  flag: 'bool',
  pos: ['f32', 3],
  ids: ['i64', 2],
  state: { enum: ['idle', 'walk', 'run'] },
  label: { utf8: 6 },
} as const satisfies Schema;
type FieldName = keyof typeof schema;
const fieldNames = Object.keys(schema) as FieldName[];

/** What one step did: its value (views as their console output) or its error's class and message. */
type Outcome = { value: unknown } | { error: string };

const anyValue = fc.oneof(
  interesting,
  fc.constantFrom('idle', 'walk', 'run', 'ñandú', 'abcdefg', 'a\0b', '\ud800'),
  fc.array(fc.oneof(fc.integer({ min: -300, max: 300 }), fc.double(), fc.bigInt({ min: -5n, max: 2n ** 64n })), { maxLength: 4 }),
);
/** Values field `name` holds, mostly, so that histories build records rather than only collect errors. */
const validValues: Record<FieldName, fc.Arbitrary<unknown>> = {
  n: fc.integer({ min: 0, max: 255 }),
  i: fc.integer({ min: -32768, max: 32767 }),
  f: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, min: -1e30, max: 1e30 })),
  big: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  flag: fc.boolean(),
  pos: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 3, maxLength: 3 }),
  ids: fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 2, maxLength: 2 }),
  state: fc.constantFrom('idle', 'walk', 'run'),
  label: fc.constantFrom('', 'a', 'ñandú', 'abcdef'),
};
const valueFor = (name: FieldName) => fc.oneof({ arbitrary: validValues[name], weight: 4 }, { arbitrary: anyValue, weight: 1 });
const field = fc.constantFrom(...fieldNames);
const fieldAndValue = field.chain((name) => fc.record({ field: fc.constant(name), value: valueFor(name) }));
const slot = fc.nat(4);
const init = fc.oneof(
  { arbitrary: fc.record(validValues, { requiredKeys: [] }), weight: 4 },
  { arbitrary: fc.dictionary(fc.oneof(field, fc.constant('extra')), anyValue, { maxKeys: 3 }), weight: 1 },
);
const vectorField = fc.constantFrom('pos' as const, 'ids' as const);
const element = fc.oneof(fc.integer({ min: -9, max: 9 }), fc.bigInt({ min: -9n, max: 9n }), anyValue);
const step = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), init }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('write' as const), slot, change: fieldAndValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('read' as const), slot, field }), weight: 4 },
  fc.record({ kind: fc.constant('element' as const), slot, field: vectorField, index: fc.integer({ min: -1, max: 3 }), value: element }),
  fc.record({ kind: fc.constant('at' as const), slot, field: vectorField, index: fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom('1', 1.5, Number.NaN, null)) }),
  fc.record({ kind: fc.constant('fill' as const), slot, field: vectorField, value: element, start: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), slot }),
  fc.record({ kind: fc.constant('keep' as const), slot }),
  fc.record({ kind: fc.constant('stale' as const), change: fc.option(fieldAndValue), field }),
  { arbitrary: fc.record({ kind: fc.constant('cursor' as const), slot: fc.option(slot), field, change: fc.option(fieldAndValue) }), weight: 4 },
  { arbitrary: fc.constant({ kind: 'advance' as const }), weight: 3 },
  fc.constant({ kind: 'clear' as const }),
  fc.record({ kind: fc.constant('handle' as const), handle: fc.constantFrom<unknown>('1', 1.5, -1, 2 ** 32, null, 1n, { valueOf: () => 0 }) }),
  fc.constant({ kind: 'export' as const }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function outcome(run: () => unknown): Outcome {
  try {
    const result = run();
    return { value: typeof result === 'object' && result !== null ? inspect(result, { depth: 4 }) : result };
  } catch (error) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : `thrown ${String(error)}` };
  }
}

/** Runs `steps` on a fresh store of `Struct`; every step's outcome, in order. */
function history(Struct: ReturnType<typeof compiledBoth>['generated'], steps: readonly Step[]): Outcome[] {
  const store = Struct.createStore({ capacity: 2 });
  const cursor = store.cursor();
  const kept: object[] = [];
  const record = (): Record<string, unknown> => cursor.record as unknown as Record<string, unknown>;
  return steps.map((s) =>
    outcome(() => {
      switch (s.kind) {
        case 'add':
          return store.add(s.init as never);
        case 'write':
          (store.get(s.slot) as Record<string, unknown>)[s.change.field] = s.change.value;
          return store.get(s.slot);
        case 'read': {
          const read = (store.get(s.slot) as Record<string, unknown>)[s.field];
          return typeof read === 'object' && read !== null ? [String(read), [...(read as Iterable<unknown>)], JSON.stringify(read)] : read;
        }
        case 'element': {
          const vector = (store.get(s.slot) as Record<string, unknown>)[s.field] as Record<number, unknown> & { at(e: number): unknown };
          vector[s.index] = s.value;
          return [vector[s.index], vector.at(s.index)];
        }
        case 'at':
          return ((store.get(s.slot) as Record<string, unknown>)[s.field] as { at(e: unknown): unknown }).at(s.index);
        case 'fill': {
          const vector = (store.get(s.slot) as Record<string, unknown>)[s.field] as { fill(v: unknown, start: number): unknown };
          return [...(vector.fill(s.value, s.start) as Iterable<unknown>)];
        }
        case 'delete':
          return store.delete(s.slot);
        case 'keep':
          kept.push(store.get(s.slot));
          return kept.length;
        case 'stale': {
          const view = kept[kept.length - 1] as Record<string, unknown> | undefined;
          if (view === undefined) return 'none kept';
          if (s.change !== null) view[s.change.field] = s.change.value;
          return [String(view), view[s.field] === undefined ? 'undefined' : inspect(view[s.field]), inspect(view)];
        }
        case 'cursor': {
          if (s.slot !== null) cursor.moveTo(s.slot);
          if (s.change !== null) record()[s.change.field] = s.change.value;
          return [cursor.handle, String(cursor.record), inspect(record()[s.field]), inspect(cursor.record), JSON.stringify(cursor.record)];
        }
        case 'advance':
          return [cursor.advance(), cursor.handle];
        case 'handle': {
          const h = s.handle as number;
          return [outcome(() => store.get(h)), store.has(h), outcome(() => store.delete(h)), outcome(() => cursor.moveTo(h))];
        }
        case 'clear':
          store.clear();
          return store.size;
        case 'export':
          return [store.toArray(), JSON.stringify(store), [...store].map(String), store.size, store.end, store.capacity, Object.keys(store.columns)];
      }
    }),
  );
}

describe('a struct built from closures', () => {
  const { generated, closures } = compiledBoth(schema, 'Unit');

  it('does what the generated code does through random histories: values, errors, messages, console output', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60 }), (steps) => {
        expect(history(closures, steps)).toEqual(history(generated, steps));
      }),
      { numRuns: 300 },
    );
  });

  it('has the same classes: names, prototype chains, property order and attributes, instanceof', () => {
    const shape = (Struct: typeof generated) => {
      const store = Struct.createStore();
      const view = store.get(store.add());
      const cursor = store.cursor();
      const describeOf = (object: object) =>
        Reflect.ownKeys(object).map((key) => {
          const { value: own, get, set, ...attributes } = Object.getOwnPropertyDescriptor(object, key) as PropertyDescriptor;
          const fn = (f: unknown) => (typeof f === 'function' ? [f.name, f.length] : f === undefined ? undefined : typeof f);
          return [String(key), attributes, fn(own), fn(get), fn(set)];
        });
      const chain = (object: object) => {
        const names: string[] = [];
        for (let p = Object.getPrototypeOf(object) as object | null; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
          names.push(String((p as { constructor?: { name?: string } }).constructor?.name));
        }
        return names;
      };
      const vector = view.pos as unknown as object;
      return {
        classes: [view, vector, cursor, cursor.record, store, store[Symbol.iterator](), store.columns].map((o) => (o as object).constructor.name),
        view: describeOf(Object.getPrototypeOf(view) as object),
        vector: describeOf(Object.getPrototypeOf(vector) as object),
        record: describeOf(Object.getPrototypeOf(cursor.record) as object),
        cursor: describeOf(Object.getPrototypeOf(cursor) as object),
        store: describeOf(Object.getPrototypeOf(store) as object),
        columns: describeOf(store.columns),
        ownOfView: Reflect.ownKeys(view),
        ownOfRecord: describeOf(cursor.record),
        chains: [chain(view).length, chain(cursor.record).length, chain(vector).length],
        tags: [Object.prototype.toString.call(view), Object.prototype.toString.call(vector)],
        instance: [view instanceof Struct, cursor.record instanceof Struct, Object.isFrozen(store.columns)],
      };
    };
    expect(shape(closures)).toEqual(shape(generated));
  });

  it('keeps the other structs apart: views of one struct are not instances of another', () => {
    const store = closures.createStore();
    const view = store.get(store.add());
    expect(view instanceof closures).toBe(true);
    expect(view instanceof generated).toBe(false);
  });
});

describe('choosing the fallback', () => {
  it.runIf(process.env.SLOTTED_CODEGEN === 'closures')('builds every struct from closures in the closures run (vitest.closures.config.ts)', () => {
    expect(codegenMode()).toBe('closures');
    expect(generatedSource(defineStruct({ x: 'u8' }))).toContain('built from closures');
  });

  it('is what codegenMode reports, and setCodegenMode switches it for the structs defined afterwards', () => {
    setCodegenMode('closures');
    expect(codegenMode()).toBe('closures');
    expect(generatedSource(defineStruct({ x: 'u8' }))).toContain('built from closures');
    setCodegenMode('generated');
    expect(codegenMode()).toBe('generated');
    expect(generatedSource(defineStruct({ x: 'u8' }))).toContain('sourceURL');
  });

  it('happens by itself where code generation from strings is refused', () => {
    const probe = `
      import { defineStruct } from './src/index';
      import { generatedSource } from './src/struct';
      let refused = 'allowed';
      try { new Function('return 1'); } catch (error) { refused = error.constructor.name; }
      const Unit = defineStruct({ hp: 'u16', pos: ['f32', 2], state: { enum: ['idle', 'run'] } }, { name: 'Unit' });
      const units = Unit.createStore({ capacity: 1 });
      const h = units.add({ hp: 7, pos: [1, 2], state: 'run' });
      units.add();
      const unit = units.get(h);
      unit.pos[1] += 0.5;
      let error = '';
      try { unit.hp = 70000; } catch (caught) { error = caught.constructor.name + ': ' + caught.message; }
      let sum = 0;
      for (const u of units.cursor()) sum += u.hp;
      const many = Array.from(units.addMany([{ hp: 1 }, { hp: 2, state: 'run' }]));
      let manyError = '';
      try { units.addMany([{ hp: 3 }, { hp: -1 }]); } catch (caught) { manyError = caught.message; }
      console.log(JSON.stringify({ refused, source: generatedSource(Unit).slice(0, 40), json: JSON.stringify(units), error, sum, instance: unit instanceof Unit, many, manyError, size: units.size }));
    `;
    const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, SLOTTED_CODEGEN: '' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      refused: 'EvalError',
      source: '// slotted: struct Unit built from closu',
      json: '[{"hp":7,"pos":[1,2.5],"state":"run"},{"hp":0,"pos":[0,0],"state":"idle"},{"hp":1,"pos":[0,0],"state":"idle"},{"hp":2,"pos":[0,0],"state":"run"}]',
      error: 'RangeError: Unit.hp must be an integer from 0 to 65535 (u16); got 70000',
      sum: 7,
      instance: true,
      // addMany's staging is generated too: it falls back with the rest.
      many: [2, 3],
      manyError: 'Unit.addMany: record 1: Unit.hp must be an integer from 0 to 65535 (u16); got -1',
      size: 4,
    });
  }, 60_000);
});
