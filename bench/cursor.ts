/**
 * The "slotted cursor" competitor: `store.cursor()`, one reused view that the caller moves explicitly (issue #7):
 * `while (cursor.advance()) cursor.record.x += ...` for whole passes, `cursor.moveTo(handle)` for random access.
 * Every cursor task is added only when stores really have the method, so the harness runs on versions of the
 * library with and without it.
 */
import type { Schema, Store, Struct, ViewOf } from '../src/index';

/** The part of the library's cursor the benchmark uses. */
export interface BenchCursor<S extends Schema> {
  /** The one view the cursor moves. */
  readonly record: ViewOf<S>;
  /** Moves to the next live record; false once the pass is over (the next call starts a new pass). */
  advance(): boolean;
  /** Moves to live record `handle` and returns the record view. */
  moveTo(handle: number): ViewOf<S>;
}

/** A new cursor over `store`. @throws TypeError when the library has no `store.cursor()`. */
export function cursorOf<S extends Schema>(store: Store<S>): BenchCursor<S> {
  const candidate = store as unknown as { cursor?: () => BenchCursor<S> };
  if (typeof candidate.cursor !== 'function') throw new TypeError('this version of slotted has no store.cursor()');
  return candidate.cursor();
}

/** True when stores of `struct` have `cursor()`. */
export function hasCursor<S extends Schema>(struct: Struct<S>): boolean {
  return typeof (struct.createStore({ capacity: 1 }) as unknown as { cursor?: unknown }).cursor === 'function';
}

/** `tasks` when stores of `struct` have `cursor()`, none otherwise: `...whenCursor(Pair, [{ ... }])`. */
export function whenCursor<S extends Schema, T>(struct: Struct<S>, tasks: readonly T[]): readonly T[] {
  return hasCursor(struct) ? tasks : [];
}
