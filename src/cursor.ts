/**
 * The cursor's public shape. Its class is generated per struct with the view class (see codegen/source.ts).
 */
import type { Schema } from './schema';
import type { ViewOf } from './types';

/**
 * One view that the caller moves from record to record: the loop path that allocates nothing per record.
 *
 * Views from `get(h)`, `for...of` and `forEach` are distinct objects, and they cost nothing only while V8's
 * escape analysis removes them, which it stops doing in a function past its inlining budget or once an
 * accessor's error path has run. A cursor's record is one long-lived object, so its speed does not depend on
 * either. The price is that the reuse is visible: the record shows whichever record the cursor is on now.
 *
 * Misuse that is detected (a RangeError): reading or writing the record before the first `advance()` or
 * `moveTo()`, after `advance()` returned false (the loop is over), or after the record it is on was deleted.
 * Misuse that cannot be detected: keeping `cursor.record` (or the loop variable) and expecting it to still show
 * the record it showed earlier. Keep the handle (`cursor.handle`) or call `store.get(handle)` instead.
 *
 * @example
 * ```ts
 * const cursor = units.cursor();           // make once, reuse every frame
 * function tick(dt: number) {
 *   while (cursor.advance()) {
 *     const u = cursor.record;
 *     u.x += u.vx * dt;
 *   }
 * }
 * ```
 */
export interface Cursor<S extends Schema> extends Iterable<ViewOf<S>> {
  /** The one view this cursor moves; it shows the record the cursor is on. */
  readonly record: ViewOf<S>;
  /** The handle of the record the cursor is on, or -1 when it is on none (or that record was deleted). */
  readonly handle: number;
  /**
   * Moves to live record `handle` and returns the record view.
   * @throws RangeError when `handle` is not a live record's handle (the cursor does not move then).
   */
  moveTo(handle: number): ViewOf<S>;
  /**
   * Moves to the next live record in handle order and returns true, or returns false when there is none: the
   * pass is over, the cursor is on no record, and the next call starts a new pass from the first record. A pass
   * visits the slots below the store's `end` at its start, so records added during it are not visited.
   */
  advance(): boolean;
  /** Leaves the current record and rewinds: the next `advance()` starts from the first record. */
  reset(): void;
  /** Iterates with `advance()`: yields the same record view at every step, allocating nothing. */
  [Symbol.iterator](): Iterator<ViewOf<S>>;
}
