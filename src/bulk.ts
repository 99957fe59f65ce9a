/**
 * Bulk loading: many records into a store at once (`store.addMany`), and whole columns into a fresh store (the
 * internal hook `slotted/arrow` builds stores with).
 *
 * `addMany` works in two passes. The first (bulk/stage.ts) reads every record's values exactly once, checks them
 * and writes them into buffers the store does not know: user code (getters, array-likes) runs only in this pass,
 * and whatever it does, a bad record leaves the store as it was. The second pass runs no user code: it takes the
 * slots and moves the values in. When the new records all go above `end` (no freed slots to reuse), those
 * buffers are the grown columns, filled above `end` (growing then copies only the old records below `end`), or,
 * in a store with room, the store's own columns above `end`: either way the batch is not copied at all.
 * Otherwise they are staging columns, copied in with `TypedArray.prototype.set` (one call per field for the
 * records appended above `end`).
 */
import { describe } from './describe';
import type { ColumnArray } from './kinds';
import { scalarKinds } from './kinds';
import type { FieldInfo } from './schema';
import { retiredGeneration, type Slots } from './slots';
import { allocateColumns, zeroRecords } from './columns';
import { type Stage, stageOf } from './bulk/stage';

/** The largest capacity a store can have (slots are addressed by u32 handles). */
const maxCapacity = 0xffff_ffff;

/** What a bulk load needs of a store; the store passes its own parts. */
export interface BulkTarget {
  readonly structName: string;
  readonly fields: readonly FieldInfo[];
  readonly slots: Slots;
  /** The store's current columns in field order (replaced by `grow`). */
  readonly columns: readonly ColumnArray[];
  /** Whether the store may grow; false for fixed and shared stores. */
  readonly canGrow: boolean;
  /** Grows the store to at least `capacity` slots. */
  grow(capacity: number): void;
  /**
   * Grows the store into `columns` (of a larger capacity than the store's, holding zeros except above `end`,
   * where addMany has written its batch): copies the records below `end` into them and makes them the store's.
   */
  growInto(columns: ColumnArray[], capacity: number): void;
  /** Moves the store to fresh columns of the same capacity (the records below `end` copied), leaving it the old ones. */
  relocate(): void;
}

/** Freed slots waiting for reuse. */
function freeCount(slots: Slots): number {
  return slots.state.counters[2] as number;
}

/**
 * Retired slots at or past `end` (left there by `clear`, or by a restored snapshot): `allocate` skips them, so
 * the slots above `end` are then neither all usable nor consecutive. Almost always 0; counted with a native
 * `indexOf` scan (about 50 µs per million slots) so the common case pays nearly nothing.
 */
function retiredAhead(slots: Slots): number {
  const generations = slots.generations;
  const retired = retiredGeneration(generations);
  let count = 0;
  for (let at = generations.indexOf(retired, slots.end); at >= 0; at = generations.indexOf(retired, at + 1)) count++;
  return count;
}

/** The capacity `count` more records need: freed slots are reused first, the rest go above `end`. */
function capacityFor(slots: Slots, count: number): number {
  return slots.end + retiredAhead(slots) + Math.max(0, count - freeCount(slots));
}

/** Throws unless `count` more records fit, growing allowed when the store may grow. */
function refuseIfNoRoom(target: BulkTarget, count: number): void {
  const { slots, structName } = target;
  const needed = capacityFor(slots, count);
  if (needed <= slots.capacity) return;
  const available = slots.capacity - slots.end - retiredAhead(slots) + freeCount(slots);
  if (!target.canGrow || needed > maxCapacity) {
    const why = !target.canGrow
      ? slots.shared
        ? 'a shared store has a fixed capacity'
        : 'the store was created with growable: false'
      : `that needs a capacity of ${needed}, more than ${maxCapacity}`;
    throw new RangeError(
      `${structName}.addMany: ${count} records do not fit: capacity ${slots.capacity}, room for ${available} (${why}); nothing was added`,
    );
  }
}

