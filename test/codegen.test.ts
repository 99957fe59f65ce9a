/**
 * Property tests of every generated accessor: what a view writes reads back, lands in its own column slot,
 * and touches no other record; what a field cannot hold is refused and changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct, type FieldSpec } from '../src/index';

interface KindCase {
  readonly spec: FieldSpec;
  readonly valid: fc.Arbitrary<unknown>;
  readonly invalid: fc.Arbitrary<unknown>;
  /** What reading back a written value gives. */
  readonly read?: (value: unknown) => unknown;
  /** The column elements a written value becomes. */
  readonly stored?: (value: unknown) => unknown[];
}

const notNumbers = fc.oneof(fc.string(), fc.boolean(), fc.bigInt(), fc.constant(null), fc.constant(undefined), fc.object());
const nonIntegers = fc.oneof(fc.double({ noInteger: true }), fc.constantFrom(Number.NaN, Infinity, -Infinity));

function integerCase(bits: number, signed: boolean): KindCase {
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return {
    spec: `${signed ? 'i' : 'u'}${bits}` as FieldSpec,
    valid: fc.integer({ min, max }),
    invalid: fc.oneof(
      fc.integer({ min: max + 1, max: max + 2 ** 33 }),
      fc.integer({ min: min - 2 ** 33, max: min - 1 }),
      nonIntegers,
      notNumbers,
    ),
  };
}

const f32Limit = 3.4028235677973366e38;
const bigNotBigInts = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.double());

const kinds: Record<string, KindCase> = {
  u8: integerCase(8, false),
  u16: integerCase(16, false),
  u32: integerCase(32, false),
  i8: integerCase(8, true),
  i16: integerCase(16, true),
  i32: integerCase(32, true),
  f32: {
    spec: 'f32',
    valid: fc.double().filter((value) => !(Math.abs(value) >= f32Limit && Number.isFinite(value))),
    invalid: fc.oneof(fc.double({ min: f32Limit, max: Number.MAX_VALUE, noNaN: true }), fc.double({ min: -Number.MAX_VALUE, max: -f32Limit, noNaN: true }), notNumbers),
    read: (value) => Math.fround(value as number),
  },
  f64: { spec: 'f64', valid: fc.double(), invalid: notNumbers },
  bool: {
    spec: 'bool',
    valid: fc.boolean(),
    invalid: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
    stored: (value) => [value ? 1 : 0],
  },
  u64: {
    spec: 'u64',
    valid: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    invalid: fc.oneof(fc.bigInt({ min: 2n ** 64n, max: 2n ** 70n }), fc.bigInt({ min: -(2n ** 70n), max: -1n }), bigNotBigInts),
  },
  i64: {
    spec: 'i64',
    valid: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    invalid: fc.oneof(fc.bigInt({ min: 2n ** 63n, max: 2n ** 70n }), fc.bigInt({ min: -(2n ** 70n), max: -(2n ** 63n) - 1n }), bigNotBigInts),
  },
  enum: {
    spec: { enum: ['idle', 'walk', 'run'] },
    valid: fc.constantFrom('idle', 'walk', 'run'),
    invalid: fc.oneof(fc.string().filter((value) => !['idle', 'walk', 'run'].includes(value)), fc.integer(), fc.constant(null)),
    stored: (value) => [['idle', 'walk', 'run'].indexOf(value as string)],
  },
  utf8: {
    spec: { utf8: 12 },
    valid: fc.string({ unit: 'grapheme', maxLength: 12 }).filter((value) => !value.includes('\0') && new TextEncoder().encode(value).length <= 12),
    invalid: fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 4, maxLength: 30 }).filter((value) => new TextEncoder().encode(value).length > 12),
      fc.string({ maxLength: 5 }).map((value) => `${value}\0`),
      fc.constant('\udc00'),
      fc.integer(),
    ),
    stored: (value) => {
      const bytes = Array.from(new TextEncoder().encode(value as string));
      return [...bytes, ...Array<number>(12 - bytes.length).fill(0)];
    },
  },
};

function vectorCase(element: keyof typeof kinds, length: number): KindCase {
  const base = kinds[element] as KindCase;
  const read = base.read ?? ((value: unknown) => value);
  return {
    spec: [element, length] as FieldSpec,
    valid: fc.array(base.valid, { minLength: length, maxLength: length }),
    invalid: fc.oneof(
      fc.tuple(fc.array(base.valid, { minLength: length - 1, maxLength: length - 1 }), base.invalid, fc.nat(length - 1)).map(([values, bad, at]) => {
        values.splice(at, 0, bad);
        return values;
      }),
      fc.array(base.valid, { maxLength: length + 3 }).filter((values) => values.length !== length),
      fc.oneof(fc.integer(), fc.constant(null)),
    ),
    read: (value) => (value as unknown[]).map(read),
    stored: (value) => (value as unknown[]).map(read),
  };
}

const cases: [string, KindCase][] = [
  ...Object.entries(kinds),
  ['f32 x3', vectorCase('f32', 3)],
  ['u8 x4', vectorCase('u8', 4)],
  ['i64 x2', vectorCase('i64', 2)],
  ['f64 x1', vectorCase('f64', 1)],
];

