/**
 * slotted/arrow: the Arrow types of each field kind, zero-copy hand-over, holes, metadata, IPC, and every refusal
 * of fromArrow.
 */
import {
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  LargeUtf8,
  makeData,
  makeVector,
  RecordBatch,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint32,
  Uint8,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fromArrow, fromIPC, toArrow, toIPC } from '../src/arrow/index';
import { wellFormedUtf8 } from '../src/arrow/utf8';
import { defineStruct } from '../src/index';

const Unit = defineStruct(
  {
    hp: 'u16',
    alive: 'bool',
    id: 'u64',
    debt: 'i64',
    pos: ['f32', 3],
    state: { enum: ['idle', 'walk', 'run'] },
    name: { utf8: 8 },
    temp: 'f64',
    level: 'i8',
  },
  { name: 'Unit' },
);
const Particle = defineStruct({ x: 'f32', y: 'f32', kind: { enum: ['a', 'b'] }, cell: ['u32', 2] }, { name: 'Particle' });

function units(count: number) {
  const store = Unit.createStore();
  store.addMany(
    Array.from({ length: count }, (_, i) => ({
      hp: i * 3,
      alive: i % 3 === 0,
      id: BigInt(i) * 2n ** 40n,
      debt: -BigInt(i) * 2n ** 50n,
      pos: [i, -i, i / 4],
      state: (['idle', 'walk', 'run'] as const)[i % 3] as 'idle' | 'walk' | 'run',
      name: i % 2 === 0 ? `ü${i}` : '',
      temp: i * 1.25,
      level: (i % 256) - 128,
    })),
  );
  return store;
}

/** A table's rows as plain records (bigints kept, vectors as arrays), the handle column dropped. */
function rowsOf(table: Table, handle = '_handle') {
  return table.toArray().map((row) => {
    const record = { ...(row.toJSON() as Record<string, unknown>) };
    delete record[handle];
    for (const [key, value] of Object.entries(record)) {
      if (value !== null && typeof value === 'object') record[key] = [...(value as Iterable<unknown>)];
    }
    return record;
  });
}

