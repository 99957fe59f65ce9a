/**
 * Columns: allocating a store's typed arrays, one per field in field order, and zeroing records in them.
 */
import type { ColumnArray } from './kinds';
import { scalarKinds } from './kinds';
import type { FieldInfo } from './schema';

/**
 * A zeroed SharedArrayBuffer of `byteLength` bytes, or a TypeError that says what is missing when the platform
 * has none: browsers define SharedArrayBuffer only in cross-origin isolated pages (and their workers), and the
 * engine's own "ReferenceError: SharedArrayBuffer is not defined" does not say how to get one.
 */
export function sharedMemory(byteLength: number): SharedArrayBuffer {
  if (typeof SharedArrayBuffer !== 'function') {
    throw new TypeError(
      'A shared store (createStore({ shared: true }), fromBytes(bytes, { shared: true }), attach) needs SharedArrayBuffer, ' +
        'which this context does not have: browsers provide it only ' +
        'to cross-origin isolated pages, served with the headers Cross-Origin-Opener-Policy: same-origin and ' +
        'Cross-Origin-Embedder-Policy: require-corp (check globalThis.crossOriginIsolated)',
    );
  }
  return new SharedArrayBuffer(byteLength);
}

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
      return shared ? new kind.array(sharedMemory(length * kind.bytes)) : new kind.array(length);
    } catch (error) {
      if (shared && typeof SharedArrayBuffer !== 'function') throw error; // sharedMemory's own TypeError
      throw new RangeError(
        `${structName}.${field.name}: cannot allocate its column for capacity ${capacity}: ${length * kind.bytes} bytes ` +
          `(${length} × ${kind.type}); the engine said: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  });
}

/** The zero of field `field`'s column (0n for u64/i64 columns): what a free slot holds. */
export function columnZero(field: FieldInfo): 0 | 0n {
  return scalarKinds[field.storage].jsType === 'bigint' ? 0n : 0;
}

/** Zeroes records `from .. to - 1` of every column (`columns` in field order), as free slots hold them. */
export function zeroRecords(fields: readonly FieldInfo[], columns: readonly ColumnArray[], from: number, to: number): void {
  fields.forEach((field, k) => (columns[k] as ColumnArray).fill(columnZero(field) as never, from * field.length, to * field.length));
}