const same = (actual: unknown, expected: unknown): void => expect(actual).toStrictEqual(expected);

describe.each(cases)('a %s field', (_, kind) => {
  const T = defineStruct({ before: 'u8', value: kind.spec, after: 'u8' }, { name: 'T' });
  const read = kind.read ?? ((value: unknown) => value);
  const stored = kind.stored ?? ((value: unknown) => [read(value)]);
  const scenario = fc.record({ count: fc.integer({ min: 1, max: 6 }), target: fc.nat(5), seed: fc.array(kind.valid, { minLength: 6, maxLength: 6 }) });

  function build(count: number, seed: unknown[]) {
    const store = T.createStore({ capacity: 2 });
    for (let i = 0; i < count; i++) store.add({ before: i, value: seed[i] as never, after: 255 - i });
    return store;
  }

  // Every test runs through a view from get(h) and through a cursor's record: the two are generated apart.
  const via = fc.constantFrom('view', 'cursor');
  const open = (store: ReturnType<typeof build>, handle: number, path: string) =>
    path === 'view' ? store.get(handle) : store.cursor().moveTo(handle);

  const readBack = (value: unknown): unknown => (typeof value === 'object' && value !== null && Symbol.iterator in value ? [...(value as Iterable<unknown>)] : value);

  it('reads back what a view or cursor writes, in its own column slot, touching no other record', () => {
    fc.assert(
      fc.property(scenario, kind.valid, via, ({ count, target, seed }, value, path) => {
        const store = build(count, seed);
        const handle = target % count;
        const before = store.toArray();
        const view = open(store, handle, path);
        (view as Record<string, unknown>).value = value;
        same(readBack(view.value), read(value));
        const width = T.fields[1]?.length as number;
        same(Array.from(store.columns.value.subarray(handle * width, (handle + 1) * width) as ArrayLike<unknown>), stored(value));
        const after = store.toArray();
        after.forEach((record, h) => {
          if (h !== handle) same(record, before[h]);
          else same([record.before, record.after], [before[h]?.before, before[h]?.after]);
        });
      }),
    );
  });

  it('stores initial values from add the same way', () => {
    fc.assert(
      fc.property(kind.valid, (value) => {
        const store = T.createStore({ capacity: 1 });
        const handle = store.add({ value: value as never });
        same(readBack(store.get(handle).value), read(value));
      }),
    );
  });

  it('refuses values it cannot hold, with a TypeError or RangeError naming the field, changing nothing', () => {
    fc.assert(
      fc.property(scenario, kind.invalid, via, ({ count, target, seed }, value, path) => {
        const store = build(count, seed);
        const handle = target % count;
        const before = store.toArray();
        const columnBefore = Array.from(store.columns.value as ArrayLike<unknown>);
        const view = open(store, handle, path);
        let error: unknown;
        try {
          (view as Record<string, unknown>).value = value;
        } catch (caught) {
          error = caught;
        }
        expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
        expect((error as Error).message).toMatch(/^T\.value/);
        // add() treats undefined as a missing field, which is valid.
        if (value !== undefined) expect(() => store.add({ value: value as never })).toThrow(/^T\.value/);
        same(store.toArray(), before);
        same(Array.from(store.columns.value as ArrayLike<unknown>), columnBefore);
        expect(store.size).toBe(count);
      }),
    );
  });
});

describe.each([
  ['f32', 3],
  ['u8', 4],
  ['i64', 2],
] as const)('a [%s, %i] vector element', (element, length) => {
  const T = defineStruct({ value: [element, length] }, { name: 'T' });
  const base = kinds[element] as KindCase;
  const read = base.read ?? ((value: unknown) => value);

  it('writes through fill(v, e, e + 1) and reads back through at(e) and indexing, touching no other element', () => {
    fc.assert(
      fc.property(fc.nat(length - 1), base.valid, fc.integer({ min: 1, max: 4 }), (e, value, count) => {
        const store = T.createStore({ capacity: count });
        for (let i = 0; i < count; i++) store.add();
        const handle = count - 1;
        const before = Array.from(store.columns.value as ArrayLike<unknown>);
        const vector = store.get(handle).value as unknown as { at(e: number): unknown; fill(v: unknown, s: number, t: number): unknown; [k: number]: unknown };
        vector.fill(value, e, e + 1);
        expect(vector.at(e)).toStrictEqual(read(value));
        expect(vector[e]).toStrictEqual(read(value));
        const after = Array.from(store.columns.value as ArrayLike<unknown>);
        after.forEach((stored, at) => {
          if (at === handle * length + e) expect(stored).toStrictEqual(read(value));
          else expect(stored).toStrictEqual(before[at]);
        });
      }),
    );
  });

  it('refuses through fill what the element type cannot hold, changing nothing', () => {
    fc.assert(
      fc.property(base.invalid, (value) => {
        const store = T.createStore({ capacity: 1 });
        const vector = store.get(store.add()).value as unknown as { fill(v: unknown): unknown };
        expect(() => vector.fill(value)).toThrow(/^T\.value/);
        expect(Array.from(store.columns.value as ArrayLike<unknown>).every((stored) => stored === 0 || stored === 0n)).toBe(true);
      }),
    );
  });
});
