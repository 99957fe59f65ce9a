/**
 * slotted/arrow: stores out to Apache Arrow tables and IPC bytes, and back in.
 *
 * A separate entry point, so the core stays free of dependencies: `apache-arrow` (21 or later) is an optional
 * peer dependency that only this entry imports.
 *
 * @example
 * ```ts
 * import { tableFromIPC, tableToIPC } from 'apache-arrow';
 * import { fromArrow, toArrow } from 'slotted/arrow';
 *
 * const bytes = tableToIPC(toArrow(units), 'stream'); // Polars, DuckDB, pyarrow read these
 * const again = fromArrow(Unit, tableFromIPC(bytes)); // the same records at the same handles
 * ```
 * @packageDocumentation
 */
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { Schema, Store, Struct } from '../index';
import { type FromArrowOptions, fromArrow } from './from-arrow';
import { type ToArrowOptions, toArrow } from './to-arrow';

export { defaultHandleColumn, toArrow } from './to-arrow';
export type { ToArrowOptions } from './to-arrow';
export { fromArrow } from './from-arrow';
export type { FromArrowOptions } from './from-arrow';
export { handleKey, metadataVersion, structKey, versionKey } from './metadata';

/**
 * `toArrow(store)` written as Arrow IPC bytes by apache-arrow's `tableToIPC`: the stream format (default), or the
 * file format (`'file'`, with a footer for random access; what `.arrow` files hold).
 */
export function toIPC<S extends Schema>(store: Store<S>, format: 'stream' | 'file' = 'stream', options: ToArrowOptions = {}): Uint8Array {
  return tableToIPC(toArrow(store, options), format);
}

/**
 * A store from Arrow IPC bytes (stream or file format, told apart by apache-arrow's `tableFromIPC`), as
 * `fromArrow` builds it.
 */
export function fromIPC<S extends Schema>(struct: Struct<S>, bytes: Uint8Array, options: FromArrowOptions = {}): Store<S> {
  return fromArrow(struct, tableFromIPC(bytes), options);
}
