/**
 * Builders of the competitors' data: the same records, made by one function, in each layout.
 */
import type { InitOf, Schema, Store, Struct } from '../src/index';

/** A slotted store of `records` records made by `make`, with room for exactly that many. */
export function storeOf<S extends Schema>(struct: Struct<S>, records: number, make: (i: number) => InitOf<S>): Store<S> {
  const store = struct.createStore({ capacity: records, growable: false });
  for (let i = 0; i < records; i++) store.add(make(i));
  return store;
}

/** An array of the plain objects `make` returns. */
export function objectsOf<T>(records: number, make: (i: number) => T): T[] {
  const list: T[] = [];
  for (let i = 0; i < records; i++) list.push(make(i));
  return list;
}

/** An array of class instances (the same as `objectsOf`, named for what the caller's `make` builds). */
export const classesOf = objectsOf;

/** One Map per record, keyed by field name. */
export function mapsOf(records: number, make: (i: number) => object): Map<string, number>[] {
  const list: Map<string, number>[] = [];
  for (let i = 0; i < records; i++) {
    // set() per key rather than new Map(Object.entries(...)): the same Maps, built in half the time.
    const record = make(i) as Record<string, number>;
    const map = new Map<string, number>();
    for (const key in record) map.set(key, record[key] as number);
    list.push(map);
  }
  return list;
}

/** A typed array of `records` values made by `make` (a plain loop: `from` with a callback is several times slower). */
export function columnOf<T extends Uint32Array | Float32Array>(Type: new (length: number) => T, records: number, make: (i: number) => number): T {
  const column = new Type(records);
  for (let i = 0; i < records; i++) column[i] = make(i);
  return column;
}

/** A Map from id (0 .. records - 1) to the plain objects `make` returns. */
export function byIdOf<T>(records: number, make: (i: number) => T): Map<number, T> {
  const byId = new Map<number, T>();
  for (let i = 0; i < records; i++) byId.set(i, make(i));
  return byId;
}
