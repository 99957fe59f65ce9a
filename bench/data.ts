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
  for (let i = 0; i < records; i++) list.push(new Map(Object.entries(make(i)) as [string, number][]));
  return list;
}

/** A Map from id (0 .. records - 1) to the plain objects `make` returns. */
export function byIdOf<T>(records: number, make: (i: number) => T): Map<number, T> {
  const byId = new Map<number, T>();
  for (let i = 0; i < records; i++) byId.set(i, make(i));
  return byId;
}
