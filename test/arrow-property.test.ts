/**
 * Property tests: random schemas and random add / addMany / delete histories round-trip through Arrow tables and
 * through IPC bytes (stream and file) to equal `toArray()`, with every handle and the free slots preserved.
 */
import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fromArrow, fromIPC, toArrow, toIPC } from '../src/arrow/index';
import { defineStruct, type FieldSpec, type Schema, type Store } from '../src/index';

const numberTypes = { u8: [0, 0xff], u16: [0, 0xffff], u32: [0, 0xffff_ffff], i8: [-0x80, 0x7f], i16: [-0x8000, 0x7fff], i32: [-0x8000_0000, 0x7fff_ffff] } as const;
type ElementName = keyof typeof numberTypes | 'f32' | 'f64' | 'u64' | 'i64';
const elements: readonly ElementName[] = ['u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'f32', 'f64', 'u64', 'i64'];

function elementValue(type: ElementName): fc.Arbitrary<unknown> {
  switch (type) {
    case 'f32':
      return fc.float();
    case 'f64':
      return fc.double();
    case 'u64':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'i64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    default:
      return fc.integer({ min: numberTypes[type][0], max: numberTypes[type][1] });
  }
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** A field spec and the arbitrary of its values. */
const field: fc.Arbitrary<{ spec: FieldSpec; value: fc.Arbitrary<unknown> }> = fc.oneof(
  fc.constantFrom(...elements).map((type) => ({ spec: type, value: elementValue(type) })),
  fc.constant({ spec: 'bool' as FieldSpec, value: fc.boolean() }),
  fc.tuple(fc.constantFrom(...elements), fc.integer({ min: 1, max: 4 })).map(([type, length]) => ({
    spec: [type, length] as FieldSpec,
    value: fc.array(elementValue(type), { minLength: length, maxLength: length }),
  })),
  fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 4 }), { minLength: 1, maxLength: 300 }).map((members) => ({
    spec: { enum: members },
    value: fc.constantFrom(...members),
  })),
  fc.integer({ min: 1, max: 10 }).map((size) => ({
    spec: { utf8: size },
    value: fc.string({ unit: 'binary', maxLength: size }).filter((text) => !text.includes('\0') && utf8Bytes(text) <= size),
  })),
);

/** A random schema (1-6 fields, names in random order) and the arbitrary of its (partial) records. */
const schemas = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'handle', 'x1'), { minLength: 1, maxLength: 6 })
  .chain((names) =>
    fc.tuple(...names.map(() => field)).map((fields) => {
      const schema: Record<string, FieldSpec> = {};
      const values: Record<string, fc.Arbitrary<unknown>> = {};
      names.forEach((name, k) => {
        schema[name] = (fields[k] as { spec: FieldSpec }).spec;
        values[name] = (fields[k] as { value: fc.Arbitrary<unknown> }).value;
      });
      return { schema: schema as Schema, record: fc.record(values, { requiredKeys: [] }) };
    }),
  );

type Step = { add: unknown } | { addMany: unknown[] } | { remove: number };

const cases = schemas.chain(({ schema, record }) =>
  fc.record({
    schema: fc.constant(schema),
    capacity: fc.nat(8),
    history: fc.array(
      fc.oneof(
        record.map((value): Step => ({ add: value })),
        fc.array(record, { maxLength: 12 }).map((values): Step => ({ addMany: values })),
        fc.nat(100).map((pick): Step => ({ remove: pick })),
      ),
      { maxLength: 30 },
    ),
  }),
);

function build(schema: Schema, capacity: number, history: readonly Step[]): Store<Schema> {
  const store = defineStruct(schema, { name: 'Random' }).createStore({ capacity });
  for (const step of history) {
    if ('add' in step) store.add(step.add as never);
    else if ('addMany' in step) store.addMany(step.addMany as never);
    else {
      const live = [...store.handles()];
      if (live.length > 0) store.delete(live[step.remove % live.length] as number);
    }
  }
  return store;
}

/**
 * What must survive a round trip: the records and their handles. (The order of the free slots does not: a
 * rebuilt store reuses its lowest free slot first, checked below. Snapshots, `toBytes`, keep that order.)
 */
function observed(store: Store<Schema>) {
  return { records: store.toArray(), handles: [...store.handles()], size: store.size };
}

/** The handle a store rebuilt from Arrow gives its next record: its lowest free slot, else one past its last. */
function lowestFree(handles: readonly number[]): number {
  let handle = 0;
  while (handles.includes(handle)) handle++;
  return handle;
}

it('random schemas and histories round-trip through Arrow tables and IPC bytes', () => {
  fc.assert(
    fc.property(cases, ({ schema, capacity, history }) => {
      const Struct = defineStruct(schema, { name: 'Random' });
      const store = build(schema, capacity, history);
      const records = store.toArray();
      const expected = observed(store);
      expect(observed(fromArrow(Struct, toArrow(store)))).toEqual(expected);
      expect(observed(fromIPC(Struct, toIPC(store, 'stream')))).toEqual(expected);
      const fromFile = fromIPC(Struct, toIPC(store, 'file'));
      expect(observed(fromFile)).toEqual(expected);
      expect(fromFile.add()).toBe(lowestFree(expected.handles));
      // Arrow's own reading of the bytes holds the same values (vectors as arrays, the handle column aside).
      const table = tableFromIPC(toIPC(store));
      const rows = table.toArray().map((row) => {
        const plain = { ...(row.toJSON() as Record<string, unknown>) };
        delete plain._handle;
        for (const [key, value] of Object.entries(plain)) if (value !== null && typeof value === 'object') plain[key] = [...(value as Iterable<unknown>)];
        return plain;
      });
      expect(rows).toEqual(records);
      expect([...(table.getChild('_handle') ?? [])]).toEqual([...store.handles()]);
    }),
    { numRuns: 150 },
  );
}, 120_000); // 3 s alone; the shared machine can be 10x slower

it('without the handle column, the same records come back at handles 0, 1, 2, ...', () => {
  fc.assert(
    fc.property(cases, ({ schema, capacity, history }) => {
      const Struct = defineStruct(schema, { name: 'Random' });
      const store = build(schema, capacity, history);
      const again = fromIPC(Struct, toIPC(store, 'stream', { handle: false }));
      expect(again.toArray()).toEqual(store.toArray());
      expect([...again.handles()]).toEqual(Array.from({ length: store.size }, (_, i) => i));
    }),
    { numRuns: 50 },
  );
}, 60_000);
