import { describe, expect, it } from 'vitest';
import { defineStruct, type SharedStoreHandle } from '../src/index';
import { Particle } from './fixtures/particle';
import { runAttachWorker } from './fixtures/run-attach-worker';

describe('shared stores', () => {
  it('keep every column and the bookkeeping in SharedArrayBuffers with a fixed capacity', () => {
    const store = Particle.createStore({ capacity: 4, shared: true });
    expect(store.shared).toBe(true);
    expect(store.growable).toBe(false);
    for (const column of Object.values(store.columns)) expect(column.buffer).toBeInstanceOf(SharedArrayBuffer);
    const handle = store.share();
    for (const buffer of [handle.generations, handle.free, handle.counters, ...Object.values(handle.columns)]) {
      expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    for (let i = 0; i < 4; i++) store.add();
    expect(() => store.add()).toThrow(RangeError);
    expect(() => store.add()).toThrow(/Particle store is full: a shared store has the fixed capacity 4/);
    expect(store.size).toBe(4);
  });

  it('refuse to be growable', () => {
    expect(() => Particle.createStore({ shared: true, growable: true })).toThrow(TypeError);
    expect(() => Particle.createStore({ shared: true, growable: true })).toThrow(/fixed capacity/);
    expect(() => Particle.createStore({ shared: 'yes' as never })).toThrow(/shared must be a boolean/);
  });

  it('say that cross-origin isolation (COOP/COEP) is needed where SharedArrayBuffer is missing', () => {
    // What a browser page without COOP/COEP headers looks like: no SharedArrayBuffer global.
    const handle = Particle.createStore({ capacity: 4, shared: true }).share();
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'SharedArrayBuffer') as PropertyDescriptor;
    Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
    try {
      expect(() => Particle.createStore({ capacity: 4, shared: true })).toThrow(TypeError);
      expect(() => Particle.createStore({ capacity: 4, shared: true })).toThrow(
        /needs SharedArrayBuffer.*cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
      );
      expect(Particle.createStore({ capacity: 4 }).add()).toBe(0); // unshared stores need no SharedArrayBuffer
      expect(() => Particle.attach(handle)).toThrow(/needs SharedArrayBuffer.*Cross-Origin-Opener-Policy/);
    } finally {
      Object.defineProperty(globalThis, 'SharedArrayBuffer', descriptor);
    }
    expect(Particle.createStore({ capacity: 4, shared: true }).shared).toBe(true);
  });

  it('share only when made shared', () => {
    expect(() => Particle.createStore().share()).toThrow(/not shared: create it with \{ shared: true \}/);
  });

  it('attach over the same memory: writes on either side are read on the other', () => {
    const owner = Particle.createStore({ capacity: 8, shared: true });
    const h = owner.add({ x: 1, tag: 'a' });
    const other = Particle.attach(structuredClone(owner.share()));
    expect(other.get(h).x).toBe(1);
    other.get(h).x = 5;
    expect(owner.get(h).x).toBe(5);
    owner.get(h).tag = 'zz';
    expect(other.get(h).tag).toBe('zz');
    const later = owner.add({ hits: 3 });
    expect(other.size).toBe(2);
    expect(other.has(later)).toBe(true);
    expect(other.get(later).hits).toBe(3);
    expect([...other.handles()]).toEqual([h, later]);
    owner.delete(h);
    expect(other.has(h)).toBe(false);
    expect(() => other.get(h)).toThrow(RangeError);
  });

  it('let only the creating side add, delete or clear', () => {
    const owner = Particle.createStore({ capacity: 8, shared: true });
    const h = owner.add();
    const other = Particle.attach(owner.share());
    expect(() => other.add()).toThrow(TypeError);
    expect(() => other.add()).toThrow(/attached to another thread's shared store: add is only done by the thread that created it/);
    expect(() => other.delete(h)).toThrow(/delete is only done/);
    expect(() => other.clear()).toThrow(/clear is only done/);
    expect(owner.size).toBe(1);
  });

  it('refuse a handle of another struct', () => {
    const Other = defineStruct({ x: 'f32', y: 'f32', hits: 'u16', tag: { utf8: 8 } }, { name: 'Particle' });
    const handle = Other.createStore({ capacity: 2, shared: true }).share();
    expect(() => Particle.attach(handle)).toThrow(TypeError);
    expect(() => Particle.attach(handle)).toThrow(/the handle has hits: u16, but Particle has hits: u32/);
    const Renamed = defineStruct({ x: 'f32' }, { name: 'Renamed' });
    expect(() => Particle.attach(Renamed.createStore({ shared: true }).share())).toThrow(/the handle is of struct "Renamed", not "Particle"/);
  });

  it('refuse forged handles', () => {
    const handle = Particle.createStore({ capacity: 4, shared: true }).share();
    const forge = (change: Partial<Record<keyof SharedStoreHandle, unknown>>) => ({ ...handle, ...change }) as SharedStoreHandle;
    expect(() => Particle.attach({} as SharedStoreHandle)).toThrow(/expected the handle from store.share\(\)/);
    expect(() => Particle.attach(null as never)).toThrow(TypeError);
    expect(() => Particle.attach(forge({ version: 2 }))).toThrow(/share handle version 2/);
    expect(() => Particle.attach(forge({ capacity: 5 }))).toThrow(/generations is 16 bytes; capacity 5 needs 20/);
    expect(() => Particle.attach(forge({ generations: new ArrayBuffer(16) }))).toThrow(/generations is not a SharedArrayBuffer/);
    expect(() => Particle.attach(forge({ columns: [new SharedArrayBuffer(4), ...handle.columns.slice(1)] }))).toThrow(/column x is 4 bytes/);
    expect(() => Particle.attach(forge({ columns: handle.columns.slice(1) }))).toThrow(/needs 4 column buffers/);
    const counters = new SharedArrayBuffer(12);
    new Uint32Array(counters).set([9, 0, 0]);
    expect(() => Particle.attach(forge({ counters }))).toThrow(/impossible counters/);
  });

  it('share memory with a worker thread (a module worker in the browser)', async () => {
    const store = Particle.createStore({ capacity: 16, shared: true });
    store.add();
    const target = store.add({ x: 3.5, tag: 'Ñandú' });
    const reply = await runAttachWorker({ handle: store.share(), target });
    expect(reply.seen).toEqual({ x: 3.5, size: 2, tag: 'Ñandú' });
    expect(reply.refused).toMatch(/add is only done by the thread that created it/);
    // Written in the worker, read here: the memory is shared, not copied.
    expect(store.get(target).hits).toBe(7);
    expect(store.get(target).tag).toBe('wörker');
    expect(store.get(target).y).toBe(2.5);
    expect(store.size).toBe(2);
  });

  // Browsers refuse TextDecoder.decode on shared memory; every path that reads a utf8 field threw there.
  it('read non-ASCII text through views, toArray, JSON, for...of and forEach', () => {
    const store = Particle.createStore({ capacity: 4, shared: true });
    const h = store.add({ tag: 'Ñandú' });
    store.add({ tag: 'ascii' });
    expect(store.get(h).tag).toBe('Ñandú');
    expect(store.toArray().map((record) => record.tag)).toEqual(['Ñandú', 'ascii']);
    expect(JSON.parse(JSON.stringify(store))[0].tag).toBe('Ñandú');
    expect(JSON.parse(JSON.stringify(store.get(h))).tag).toBe('Ñandú');
    expect([...store].map((view) => view.tag)).toEqual(['Ñandú', 'ascii']);
    const tags: string[] = [];
    store.forEach((view) => tags.push(view.tag));
    expect(tags).toEqual(['Ñandú', 'ascii']);
    expect(Particle.attach(store.share()).get(h).tag).toBe('Ñandú');
  });
});
