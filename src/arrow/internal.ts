/**
 * What `slotted/arrow` needs of the core beyond its public API: two hooks under registered symbols (so they work
 * even when this entry and the core were bundled separately), and the struct description in the shape snapshots
 * use. Nothing else of the core's internals is imported.
 */
import type { FieldInfo, Schema, Store, Struct, StructDescriptor } from '../index';

/** A store as this entry reaches into it. */
export interface HookedStore {
  /** The store's struct description. */
  readonly [describeKey]: StructDescriptor;
  /** Fills an empty store from whole columns in row order; row i becomes `handles[i]` (or i). */
  [loadKey](columns: readonly ArrayBufferView[], handles?: Uint32Array): void;
}

/** Key of the core's `describeHook` (src/bulk.ts). */
export const describeKey: unique symbol = Symbol.for('slotted.describe') as never;
/** Key of the core's `loadColumnsHook` (src/bulk.ts). */
export const loadKey: unique symbol = Symbol.for('slotted.loadColumns') as never;

/** The store's internals this entry uses. */
export function hooked<S extends Schema>(store: Store<S>): HookedStore {
  return store as unknown as HookedStore;
}

/** A struct's description from its public `name` and `fields`: what `store[describeKey]` returns for its stores. */
export function descriptorOf(struct: Struct<Schema>): StructDescriptor {
  return {
    name: struct.name,
    fields: struct.fields.map(({ name, kind, vector, length, storage, members }: FieldInfo) => ({
      name,
      kind,
      vector,
      length,
      storage,
      members: [...members],
    })),
  };
}

/** The field spec as a user writes it, for messages: `f32`, `[f32, 3]`, `enum(a, b)`, `utf8(16)`. */
export function specOf(field: StructDescriptor['fields'][number]): string {
  if (field.vector) return `[${field.kind}, ${field.length}]`;
  if (field.kind === 'enum') return `enum(${field.members.map((member) => JSON.stringify(member)).join(', ')})`;
  if (field.kind === 'utf8') return `utf8(${field.length})`;
  return field.kind;
}
