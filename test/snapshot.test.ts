import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct, type FieldSpec, type Schema, type Store } from '../src/index';
import { checksum, swapBytes } from '../src/snapshot';

const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
const Mixed = defineStruct(
  { hp: 'i16', pos: ['f32', 3], id: 'u64', state: { enum: ['idle', 'run'] }, name: { utf8: 10 }, on: 'bool', mass: 'f64' },
  { name: 'Mixed' },
);

/** What a store shows: live handles with their records, and its counts. */
function observe<S extends Schema>(store: Store<S>): unknown {
  const records = [...store.handles()].map((handle) => [handle, JSON.parse(JSON.stringify(store.get(handle))) as unknown]);
  return { records, copy: store.toArray(), size: store.size, end: store.end, capacity: store.capacity, growable: store.growable };
}

function nextHandles<S extends Schema>(store: Store<S>, count: number): number[] {
  const handles: number[] = [];
  for (let i = 0; i < count && (store.growable || store.size < store.capacity); i++) handles.push(store.add());
  return handles;
}

describe('toBytes / fromBytes', () => {
  it('restores the same handles, values and free slots', () => {
    const store = Mixed.createStore({ capacity: 8 });
    for (let i = 0; i < 6; i++) store.add({ hp: -i, pos: [i, i + 0.5, -i], id: 2n ** 60n + BigInt(i), state: i % 2 ? 'run' : 'idle', name: `ñ${i}`, on: i % 3 === 0, mass: i / 3 });
    store.delete(1);
    store.delete(4);
    const restored = Mixed.fromBytes(store.toBytes());
    expect(observe(restored)).toEqual(observe(store));
    expect([...restored.handles()]).toEqual([0, 2, 3, 5]);
    expect(restored.has(1)).toBe(false);
    expect(nextHandles(restored, 4)).toEqual(nextHandles(store, 4));
    expect(restored.toArray()).toEqual(store.toArray());
  });

  it('restores an empty store and a store with nothing left', () => {
    const empty = Persona.createStore({ capacity: 3, growable: false });
    const restored = Persona.fromBytes(empty.toBytes());
    expect([restored.size, restored.capacity, restored.growable]).toEqual([0, 3, false]);
    const cleared = Persona.createStore();
    cleared.add({ nombre: 1 });
    cleared.clear();
    expect(Persona.fromBytes(cleared.toBytes()).toArray()).toEqual([]);
  });

  it('writes little-endian whatever the platform', () => {
    const store = Persona.createStore({ capacity: 1 });
    store.add({ nombre: 0x01020304, identificador: 0xa0b0c0d0 });
    const bytes = store.toBytes();
    const at = (needle: number[]) =>
      bytes.findIndex((_, index) => needle.every((byte, offset) => bytes[index + offset] === byte));
    expect(at([0x04, 0x03, 0x02, 0x01])).toBeGreaterThan(0);
    expect(at([0xd0, 0xc0, 0xb0, 0xa0])).toBeGreaterThan(0);
    expect(Array.from(bytes.subarray(0, 6))).toEqual([0x53, 0x4c, 0x4f, 0x54, 1, 0]);
  });

  it('swaps byte order per element for big-endian machines', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    swapBytes(bytes, 4);
    expect(Array.from(bytes)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    swapBytes(bytes, 2);
    expect(Array.from(bytes)).toEqual([3, 4, 1, 2, 7, 8, 5, 6]);
  });

  it('reads snapshots that do not start at an aligned offset', () => {
    const store = Persona.createStore();
    store.add({ nombre: 5 });
    const bytes = store.toBytes();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Persona.fromBytes(shifted.subarray(1)).toArray()).toEqual([{ nombre: 5, identificador: 0 }]);
  });

  it('refuses bytes of another struct, naming what differs', () => {
    const Other = defineStruct({ nombre: 'u32', identificador: 'i32' }, { name: 'Persona' });
    const bytes = Other.createStore().toBytes();
    expect(() => Persona.fromBytes(bytes)).toThrow(TypeError);
    expect(() => Persona.fromBytes(bytes)).toThrow(/the snapshot has identificador: i32, but Persona has identificador: u32/);
    expect(() => Persona.fromBytes(Mixed.createStore().toBytes())).toThrow(/the snapshot is of struct "Mixed", not "Persona"/);
    const Longer = defineStruct({ nombre: 'u32', identificador: 'u32', extra: 'u8' }, { name: 'Persona' });
    expect(() => Persona.fromBytes(Longer.createStore().toBytes())).toThrow(/extra field "extra"/);
    const Enum = defineStruct({ state: { enum: ['idle', 'run'] } }, { name: 'E' });
    const Enum2 = defineStruct({ state: { enum: ['idle', 'walk'] } }, { name: 'E' });
    expect(() => Enum2.fromBytes(Enum.createStore().toBytes())).toThrow(/enum \["idle", "run"\], but E has state: enum \["idle", "walk"\]/);
  });

  it('refuses what is not a Uint8Array', () => {
    expect(() => Persona.fromBytes('bytes' as never)).toThrow(TypeError);
    expect(() => Persona.fromBytes(new ArrayBuffer(40) as never)).toThrow(/expected a Uint8Array/);
  });

  // Browsers refuse TextDecoder.decode on shared memory: in Chromium this said "the descriptor is not valid JSON".
  it('restores from a Uint8Array over a SharedArrayBuffer', () => {
    const store = Mixed.createStore({ capacity: 4 });
    store.add({ hp: 3, name: 'Ñandú', id: 5n });
    const bytes = store.toBytes();
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length + 8), 8, bytes.length);
    shared.set(bytes);
    const restored = Mixed.fromBytes(shared);
    expect(observe(restored)).toEqual(observe(store));
  });

  it('says why the descriptor could not be read', () => {
    const bytes = Persona.createStore().toBytes();
    const view = new DataView(bytes.buffer);
    const reseal = () => view.setUint32(bytes.length - 4, checksum(bytes, bytes.length - 4), true);
    bytes[16] = 0xff; // not UTF-8
    reseal();
    expect(() => Persona.fromBytes(bytes)).toThrow(RangeError);
    expect(() => Persona.fromBytes(bytes)).toThrow(/corrupted: the descriptor is not valid UTF-8 \(.+\)/);
    bytes[16] = 0x5b; // '[' where '{' was: valid UTF-8, no longer JSON
    reseal();
    expect(() => Persona.fromBytes(bytes)).toThrow(/corrupted: the descriptor is not valid JSON \(.+\)/);
    try {
      Persona.fromBytes(bytes);
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('refuses another format version', () => {
    const bytes = Persona.createStore().toBytes();
    const view = new DataView(bytes.buffer);
    view.setUint16(4, 2, true);
    view.setUint32(bytes.length - 4, checksum(bytes, bytes.length - 4), true);
    expect(() => Persona.fromBytes(bytes)).toThrow(RangeError);
    expect(() => Persona.fromBytes(bytes)).toThrow(/snapshot format version 2; this slotted reads version 1/);
  });

  it('refuses well-formed snapshots whose bookkeeping is impossible', () => {
    const store = Persona.createStore({ capacity: 4 });
    store.add();
    store.add();
    const bytes = store.toBytes();
    // Make slot 3 (beyond the end) live and re-seal the checksum: the checksum cannot catch this, the checks must.
    const json = new TextDecoder().decode(bytes.subarray(16, 16 + new DataView(bytes.buffer).getUint32(12, true)));
    const generationsAt = (16 + json.length + 7) & ~7;
    bytes[generationsAt + 3] = 1;
    new DataView(bytes.buffer).setUint32(bytes.length - 4, checksum(bytes, bytes.length - 4), true);
    expect(() => Persona.fromBytes(bytes)).toThrow(/corrupted: slot 3 is live beyond the end/);
  });

  it('refuse an enum index that is no member, as every checked path does, in toBytes and in fromBytes', () => {
    const Enum = defineStruct({ n: 'u8', state: { enum: ['idle', 'run'] } }, { name: 'E' });
    const store = Enum.createStore({ capacity: 4 });
    const a = store.add();
    const b = store.add();
    store.delete(a);
    store.columns.state[a] = 7; // a free slot: no record holds it, so nothing refuses it
    expect(Enum.fromBytes(store.toBytes()).toArray()).toEqual([{ n: 0, state: 'idle' }]);
    store.columns.state[b] = 2; // a live record's: no view can read it
    expect(() => store.get(b).state).toThrow(RangeError);
    expect(() => JSON.stringify(store)).toThrow(RangeError);
    expect(() => store.toBytes()).toThrow(RangeError);
    expect(() => store.toBytes()).toThrow(/E\.toBytes: E\.state holds 2 at handle 1, which is no member of the enum \(written through the raw column\)/);
    // A snapshot carrying one anyway (written before the check, or edited) is refused when read.
    store.columns.state[b] = 1;
    const bytes = store.toBytes();
    // The state column is the last section, [7, 1] (free slot 0, live slot 1), followed by zero padding.
    const index = bytes.findLastIndex((byte, at) => byte === 1 && at < bytes.length - 4);
    expect(bytes[index - 1]).toBe(7);
    bytes[index] = 3;
    new DataView(bytes.buffer).setUint32(bytes.length - 4, checksum(bytes, bytes.length - 4), true);
    expect(() => Enum.fromBytes(bytes)).toThrow(/E\.fromBytes: corrupted: state holds 3 at handle 1, which is no member of the enum/);
  });

  it('throws on every flipped bit, cut and extension', () => {
    const store = Mixed.createStore({ capacity: 6 });
    for (let i = 0; i < 5; i++) store.add({ hp: i, name: `n${i}`, id: BigInt(i) });
    store.delete(2);
    const bytes = store.toBytes();
    fc.assert(
      fc.property(fc.nat(bytes.length * 8 - 1), (bit) => {
        const flipped = bytes.slice();
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(() => Mixed.fromBytes(flipped)).toThrow();
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), (length) => {
        expect(() => Mixed.fromBytes(bytes.slice(0, length))).toThrow(RangeError);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (extra) => {
        const longer = new Uint8Array(bytes.length + extra.length);
        longer.set(bytes);
        longer.set(extra, bytes.length);
        expect(() => Mixed.fromBytes(longer)).toThrow(/extra bytes/);
      }),
      { numRuns: 100 },
    );
    expect(Mixed.fromBytes(bytes).toArray()).toEqual(store.toArray());
  });
});

// Round trips over random schemas and random add/delete histories.
const scalar = fc.constantFrom<FieldSpec>('u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'f32', 'f64', 'bool', 'u64', 'i64');
const spec: fc.Arbitrary<FieldSpec> = fc.oneof(
  scalar,
  fc.tuple(fc.constantFrom('u8', 'i32', 'f32', 'f64', 'i64'), fc.integer({ min: 1, max: 4 })).map(([element, length]) => [element, length] as FieldSpec),
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }).map((members) => ({ enum: members })),
  fc.integer({ min: 1, max: 12 }).map((utf8) => ({ utf8 })),
);
const schema = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), spec), { minLength: 1, maxLength: 6, selector: ([name]) => name }).map(
  (entries) => Object.fromEntries(entries) as Schema,
);
const history = fc.array(fc.oneof(fc.constant<'add'>('add'), fc.nat(30).map((handle) => ({ delete: handle }))), { maxLength: 60 });