describe('toArrow', () => {
  it('writes each field kind as its Arrow type, non-nullable, and the handle as a Uint32 column', () => {
    const table = toArrow(units(4));
    expect(table.schema.fields.map((field) => [field.name, String(field.type), field.nullable])).toEqual([
      ['hp', 'Uint16', false],
      ['alive', 'Bool', false],
      ['id', 'Uint64', false],
      ['debt', 'Int64', false],
      ['pos', 'FixedSizeList[3]<Float32>', false],
      ['state', 'Dictionary<Uint8, Utf8>', false],
      ['name', 'Utf8', false],
      ['temp', 'Float64', false],
      ['level', 'Int8', false],
      ['_handle', 'Uint32', false],
    ]);
    expect((table.schema.fields[5]?.type as Dictionary).dictionary).toBeInstanceOf(Utf8);
    expect([...(table.getChild('state')?.data[0]?.dictionary ?? [])]).toEqual(['idle', 'walk', 'run']);
  });

  it('holds the same values as toArray, in handle order', () => {
    const store = units(7);
    const table = toArrow(store);
    expect(table.numRows).toBe(7);
    expect(rowsOf(table)).toEqual(store.toArray());
    expect([...(table.getChild('_handle') ?? [])]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('hands numeric, vector and enum columns over without copying when the store has no holes', () => {
    const store = units(5);
    const table = toArrow(store);
    const data = (name: string) => table.getChild(name)?.data[0];
    expect(data('hp')?.values.buffer).toBe(store.columns.hp.buffer);
    expect(data('id')?.values.buffer).toBe(store.columns.id.buffer);
    expect(data('temp')?.values.buffer).toBe(store.columns.temp.buffer);
    expect(data('state')?.values.buffer).toBe(store.columns.state.buffer);
    expect(data('pos')?.children[0]?.values.buffer).toBe(store.columns.pos.buffer);
    // A live window: a later write to the store shows in the table.
    store.get(2).hp = 999;
    expect(table.getChild('hp')?.get(2)).toBe(999);
    // Bool and utf8 are packed into Arrow's layouts: copies.
    expect(data('alive')?.values.buffer).not.toBe(store.columns.alive.buffer);
    expect(data('name')?.values.buffer).not.toBe(store.columns.name.buffer);
  });

  it('gathers the live records of a store with holes into new buffers, with their handles', () => {
    const store = units(8);
    for (const handle of [0, 3, 4, 7]) store.delete(handle);
    const table = toArrow(store);
    expect(table.numRows).toBe(4);
    expect(rowsOf(table)).toEqual(store.toArray());
    expect([...(table.getChild('_handle') ?? [])]).toEqual([1, 2, 5, 6]);
    expect(table.getChild('hp')?.data[0]?.values.buffer).not.toBe(store.columns.hp.buffer);
  });

  it('renames or drops the handle column, and refuses a name that clashes with a field', () => {
    const store = units(2);
    expect(toArrow(store, { handle: 'slot' }).schema.fields.at(-1)?.name).toBe('slot');
    expect(toArrow(store, { handle: false }).schema.fields.map((field) => field.name)).not.toContain('_handle');
    expect(() => toArrow(store, { handle: 'hp' })).toThrow(TypeError);
    expect(() => toArrow(store, { handle: 'hp' })).toThrow('the handle column "hp" would clash with field hp');
    expect(() => toArrow(store, { handle: '' })).toThrow(TypeError);
  });

  it('records the struct description and handle column in the schema metadata', () => {
    const table = toArrow(units(1));
    const metadata = table.schema.metadata;
    expect(metadata.get('slotted.version')).toBe('1');
    expect(metadata.get('slotted.handle')).toBe('_handle');
    expect(JSON.parse(metadata.get('slotted.struct') as string)).toEqual({
      name: 'Unit',
      fields: Unit.fields.map(({ name, kind, vector, length, storage, members }) => ({ name, kind, vector, length, storage, members })),
    });
  });

  it('writes an empty store as an empty table of the same schema', () => {
    const table = toArrow(Unit.createStore());
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.length).toBe(10);
    expect(fromArrow(Unit, tableFromIPC(tableToIPC(table))).size).toBe(0);
  });
});

describe('fromArrow', () => {
  it('rebuilds the same records at the same handles; deleted slots come back free, lowest reused first', () => {
    const store = units(9);
    for (const handle of [1, 4, 5]) store.delete(handle);
    const again = fromArrow(Unit, toArrow(store));
    expect(again.toArray()).toEqual(store.toArray());
    expect([...again.handles()]).toEqual([...store.handles()]);
    expect(again.capacity).toBe(9);
    expect([again.add(), again.add(), again.add(), again.add()]).toEqual([1, 4, 5, 9]);
  });

  it('copies: the new store does not share memory with the table', () => {
    const table = toArrow(units(3));
    const again = fromArrow(Unit, table);
    again.get(0).hp = 7;
    expect(table.getChild('hp')?.get(0)).toBe(0);
  });

  it('numbers the rows from 0 without a handle column', () => {
    const store = units(5);
    store.delete(1);
    const again = fromArrow(Unit, toArrow(store, { handle: false }));
    expect([...again.handles()]).toEqual([0, 1, 2, 3]);
    expect(again.toArray()).toEqual(store.toArray());
    expect([...fromArrow(Unit, toArrow(store), { handle: false }).handles()]).toEqual([0, 1, 2, 3]);
  });

  it('reads a table built by other means: columns by name, extra columns ignored, any dictionary order', () => {
    const particles = new Table({
      extra: makeVector(new Int16Array([5, 6])),
      y: makeVector(new Float32Array([0.5, 1.5])),
      x: makeVector(new Float32Array([1, 2])),
      // Indices of another width, and members in another order than the struct's.
      kind: vectorFromArray(['b', 'a'], new Dictionary(new Utf8(), new Int32())),
      cell: cells([1, 2, 3, 4]),
    });
    const store = fromArrow(Particle, particles);
    expect(store.toArray()).toEqual([
      { x: 1, y: 0.5, kind: 'b', cell: [1, 2] },
      { x: 2, y: 1.5, kind: 'a', cell: [3, 4] },
    ]);
    expect([...store.handles()]).toEqual([0, 1]);
  });

  it('reads a table of several record batches, and LargeUtf8 strings', () => {
    const Named = defineStruct({ n: 'i16', name: { utf8: 4 } }, { name: 'Named' });
    const batch = (numbers: number[], names: string[]) =>
      new Table({ n: makeVector(new Int16Array(numbers)), name: vectorFromArray(names, new LargeUtf8()) }).batches[0] as RecordBatch;
    const table = new Table([batch([1, 2], ['a', 'bé']), batch([3], ['ccc'])]);
    expect(table.batches.length).toBe(2);
    expect(fromArrow(Named, table).toArray()).toEqual([
      { n: 1, name: 'a' },
      { n: 2, name: 'bé' },
      { n: 3, name: 'ccc' },
    ]);
  });
});

describe('fromArrow reads every layout apache-arrow makes', () => {
  const store = units(6);
  store.delete(2);

  it('record batches cut at any row (offsets into shared buffers: bits, lists, strings, dictionaries)', () => {
    const batch = toArrow(store).batches[0] as RecordBatch;
    const cut = new Table([batch.slice(0, 1), batch.slice(1, 3), batch.slice(3, 5)]);
    expect(cut.batches.length).toBe(3);
    const again = fromArrow(Unit, cut);
    expect(again.toArray()).toEqual(store.toArray());
    expect([...again.handles()]).toEqual([...store.handles()]);
    expect(fromArrow(Unit, tableFromIPC(tableToIPC(cut))).toArray()).toEqual(store.toArray());
  });

  it('a slice of a table', () => {
    const again = fromArrow(Unit, toArrow(store).slice(2, 4));
    expect(again.toArray()).toEqual(store.toArray().slice(2, 4));
    expect([...again.handles()]).toEqual([...store.handles()].slice(2, 4));
  });

  it('IPC bytes at an odd offset in their buffer', () => {
    const bytes = toIPC(store);
    const odd = new Uint8Array(bytes.length + 1);
    odd.set(bytes, 1);
    expect(fromIPC(Unit, odd.subarray(1)).toArray()).toEqual(store.toArray());
  });

  it('a shared store written out', () => {
    const shared = Unit.createStore({ capacity: 4, shared: true });
    shared.addMany([{ hp: 1, pos: [1, 2, 3], name: 'sab' }, { state: 'run' }]);
    expect(fromIPC(Unit, toIPC(shared, 'file')).toArray()).toEqual(shared.toArray());
  });
});

/** A vector of FixedSizeList(size) of Uint32. */
function cells(values: number[], size = 2) {
  return makeVector(
    makeData({
      type: new FixedSizeList(size, new Field('item', new Uint32(), false)),
      length: values.length / size,
      child: makeData({ type: new Uint32(), length: values.length, data: new Uint32Array(values) }),
    }),
  );
}

function particleTable(columns: Record<string, unknown>) {
  return new Table({
    x: makeVector(new Float32Array([1, 2])),
    y: makeVector(new Float32Array([3, 4])),
    kind: vectorFromArray(['a', 'b'], new Dictionary(new Utf8(), new Uint8())),
    cell: cells([1, 2, 3, 4]),
    ...columns,
  } as never);
}

describe('fromArrow refuses, building nothing', () => {
  it.each([
    ['a missing column', { x: undefined }, TypeError, 'Particle.fromArrow: the table has no column "x" for field x: f32'],
    ['a mistyped column', { x: makeVector(new Float64Array([1, 2])) }, TypeError, 'column "x" is Float64, but field x: f32 needs Float32'],
    ['an int of another width', { x: makeVector(new Int32Array([1, 2])) }, TypeError, 'column "x" is Int32'],
    ['a vector of another length', { cell: cells([1, 2, 3, 4, 5, 6], 3) }, TypeError, 'column "cell" is FixedSizeList[3]<Uint32>, but field cell: [u32, 2] needs FixedSizeList[2]<Uint32>'],
    ['enum as plain strings', { kind: vectorFromArray(['a', 'b'], new Utf8()) }, TypeError, 'column "kind" is Utf8, but field kind: enum("a", "b") needs a Dictionary of Utf8'],
    ['a null', { x: vectorFromArray([1, null], new Float32()) }, RangeError, 'Particle.fromArrow: column "x" has a null at row 1; Particle has no nulls'],
    ['a null enum', { kind: vectorFromArray(['a', null], new Dictionary(new Utf8(), new Uint8())) }, RangeError, 'column "kind" has a null at row 1'],
    ['a non-member', { kind: vectorFromArray(['a', 'zz'], new Dictionary(new Utf8(), new Uint8())) }, RangeError, 'column "kind" row 1: "zz" is not one of "a", "b"'],
  ])('%s', (_, columns, error, message) => {
    const table = particleTable(Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)));
    const withoutMissing = 'x' in columns && columns.x === undefined ? table.select(['y', 'kind', 'cell']) : table;
    expect(() => fromArrow(Particle, withoutMissing)).toThrow(error);
    expect(() => fromArrow(Particle, withoutMissing)).toThrow(message);
  });

  it('utf8 strings too long, holding U+0000 or malformed', () => {
    const Named = defineStruct({ name: { utf8: 3 } }, { name: 'Named' });
    const named = (names: string[]) => new Table({ name: vectorFromArray(names, new Utf8()) });
    expect(() => fromArrow(Named, named(['ok', 'ñññ']))).toThrow(RangeError);
    expect(() => fromArrow(Named, named(['ok', 'ñññ']))).toThrow('Named.fromArrow: column "name" row 1: "ñññ" is 6 bytes of UTF-8, more than the 3 of name');
    expect(() => fromArrow(Named, named(['a\0b']))).toThrow('column "name" row 0: "a\\u0000b" contains U+0000');
    const bad = makeVector(makeData({ type: new Utf8(), length: 1, valueOffsets: new Int32Array([0, 2]), data: new Uint8Array([0xc3, 0x28]) }));
    expect(() => fromArrow(Named, new Table({ name: bad }))).toThrow('column "name" row 0 is not well-formed UTF-8');
  });

  it('a table of another struct, by its metadata', () => {
    const Other = defineStruct({ x: 'f64', y: 'f32', kind: { enum: ['a', 'b'] }, cell: ['u32', 2] }, { name: 'Particle' });
    const table = toArrow(Other.createStore());
    expect(() => fromArrow(Particle, table)).toThrow(TypeError);
    expect(() => fromArrow(Particle, table)).toThrow(
      'Particle.fromArrow: the table does not hold Particle records: it was written with x: f64, but Particle has x: f32',
    );
    expect(() => fromArrow(Unit, toArrow(Particle.createStore()))).toThrow('it holds struct "Particle", not "Unit"');
  });

  it('bad handles: missing, not integers, out of range, repeated, null', () => {
    const store = Particle.createStore();
    store.addMany([{ x: 1 }, { x: 2 }]);
    const table = toArrow(store);
    expect(() => fromArrow(Particle, table, { handle: 'slot' })).toThrow('the table has no handle column "slot"');
    const withHandles = (handles: unknown) => particleTable({ _handle: handles });
    expect(() => fromArrow(Particle, withHandles(makeVector(new Float32Array([0, 1]))))).toThrow('the handle column "_handle" must hold integers');
    expect(() => fromArrow(Particle, withHandles(makeVector(new Int32Array([0, -1]))))).toThrow(
      'the handle column "_handle" row 1 holds -1, not a handle (0 to 4294967294)',
    );
    expect(() => fromArrow(Particle, withHandles(makeVector(new Int32Array([4, 4]))))).toThrow('Particle.fromArrow: the handle column "_handle": Particle: handle 4 is given twice (row 1 repeats it)');
    expect(() => fromArrow(Particle, withHandles(vectorFromArray([0, null], new Int32())))).toThrow('the handle column "_handle" has a null at row 1');
    expect(fromArrow(Particle, withHandles(makeVector(new BigInt64Array([7n, 2n])))).toArray()).toEqual(fromArrow(Particle, withHandles(makeVector(new Int32Array([7, 2])))).toArray());
    expect([...fromArrow(Particle, withHandles(makeVector(new Int32Array([7, 2])))).handles()]).toEqual([2, 7]);
  });

  it('what is not an Arrow table', () => {
    expect(() => fromArrow(Particle, { numRows: 0 } as never)).toThrow('Particle.fromArrow: expected an Apache Arrow Table');
  });
});