/**
 * Marks the `handles.length - from` slots from `end` on live and writes their handles from `handles[from]` on: what
 * `slots.allocate()` does once the free stack is empty, in one loop (calling it per record cost ~10 ns each).
 */
function takeTail(slots: Slots, handles: Uint32Array, from: number): void {
  const { generations, counters } = slots.state; // live memory, not copies
  const start = slots.end;
  const count = handles.length - from;
  for (let i = 0; i < count; i++) {
    const handle = start + i;
    generations[handle] = (generations[handle] as number) + 1; // even (free) to odd (live)
    handles[from + i] = handle;
  }
  counters[0] = start + count; // end
  counters[1] = slots.size + count; // size
}

/**
 * Adds `records` (an array of plain objects, as `add` takes them) in one go and returns their handles in order:
 * the same handles `add` in a loop would have returned. All or nothing: every record is read once and checked
 * before the store changes, so a bad record throws (naming its index, field and value) and adds nothing.
 */
export function addMany(target: BulkTarget, records: unknown): Uint32Array {
  const { structName, fields } = target;
  if (!Array.isArray(records)) {
    throw new TypeError(`${structName}.addMany takes an array of records; got ${describe(records)}`);
  }
  const reference = fields.find((field) => field.kind === 'ref');
  if (reference !== undefined) {
    throw new TypeError(`${structName}.addMany: ${structName}.${reference.name} is a reference field, which addMany does not load yet; use add()`);
  }
  const count = records.length; // read once: a getter below may change the array
  if (count === 0) return new Uint32Array(0);
  const { slots } = target;
  // A getter of an outer addMany's batch is loading this store: the outer batch may sit past `end`.
  slots.tailGuard?.();
  refuseIfNoRoom(target, count);
  const stage = stageOf(structName, fields);
  const needed = capacityFor(slots, count);
  const end = slots.end;
  // In place only where the store's arrays may move anyway (growable, not shared): the way out of a getter that
  // adds records is to move the store to new arrays, and a fixed store promises to keep its own.
  if (needed <= slots.capacity && freeCount(slots) === 0 && retiredAhead(slots) === 0 && target.canGrow) {
    return addInPlace(target, stage, records, count);
  }
  if (needed > slots.capacity && freeCount(slots) === 0 && !slots.shared) {
    // The store grows, and the batch goes to end, end + 1, ...: read it straight into the grown columns, at
    // those slots, before the store knows them. On 100,000 records this saved the staging columns' allocation
    // (first-touch page faults: ~1.6 ms for 2 MB) and their copy.
    const capacity = Math.min(Math.max(16, slots.capacity * 2, needed), maxCapacity); // what grow() would pick
    const grown = allocateColumns(structName, fields, capacity);
    stage(records, count, end, ...grown);
    // No user code runs from here on. It did run while staging, and may have added or deleted records: the grown
    // columns are only used as they are if the store still ends where it did and has no freed slot to reuse.
    refuseIfNoRoom(target, count);
    if (slots.end === end && freeCount(slots) === 0 && retiredAhead(slots) === 0 && slots.capacity < capacity) {
      target.growInto(grown, capacity);
      const handles = new Uint32Array(count);
      takeTail(slots, handles, 0);
      return handles;
    }
    return commit(target, count, grown.map((column, k) => column.subarray(end * (fields[k] as FieldInfo).length) as ColumnArray));
  }
  const staging = fields.map((field) => new scalarKinds[field.storage].array(count * field.length));
  stage(records, count, 0, ...staging);
  // No user code runs from here on. It did run while staging, and may have added or deleted records: check again.
  refuseIfNoRoom(target, count);
  return commit(target, count, staging);
}

