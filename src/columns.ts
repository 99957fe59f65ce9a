/**
 * Columns: allocating a store's typed arrays, one per field in field order.
 */
import type { ColumnArray } from './kinds';
import { scalarKinds } from './kinds';
import type { FieldInfo } from './schema';

/**
 * Allocates zeroed columns, in field order, with room for `capacity` records, in shared memory if asked.
 * @throws RangeError naming the struct, field and byte count when the engine cannot allocate a column (too
 * large for a typed array, or out of memory), instead of the engine's message that names neither.
 */
export function allocateColumns(structName: string, fields: readonly FieldInfo[], capacity: number, shared = false): ColumnArray[] {
  return fields.map((field) => {
    const kind = scalarKinds[field.storage];
    const length = capacity * field.length;
    try {
      return shared ? new kind.array(new SharedArrayBuffer(length * kind.bytes)) : new kind.array(length);
    } catch (error) {
      throw new RangeError(
        `${structName}.${field.name}: cannot allocate its column for capacity ${capacity}: ${length * kind.bytes} bytes ` +
          `(${length} × ${kind.type}); the engine said: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  });
}
