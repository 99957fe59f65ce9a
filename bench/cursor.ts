/**
 * The "slotted cursor" competitor: `store.cursor()`, one reusable object that the caller moves explicitly with
 * `cursor.moveTo(handle)` (issue #7). The library is gaining it in parallel with this harness, so every cursor
 * task is added only when the store really has the method: the benchmark runs before and after it lands.
 */
import type { Schema, Store, Struct, ViewOf } from '../src/index';

/** A cursor as issue #7 describes it: field accessors like a view's, and `moveTo` that returns the cursor. */
export type Cursor<S extends Schema> = ViewOf<S> & { moveTo(handle: number): Cursor<S> };

/** A new cursor over `store`. @throws TypeError when the library has no `store.cursor()`. */
export function cursorOf<S extends Schema>(store: Store<S>): Cursor<S> {
  const candidate = store as unknown as { cursor?: () => Cursor<S> };
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