describe('IPC', () => {
  it.each(['stream', 'file'] as const)('round-trips through the %s format, with apache-arrow\'s own readers too', (format) => {
    const store = units(6);
    store.delete(2);
    const bytes = toIPC(store, format);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const again = fromIPC(Unit, bytes);
    expect(again.toArray()).toEqual(store.toArray());
    expect([...again.handles()]).toEqual([...store.handles()]);
    expect(rowsOf(tableFromIPC(bytes))).toEqual(store.toArray());
    expect(rowsOf(tableFromIPC(tableToIPC(toArrow(store), format)))).toEqual(store.toArray());
  });

  it('the file format starts and ends with the ARROW1 magic', () => {
    const bytes = toIPC(units(1), 'file');
    const magic = new TextEncoder().encode('ARROW1');
    expect(bytes.subarray(0, 6)).toEqual(magic);
    expect(bytes.subarray(bytes.length - 6)).toEqual(magic);
  });
});

describe('wellFormedUtf8', () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  it.each([
    [bytes(0x61, 0xc3, 0xb1), true],
    [bytes(0xe2, 0x82, 0xac), true],
    [bytes(0xf0, 0x9f, 0x98, 0x80), true],
    [bytes(0xc3), false], // cut short
    [bytes(0xc0, 0x80), false], // overlong
    [bytes(0xe0, 0x80, 0x80), false], // overlong
    [bytes(0xed, 0xa0, 0x80), false], // a surrogate
    [bytes(0xf4, 0x90, 0x80, 0x80), false], // beyond U+10FFFF
    [bytes(0x80), false], // a lone continuation byte
    [bytes(0xff), false],
  ])('%o is %s', (value, expected) => {
    expect(wellFormedUtf8(value, 0, value.length)).toBe(expected);
  });
});

describe('reference fields', () => {
  it('are refused by toArrow and fromArrow, naming the field', () => {
    const Node = defineStruct({ value: 'u8', parent: { ref: 'self' } }, { name: 'Node' });
    const store = Node.createStore();
    store.add({ value: 1 });
    expect(() => toArrow(store)).toThrow(/Node\.parent is a reference field/);
    const Plain = defineStruct({ value: 'u8' }, { name: 'Node' });
    const plainStore = Plain.createStore();
    plainStore.add({ value: 1 });
    expect(() => fromArrow(Node, toArrow(plainStore))).toThrow(/Node\.parent is a reference field/);
  });
});