/**
 * addMany into a store with room for the batch at `end`, `end + 1`, ... (no freed slot to reuse): the batch is
 * read straight into the store's own columns there, in free slots no view can see, and the slots are then taken.
 * Staging columns and their copy cost more than the reading itself: at 1,000,000 five-field records, 20 MB of
 * staging made V8 start a full (incremental) collection over the records' own heap, and addMany took 95-240 ms
 * against 130-190 ms for an add loop.
 *
 * Getters of the batch may change the store meanwhile. Whatever they do below `end` (delete, clear, compact,
 * sort, writes through views) leaves the batch alone; what would write past `end` (add, another addMany) first
 * calls `slots.tailGuard`, which moves the store to fresh columns and leaves these to the batch. Either way the
 * batch is then copied in as a staged one, as the store now is.
 */
function addInPlace(target: BulkTarget, stage: Stage, records: unknown[], count: number): Uint32Array {
  const { slots, fields } = target;
  const end = slots.end;
  const columns = [...target.columns];
  let left = false;
  slots.tailGuard = () => {
    target.relocate();
    slots.tailGuard = undefined;
    left = true;
  };
  // The stage writes only the fields a record has: the slots must hold zeros, and a raw column write may have left
  // data past end (add writes every field, defaults too). 1M five-field records: no difference within the noise
  // (114-163 ms with the fill, 96-171 ms without, load 2-3).
  zeroRecords(fields, columns, end, end + count);
  try {
    stage(records, count, end, ...columns);
  } catch (error) {
    if (!left) zeroRecords(fields, columns, end, end + count);
    throw error;
  } finally {
    slots.tailGuard = undefined;
  }
  if (!left && slots.end === end && freeCount(slots) === 0 && retiredAhead(slots) === 0) {
    const handles = new Uint32Array(count);
    takeTail(slots, handles, 0);
    return handles;
  }
  const staged = columns.map((column, k) => {
    const n = (fields[k] as FieldInfo).length;
    return column.slice(end * n, (end + count) * n) as ColumnArray;
  });
  if (!left) zeroRecords(fields, columns, end, end + count);
  refuseIfNoRoom(target, count);
  return commit(target, count, staged);
}

/**
 * The second pass of addMany: takes `count` slots, freed ones first, and copies record i's values from element
 * i (i * length for a vector) of `staged` into them. Runs no user code.
 */
function commit(target: BulkTarget, count: number, staged: readonly ColumnArray[]): Uint32Array {
  const { slots, fields } = target;
  const needed = capacityFor(slots, count);
  if (needed > slots.capacity) target.grow(needed);
  const handles = new Uint32Array(count);
  const columns = target.columns;
  if (retiredAhead(slots) === 0) {
    // Freed slots come first and are scattered; the rest are consecutive from the old end, one set() per field.
    const scattered = Math.min(freeCount(slots), count);
    for (let i = 0; i < scattered; i++) handles[i] = slots.allocate();
    const start = slots.end;
    takeTail(slots, handles, scattered);
    fields.forEach((field, k) => {
      const column = columns[k] as ColumnArray;
      const from = staged[k] as ColumnArray;
      const n = field.length;
      if (n === 1) for (let i = 0; i < scattered; i++) column[handles[i] as number] = from[i] as never;
      else for (let i = 0; i < scattered; i++) column.set(from.subarray(i * n, (i + 1) * n) as never, (handles[i] as number) * n);
      column.set(from.subarray(scattered * n, count * n) as never, start * n);
    });
    return handles;
  }
  // Retired slots lie above end: every slot is taken by allocate(), which skips them; copied in runs.
  for (let i = 0; i < count; i++) handles[i] = slots.allocate();
  fields.forEach((field, k) => {
    const column = columns[k] as ColumnArray;
    const from = staged[k] as ColumnArray;
    const n = field.length;
    for (let i = 0; i < count; ) {
      let j = i + 1;
      while (j < count && handles[j] === (handles[j - 1] as number) + 1) j++;
      column.set(from.subarray(i * n, j * n) as never, (handles[i] as number) * n);
      i = j;
    }
  });
  return handles;
}