it('round-trips random schemas and add/delete histories, handles and free slots included', () => {
  fc.assert(
    fc.property(schema, history, fc.integer({ min: 0, max: 8 }), fc.boolean(), (fields, steps, capacity, growable) => {
      const Random = defineStruct(fields, { name: 'Random' });
      const store = Random.createStore({ capacity, growable });
      let counter = 0;
      for (const step of steps) {
        if (step === 'add') {
          if (!growable && store.size === store.capacity) continue;
          const handle = store.add();
          // Write something non-zero into every numeric column slot of the new record through the raw columns.
          for (const field of Random.fields) {
            const column = (store.columns as Record<string, { [index: number]: number | bigint }>)[field.name] as { [index: number]: number | bigint };
            if (field.kind === 'enum' || field.kind === 'utf8' || field.kind === 'bool') continue;
            for (let e = 0; e < field.length; e++) column[handle * field.length + e] = field.storage.endsWith('64') && field.kind !== 'f64' ? BigInt(++counter) : ++counter % 100;
          }
        } else store.delete(step.delete);
      }
      const restored = Random.fromBytes(store.toBytes());
      expect(restored.toArray()).toEqual(store.toArray());
      expect([...restored.handles()]).toEqual([...store.handles()]);
      expect([restored.size, restored.end, restored.capacity, restored.growable]).toEqual([store.size, store.end, store.capacity, store.growable]);
      expect(nextHandles(restored, 6)).toEqual(nextHandles(store, 6));
      expect(restored.toArray()).toEqual(store.toArray());
    }),
    { numRuns: 150 },
  );
});

