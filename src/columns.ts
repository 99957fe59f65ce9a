/**
 * Columns: allocating a store's typed arrays, one per field in field order.
 */
import type { ColumnArray } from './kinds';
import { scalarKinds } from './kinds';
import type { FieldInfo } from './schema';

/** Allocates zeroed columns, in field order, with room for `capacity` records, in shared memory if asked. */
export function allocateColumns(fields: readonly FieldInfo[], capacity: number, shared = false): ColumnArray[] {
  return fields.map((field) => {
    const kind = scalarKinds[field.storage];
    const length = capacity * field.length;
    return shared ? new kind.array(new SharedArrayBuffer(length * kind.bytes)) : new kind.array(length);
  });
}
