/**
 * A real engine reads what slotted/arrow writes: Polars (nodejs-polars, Rust underneath, its own IPC reader) reads
 * a store's IPC bytes, and its types, values, row count, a filter and a group-by are checked against the store and
 * against the same query computed here in plain JavaScript.
 */
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { fromArrow, toIPC } from '../src/arrow/index';
import { defineStruct, type Infer } from '../src/index';
import { tableFromIPC } from 'apache-arrow';

const Unit = defineStruct(
  {
    hp: 'u16',
    alive: 'bool',
    id: 'u64',
    debt: 'i64',
    pos: ['f32', 2],
    state: { enum: ['idle', 'walk', 'run', 'dead'] },
    name: { utf8: 12 },
    heat: 'f64',
    level: 'i8',
  },
  { name: 'Unit' },
);
type Unit = Infer<typeof Unit>;
const states = ['idle', 'walk', 'run', 'dead'] as const;

/** A store of `count` units from a small deterministic generator, with every seventh record deleted. */
function sample(count: number) {
  let seed = 12345;
  // The high bits of a 32-bit LCG: its low bits repeat with short periods.
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
  const store = Unit.createStore();
  store.addMany(
    Array.from({ length: count }, (_, i) => ({
      hp: next() % 1000,
      alive: next() % 2 === 0,
      id: (BigInt(next()) << 24n) | BigInt(next()) | (i % 5 === 0 ? 1n << 63n : 0n), // some above 2^63
      debt: -((BigInt(next()) << 30n) + BigInt(i)),
      pos: [(next() % 2000) / 8 - 125, i / 4],
      state: states[next() % 4] as Unit['state'],
      name: i % 3 === 0 ? `ñu-${i}` : `u${i}`,
      heat: (next() % 100_000) / 1000,
      level: (next() % 256) - 128,
    })),
  );
  for (let handle = 0; handle < count; handle += 7) store.delete(handle);
  return store;
}

const readers = {
  stream: (bytes: Uint8Array) => pl.readIPCStream(Buffer.from(bytes)),
  file: (bytes: Uint8Array) => pl.readIPC(Buffer.from(bytes)),
};

describe.each(['stream', 'file'] as const)('Polars reads the IPC %s format', (format) => {
  const store = sample(3000);
  const records = store.toArray();
  const handles = [...store.handles()];
  const frame = readers[format](toIPC(store, format));

  it('with the same row count, column names and types', () => {
    expect(frame.height).toBe(store.size);
    expect(frame.columns).toEqual(['hp', 'alive', 'id', 'debt', 'pos', 'state', 'name', 'heat', 'level', '_handle']);
    expect(frame.dtypes.map(String)).toEqual([
      'DataType(UInt16)',
      'DataType(Bool)',
      'DataType(UInt64)',
      'DataType(Int64)',
      'DataType(FixedSizeList(DataType(Float32),2))',
      'DataType(Categorical)',
      'DataType(String)',
      'DataType(Float64)',
      'DataType(Int8)',
      'DataType(UInt32)',
    ]);
  });

  it('with the same values in every column', () => {
    const column = (name: string) => frame.getColumn(name).toArray() as unknown[];
    expect(column('_handle')).toEqual(handles);
    for (const name of ['hp', 'alive', 'state', 'name', 'heat', 'level'] as const) {
      expect(column(name)).toEqual(records.map((record) => record[name]));
    }
    expect(column('pos').map((pos) => [...(pos as number[])])).toEqual(records.map((record) => record.pos));
    // nodejs-polars hands Int64 to JavaScript as (lossy) numbers, so 64-bit values are compared as Polars' own
    // decimal strings: exact.
    const exact = frame.select(pl.col('id').cast(pl.Utf8), pl.col('debt').cast(pl.Utf8));
    expect(exact.getColumn('id').toArray()).toEqual(records.map((record) => String(record.id)));
    expect(exact.getColumn('debt').toArray()).toEqual(records.map((record) => String(record.debt)));
  });

  it('and a filter and a group-by give what plain JavaScript computes from toArray', () => {
    const query = frame
      .filter(pl.col('alive').and(pl.col('hp').gtEq(250)).and(pl.col('heat').lt(80)))
      .groupBy('state')
      .agg(
        pl.col('_handle').count().alias('count'),
        pl.col('hp').cast(pl.Int64).sum().alias('hp'),
        pl.col('heat').max().alias('hottest'),
        pl.col('level').cast(pl.Int64).min().alias('lowest'),
      )
      .sort('state');
    const expected = new Map<string, { state: string; count: number; hp: number; hottest: number; lowest: number }>();
    for (const record of records) {
      if (!(record.alive && record.hp >= 250 && record.heat < 80)) continue;
      const group = expected.get(record.state) ?? { state: record.state, count: 0, hp: 0, hottest: -Infinity, lowest: Infinity };
      group.count++;
      group.hp += record.hp;
      group.hottest = Math.max(group.hottest, record.heat);
      group.lowest = Math.min(group.lowest, record.level);
      expected.set(record.state, group);
    }
    const rows = query.toRecords().map((row) => ({ ...row, count: Number(row.count), hp: Number(row.hp), lowest: Number(row.lowest) }));
    expect(rows).toEqual([...expected.values()].sort((a, b) => (a.state < b.state ? -1 : 1)));
    expect(rows.length).toBe(4); // the generator gives every state a member after the filter
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBeGreaterThan(100);
  });
});

describe('Polars writes, slotted reads', () => {
  it('a Polars frame written as IPC comes back into a store (strings, categoricals, handles)', () => {
    const store = sample(200);
    const frame = pl.readIPCStream(Buffer.from(toIPC(store))).filter(pl.col('hp').lt(500));
    const bytes = frame.writeIPCStream();
    const again = fromArrow(Unit, tableFromIPC(new Uint8Array(bytes)));
    const kept = store.toArray().filter((record) => record.hp < 500);
    expect(again.toArray()).toEqual(kept);
    expect([...again.handles()]).toEqual([...store.handles()].filter((handle) => store.get(handle).hp < 500));
  });
});