it('snapshots a shared store into an ordinary one', () => {
  const Shared = defineStruct({ v: 'i32' }, { name: 'Shared' });
  const store = Shared.createStore({ capacity: 4, shared: true });
  store.add({ v: -1 });
  store.add({ v: 2 });
  store.delete(0);
  const restored = Shared.fromBytes(store.toBytes());
  expect(restored.shared).toBe(false);
  expect(restored.toArray()).toEqual([{ v: 2 }]);
  expect(nextHandles(restored, 3)).toEqual(nextHandles(store, 3));
});

it('restores into shared memory with { shared: true }, from a shared or an ordinary store', () => {
  const Shared = defineStruct({ v: 'i32', tag: { utf8: 4 } }, { name: 'Shared' });
  for (const source of [Shared.createStore({ capacity: 4, shared: true }), Shared.createStore({ capacity: 4 })]) {
    source.add({ v: -1, tag: 'a' });
    source.add({ v: 2, tag: 'bb' });
    source.delete(0);
    const restored = Shared.fromBytes(source.toBytes(), { shared: true });
    expect([restored.shared, restored.growable, restored.capacity]).toEqual([true, false, 4]);
    expect(restored.columns.v.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(restored.toArray()).toEqual([{ v: 2, tag: 'bb' }]);
    const other = Shared.attach(restored.share());
    other.get(1).v = 7;
    expect(restored.get(1).v).toBe(7);
    expect(nextHandles(restored, 4)).toEqual([0, 2, 3]); // freed slot first, then up to the fixed capacity
    expect(() => restored.add()).toThrow(/fixed capacity 4/);
  }
});

it('restores a store with widened generation counters into shared memory, and refuses bad options', () => {
  const Shared = defineStruct({ v: 'i32' }, { name: 'Shared' });
  const store = Shared.createStore({ capacity: 2 });
  for (let i = 0; i < 300; i++) store.delete(store.add()); // u8 counters widened to u16
  const h = store.add({ v: 5 });
  const restored = Shared.fromBytes(store.toBytes(), { shared: true });
  expect(restored.get(h).v).toBe(5);
  expect(() => Shared.fromBytes(store.toBytes(), { shared: 'yes' } as never)).toThrow(/Shared\.fromBytes: shared must be a boolean/);
  expect(() => Shared.fromBytes(store.toBytes(), { share: true } as never)).toThrow(/unknown option "share"/);
  expect(() => Shared.fromBytes(store.toBytes(), 1 as never)).toThrow(TypeError);
});
