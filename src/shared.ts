/**
 * Shared stores: the plain, structured-cloneable handle that carries a shared store's memory to another thread,
 * and the checks that make a forged or mismatched handle fail loudly.
 */
import { describe } from './describe';
import { sharedMemory } from './columns';
import { refuse } from './errors';
import type { ColumnArray } from './kinds';
import { scalarKinds } from './kinds';
import type { FieldInfo } from './schema';
import type { SlotsState } from './slots';
import { type StructDescriptor, structMismatch } from './snapshot';

/**
 * What `store.share()` returns: post it to a Worker and call `Struct.attach(handle)` there. It holds only
 * SharedArrayBuffers and plain data, so `postMessage` shares the memory instead of copying it.
 */
export interface SharedStoreHandle {
  readonly kind: 'slotted.shared-store';
  readonly version: 1;
  /** The struct the memory holds, checked by `attach`. */
  readonly struct: StructDescriptor;
  readonly capacity: number;
  /** Generation counters, 4 bytes per slot. */
  readonly generations: SharedArrayBuffer;
  /** The free stack, 4 bytes per slot. */
  readonly free: SharedArrayBuffer;
  /** end, size and free count, as three u32. */
  readonly counters: SharedArrayBuffer;
  /** One buffer per field, in field order (an array, not an object keyed by field names, which would share V8 hidden classes with user objects). */
  readonly columns: readonly SharedArrayBuffer[];
}

/** Makes the handle of a shared store's memory. */
export function shareHandle(struct: StructDescriptor, state: SlotsState, columns: readonly ColumnArray[]): SharedStoreHandle {
  const buffer = (array: { buffer: ArrayBufferLike }): SharedArrayBuffer => array.buffer as SharedArrayBuffer;
  // Frozen, like the descriptor it carries: a handle is something to post, not to edit.
  return Object.freeze({
    kind: 'slotted.shared-store',
    version: 1,
    struct,
    capacity: state.generations.length,
    generations: buffer(state.generations),
    free: buffer(state.free as Uint32Array),
    counters: buffer(state.counters),
    columns: Object.freeze(columns.map(buffer)),
  });
}

/** Checks a share handle against a struct and opens its memory; throws TypeError or RangeError on any mismatch. */
export function openHandle(
  struct: StructDescriptor,
  fields: readonly FieldInfo[],
  handle: unknown,
): { capacity: number; slots: SlotsState; columns: ColumnArray[] } {
  const fail = (problem: string, kind: 'type' | 'range' = 'type'): never => refuse(`${struct.name}.attach: ${problem}`, kind);
  if (handle === null || typeof handle !== 'object' || (handle as { kind?: unknown }).kind !== 'slotted.shared-store') {
    return fail(`expected the handle from store.share(); got ${describe(handle)}`);
  }
  const { version, capacity, generations, free, counters, columns } = handle as Partial<SharedStoreHandle>;
  if (version !== 1) fail(`share handle version ${describe(version)}; this slotted reads version 1`, 'range');
  const mismatch = structMismatch(struct, (handle as { struct?: unknown }).struct, 'the handle');
  if (mismatch !== undefined) fail(mismatch);
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 0 || capacity > 0xffff_ffff) {
    fail(`bad capacity ${describe(capacity)}`, 'range');
  }
  const shared = (what: string, buffer: unknown, bytes: number): SharedArrayBuffer => {
    if (typeof SharedArrayBuffer !== 'function') sharedMemory(0); // throws the TypeError that names COOP/COEP
    if (!(buffer instanceof SharedArrayBuffer)) return fail(`${what} is not a SharedArrayBuffer`);
    if (buffer.byteLength !== bytes) fail(`${what} is ${buffer.byteLength} bytes; capacity ${capacity} needs ${bytes}`, 'range');
    return buffer;
  };
  const cap = capacity as number;
  const state: SlotsState = {
    generations: new Uint32Array(shared('generations', generations, cap * 4)),
    free: new Uint32Array(shared('free', free, cap * 4)),
    counters: new Uint32Array(shared('counters', counters, 12)),
  };
  if (!Array.isArray(columns) || columns.length !== fields.length) fail(`the handle needs ${fields.length} column buffers`);
  const opened = fields.map((field, k) => {
    const kind = scalarKinds[field.storage];
    return new kind.array(shared(`column ${field.name}`, (columns as unknown[])[k], cap * field.length * kind.bytes));
  });
  // Each part of the store must be its own memory: a column over the generations (or the free stack over the
  // counters) would let a field write change which records are live.
  // The buffers actually opened, not the handle's properties read again: a getter could answer differently.
  const buffers = [state.generations, state.free as Uint32Array, state.counters, ...opened].map((array) => array.buffer);
  if (new Set(buffers).size !== buffers.length) fail('the handle uses one SharedArrayBuffer for two parts of the store');
  const [end, size, freeCount] = state.counters as unknown as [number, number, number];
  if (end > cap || size > end || freeCount > end || size + freeCount > end) fail(`impossible counters (end ${end}, size ${size}, free ${freeCount})`, 'range');
  return { capacity: cap, slots: state, columns: opened };
}