/**
 * The key of the internal hook `store[loadColumnsHook](columns, handles)` that `slotted/arrow` builds stores with.
 * A registered symbol, so that a second copy of the core (another bundle) still finds it.
 * @internal
 */
export const loadColumnsHook: unique symbol = Symbol.for('slotted.loadColumns') as never;

/** The key of the internal getter `store[describeHook]`: the store's struct description. @internal */
export const describeHook: unique symbol = Symbol.for('slotted.describe') as never;

/**
 * Fills an empty store from whole columns, without per-record checks: `columns[k]` holds field k of every row in
 * row order (rows × length elements, of the field's column type), and row i becomes handle `handles[i]`, or handle
 * i without `handles`. Slots below the largest handle that no row takes become free, lowest reused first. Values
 * are copied as they are, like writes through `store.columns`; the caller has checked them.
 * @throws TypeError for a store that is not empty or columns of the wrong type or length; RangeError for a
 * repeated handle. Nothing is changed then.
 */
export function loadColumns(target: BulkTarget, columns: readonly ColumnArray[], handles?: Uint32Array): void {
  const { slots, fields, structName } = target;
  const fail = (problem: string, kind: 'type' | 'range' = 'type'): never => {
    throw kind === 'range' ? new RangeError(`${structName}: ${problem}`) : new TypeError(`${structName}: ${problem}`);
  };
  if (slots.end !== 0 || slots.size !== 0) fail('whole columns load only into an empty store');
  slots.tailGuard?.(); // an addMany's batch may sit past `end`
  if (columns.length !== fields.length) fail(`expected ${fields.length} columns; got ${columns.length}`);
  const first = fields[0] as FieldInfo;
  const rows = (columns[0]?.length ?? 0) / first.length;
  fields.forEach((field, k) => {
    const column = columns[k];
    const type = scalarKinds[field.storage].array;
    if (!(column instanceof type) || column.length !== rows * field.length) {
      fail(`column ${field.name} must be a ${type.name} of ${rows * field.length} elements`);
    }
  });
  if (handles !== undefined && handles.length !== rows) fail(`expected ${rows} handles; got ${handles.length}`);
  let end = rows;
  let live: Uint8Array | undefined;
  if (handles !== undefined) {
    // Handles 0, 1, 2, ... (a table of a store without holes) load like no handles at all.
    let identity = true;
    end = 0;
    for (let i = 0; i < rows; i++) {
      const handle = handles[i] as number;
      if (handle !== i) identity = false;
      if (handle >= end) end = handle + 1;
    }
    if (end > maxCapacity) fail(`handle ${end - 1} is beyond the largest capacity`, 'range');
    if (identity) handles = undefined;
    else {
      live = new Uint8Array(end);
      for (let i = 0; i < rows; i++) {
        const handle = handles[i] as number;
        if (live[handle] === 1) fail(`handle ${handle} is given twice (row ${i} repeats it)`, 'range');
        live[handle] = 1;
      }
    }
  }
  if (end > slots.capacity) target.grow(end);
  const stored = target.columns;
  fields.forEach((field, k) => {
    const source = columns[k] as ColumnArray;
    const column = stored[k] as ColumnArray;
    const n = field.length;
    if (handles === undefined) {
      column.set(source as never);
      return;
    }
    // Rows whose handles run on consecutively (all of them, between holes, in a table from toArrow) are copied
    // as one block: an element loop over typed arrays of every kind runs megamorphic (1M rows took ~100 ms).
    for (let i = 0; i < rows; ) {
      let j = i + 1;
      while (j < rows && handles[j] === (handles[j - 1] as number) + 1) j++;
      column.set(source.subarray(i * n, j * n) as never, (handles[i] as number) * n);
      i = j;
    }
  });
  for (let handle = 0; handle < end; handle++) slots.allocate();
  if (live !== undefined) {
    for (let handle = end - 1; handle >= 0; handle--) if (live[handle] === 0) slots.release(handle);
  }
}
