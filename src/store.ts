/**
 * The store: one preallocated typed-array column per field, records addressed by handle.
 *
 * This class holds what every store shares (bookkeeping, growth, iteration helpers); the hot methods (`get`,
 * `add`, `forEach`, `for...of`) are generated per struct by `codegen.ts` in a subclass, so they stay monomorphic.
 */
import { addMany, type BulkTarget, describeHook, loadColumns, loadColumnsHook } from './bulk';
import type { CompiledStruct, Holder } from './codegen';
import { allocateColumns, zeroRecords } from './columns';
import type { ColumnArray } from './kinds';
import type { FieldInfo, Schema } from './schema';
import { type SharedStoreHandle, shareHandle } from './shared';
import { deadHandle } from './views';
import { describe } from './describe';
import type { Slots } from './slots';
import { type StructDescriptor, writeSnapshot } from './snapshot';
import type { Cursor } from './cursor';
import { compact, sortByComparator, sortByField, type SortableFieldOf, type SortDirection } from './reorder';
import { type LinkedStore, type LinkTargetOf, makeReference, type RefFieldOf, resolveReference } from './references';
import type { ColumnsOf, InitOf, JsonOf, RecordOf, ViewOf } from './types';

/** Options of `Struct.createStore`. */
export interface StoreOptions {
  /** Records there is room for before the store grows (or refuses, if not growable). Default 64. */
  readonly capacity?: number;
  /** When full, `add` at least doubles the capacity (default true); with false it throws a RangeError. */
  readonly growable?: boolean;
  /**
   * Back every column and the bookkeeping with SharedArrayBuffers, so that `share()` can hand the store to
   * worker threads (default false). A shared store has a fixed capacity: it cannot be growable.
   */
  readonly shared?: boolean;
}

/** Everything a store is built from; made by `Struct.createStore`. */
export interface StoreParts {
  readonly structName: string;
  readonly descriptor: StructDescriptor;
  readonly fields: readonly FieldInfo[];
  readonly slots: Slots;
  /** The columns in field order. */
  readonly columns: ColumnArray[];
  readonly growable: boolean;
  readonly compiled: CompiledStruct;
  /** What the generated code reads this store's columns through. */
  readonly holder: Holder;
  /** The struct the store is of (what `link` checks a target store against). */
  readonly struct: object;
}

/**
 * A struct-of-arrays store of records of schema `S`; make one with `Struct.createStore`.
 *
 * @example
 * ```ts
 * const people = Persona.createStore({ capacity: 1024 });
 * const h = people.add({ nombre: 1 });
 * people.get(h).nombre += 1;
 * for (let i = 0, col = people.columns.nombre; i < people.end; i++) col[i] *= 2;
 * ```
 */
export abstract class Store<S extends Schema> {
  /**
   * The live typed array of each field, indexed by handle (a vector field's element k of record h is at
   * `h * length + k`). The raw, unchecked path for hot loops: writes are not validated, and slots that are
   * free hold zeros. Its properties are read-only getters of the store's current arrays: after the store grows
   * they return the new, larger arrays, so re-read a column rather than keeping it across an `add` that may grow
   * the store.
   */
  declare readonly columns: ColumnsOf<S>;
  /** Whether a full store grows on `add` (true) or refuses with a RangeError (false). */
  readonly growable: boolean;
  readonly #parts: StoreParts;

  /** @internal Stores are made by `Struct.createStore`. */
  constructor(parts: StoreParts) {
    this.#parts = parts;
    // Non-writable, so `store.columns = {}` throws in strict code instead of hiding the columns; a constant field
    // is also what V8 folds best in column loops.
    Object.defineProperty(this, 'columns', { value: parts.compiled.columnsObject(parts.holder), enumerable: true });
    this.growable = parts.growable;
  }

  /**
   * The view of live record `handle`: its fields are read-write properties over the columns.
   * @throws RangeError when `handle` is not a live record's handle.
   */
  abstract get(handle: number): ViewOf<S>;

  /**
   * Adds a record and returns its handle, a slot number that stays valid until the record is deleted.
   * Missing fields start at 0, false, '' or the first enum member.
   * @throws TypeError or RangeError, adding nothing, for an unknown field or a value the field cannot hold,
   * or when the store is full and not growable.
   */
  abstract add(init?: InitOf<S>): number;

  /**
   * Adds many records at once and returns their handles, in order: the handles `add` in a loop would return
   * (freed slots first). The store grows at most once, to the size needed; the records are read straight into
   * the grown columns, or into the free slots past `end` of a growable store with room: 1.7-2.5x faster than `add`
   * in a loop into a store that grows, 1.2-2x into a presized one, where reading the objects dominates both.
   *
   * All or nothing: every record's values are read once and checked before the store changes, so a bad record
   * throws and adds nothing.
   *
   * @param records an array of plain objects, each as `add` takes it (missing fields start at their default;
   * `undefined` or other non-objects in the array are refused).
   * @throws TypeError or RangeError naming the record's index, the field and the value; TypeError for something
   * that is not an array; RangeError when the records do not fit a store that cannot grow.
   */
  addMany(records: readonly InitOf<S>[]): Uint32Array {
    this.refuseIfAttached('addMany');
    return addMany(this.#bulkTarget(), records);
  }

  /** @internal The struct's description, for `slotted/arrow` (a registered symbol: it works across bundles). */
  get [describeHook](): StructDescriptor {
    return this.#parts.descriptor;
  }

  /** @internal The hook `slotted/arrow` builds stores with: see `loadColumns` in bulk.ts. */
  [loadColumnsHook](columns: readonly ColumnArray[], handles?: Uint32Array): void {
    this.refuseIfAttached('loading columns');
    loadColumns(this.#bulkTarget(), columns, handles);
  }

  #bulkTarget(): BulkTarget {
    const { structName, fields, slots, columns } = this.#parts;
    return {
      structName,
      fields,
      slots,
      columns,
      canGrow: this.growable && !slots.shared,
      grow: (capacity: number) => this.grow(capacity),
      growInto: (grown: ColumnArray[], capacity: number) => this.#growInto(grown, capacity),
      relocate: () => this.#relocate(),
    };
  }

  /**
   * addMany's growth: the store moves into `grown`, columns of `capacity` slots that addMany has filled above
   * `end`; only the records below `end` are copied. As `grow`, it completes or changes nothing.
   */
  #growInto(grown: ColumnArray[], capacity: number): void {
    const { slots, columns, structName, compiled, holder } = this.#parts;
    let generations: ReturnType<Slots['grownGenerations']>;
    try {
      generations = slots.grownGenerations(capacity);
    } catch (error) {
      throw new RangeError(`${structName} store cannot grow to capacity ${capacity}: no memory for its bookkeeping`, { cause: error });
    }
    this.#moveInto(grown);
    slots.grow(generations);
    compiled.rebind(holder, columns, generations);
  }

  /** Makes `moved` (zeroed columns of at least the store's capacity) the store's columns, the records below `end` copied in. */
  #moveInto(moved: ColumnArray[]): void {
    const { slots, fields, columns } = this.#parts;
    const end = slots.end;
    moved.forEach((column, k) => column.set((columns[k] as ColumnArray).subarray(0, end * (fields[k] as FieldInfo).length) as never));
    moved.forEach((column, k) => (columns[k] = column));
  }

  /**
   * addMany's way out of a batch it is reading into the free slots past `end`: the store moves to fresh columns
   * of the same capacity (records below `end` copied), leaving the old ones to the batch. Only a getter of the
   * batch that adds records gets here; it completes or, when allocating throws, changes nothing.
   */
  #relocate(): void {
    const { slots, fields, structName, compiled, holder, columns } = this.#parts;
    this.#moveInto(allocateColumns(structName, fields, slots.capacity));
    compiled.rebind(holder, columns, slots.generations);
  }

  /**
   * Calls `callback` with a view of each live record, in handle order. Visits the slots below the `end` that
   * the store had when the call began: records added by the callback are not visited (unless they reuse a
   * freed slot the loop has not reached yet), and records deleted before the loop reaches them are skipped.
   *
   * A struct's `forEach` is shared by all its stores; once it has been called with several different
   * callbacks, V8 no longer inlines them and every view becomes a real allocation. In hot code prefer a
   * `cursor()`, which allocates nothing whatever the JIT does.
   * @throws TypeError when `callback` is not a function.
   */
  abstract forEach(callback: (view: ViewOf<S>, handle: number, store: this) => void): void;

  /**
   * A distinct view of each live record, in handle order, with `forEach`'s rule for records added or deleted
   * during the loop. A finished iterator stays finished.
   */
  abstract [Symbol.iterator](): IterableIterator<ViewOf<S>>;

  /**
   * One reusable view that the caller moves from record to record: the loop path that allocates nothing per
   * record, whatever the JIT decides. Make one per loop site and keep it; see {@link Cursor}.
   *
   * @example
   * ```ts
   * const cursor = particles.cursor();
   * for (const p of cursor) p.x += p.vx;           // p is the same object at every step
   * cursor.moveTo(h).hp -= 1;                      // random access through the same object
   * ```
   */
  abstract cursor(): Cursor<S>;

  /** Live records. */
  get size(): number {
    return this.#parts.slots.size;
  }

  /** Records there is room for without growing. */
  get capacity(): number {
    return this.#parts.slots.capacity;
  }

  /** One past the highest handle in use: every live handle is below it, so column loops stop here. */
  get end(): number {
    return this.#parts.slots.end;
  }

  /** Bytes of the store's buffers: every column plus the per-slot bookkeeping (generations, free stack). */
  get byteLength(): number {
    let bytes = this.#parts.slots.byteLength;
    for (const column of this.#parts.columns) bytes += column.byteLength;
    return bytes;
  }

  /**
   * True when `handle` is a live record's handle: a number, an integer from 0 to 4294967295, whose record has not
   * been deleted. Never throws and never converts `handle` (`has("7")` is false; an object's valueOf is not called).
   */
  has(handle: number): boolean {
    return this.#parts.slots.isLive(handle);
  }

  /**
   * Deletes record `handle`: its slot is zeroed and will be reused, and views of it become stale.
   * @returns true if a live record was deleted, false if there was none at `handle`.
   * @throws TypeError on a store attached to another thread's shared store.
   */
  abstract delete(handle: number): boolean;

  /** Deletes every record; views of them become stale. Capacity is kept. */
  clear(): void {
    const { slots, fields, columns, compiled, holder } = this.#parts;
    this.refuseIfAttached('clear');
    zeroRecords(fields, columns, 0, slots.end);
    slots.clear();
    compiled.rebind(holder, columns, slots.generations); // clear may have widened the generation counters
    compiled.leaveAll(holder);
  }

  /**
   * The handles of live records, in order, with `forEach`'s rule for records added or deleted during the loop.
   * As fast as a `has(h)` loop up to `end`, and allocation-free in a `for...of` once V8 has optimised the loop.
   */
  handles(): IterableIterator<number> {
    return new HandleIterator(this.#parts.slots);
  }

  /**
   * `[view, handle]` for each live record, in handle order, for `for (const [view, handle] of store.entries())`,
   * with `forEach`'s rule for records added or deleted during the loop. Makes a view and a pair per record; in
   * hot loops prefer a `cursor()`.
   */
  entries(): IterableIterator<[ViewOf<S>, number]> {
    return new EntryIterator(this, this.#parts.slots);
  }

  /** Every live record as a plain object, in handle order (u64/i64 as bigint). */
  toArray(): RecordOf<S>[] {
    // A plain loop over the slots, not handles(): resuming a generator per record cost ~120 ns of the export.
    const { slots, compiled, holder } = this.#parts;
    const records: RecordOf<S>[] = [];
    for (let handle = 0; handle < slots.end; handle++) if (slots.isLive(handle)) records.push(compiled.plain(holder, handle) as RecordOf<S>);
    return records;
  }

  /** What `JSON.stringify(store)` writes: the records of `toArray`, with u64/i64 as decimal strings. */
  toJSON(): JsonOf<S>[] {
    const { slots, compiled, holder } = this.#parts;
    const records: JsonOf<S>[] = [];
    for (let handle = 0; handle < slots.end; handle++) if (slots.isLive(handle)) records.push(compiled.json(holder, handle) as JsonOf<S>);
    return records;
  }

  /** True when the columns and bookkeeping live in SharedArrayBuffers (made with `shared: true`, or attached). */
  get shared(): boolean {
    return this.#parts.slots.shared;
  }

  /**
   * A self-describing snapshot of the store: the struct's description, capacity, which slots are live, the free
   * slots and every column, little-endian, with a checksum. `Struct.fromBytes` restores it with every handle.
   *
   * @example
   * ```ts
   * const bytes = people.toBytes();
   * const again = Persona.fromBytes(bytes); // same handles, values and free slots
   * ```
   */
  toBytes(): Uint8Array {
    const { descriptor, fields, slots, columns } = this.#parts;
    return writeSnapshot(descriptor, fields, slots, columns, this.growable);
  }

  /**
   * A structured-cloneable handle to this shared store's memory: post it to a Worker and call
   * `Struct.attach(handle)` there to get a store over the same memory, with no copy.
   * @throws TypeError when the store was not made with `shared: true`.
   */
  share(): SharedStoreHandle {
    const { descriptor, slots, columns, structName } = this.#parts;
    if (!slots.shared) throw new TypeError(`${structName} store is not shared: create it with { shared: true } to share it`);
    return shareHandle(descriptor, slots.state, columns);
  }

  /**
   * Moves the live records down, keeping their order, so that they fill `0 .. size - 1` and `end === size`.
   * Every column and the bookkeeping move together; the free slots end up past the end.
   *
   * Views and references of records that moved go stale (their slot's generation changes), and cursors of the
   * store leave their record, as on delete; records that did not move keep their views and references.
   * @returns the remap: `remap[oldHandle]` is the record's new handle, or -1 where no record was.
   * @throws TypeError on a store attached to another thread's shared store.
   */
  compact(): Int32Array {
    this.refuseIfAttached('compact');
    return compact(this.#parts, this);
  }

  /**
   * Reorders the records physically (every column together) by a comparator or by one field, stably, and
   * compacts them: afterwards they fill `0 .. size - 1` in sorted order. Views, references and cursors behave
   * as on `compact()`.
   *
   * By field: scalars (numbers, bigints, bool: false first) and enums (in member order). Floats put NaN after
   * every number, -0 ties with +0. 'descending' is the reverse order of keys, ties still in handle order.
   * Keys of up to 32 bits are sorted without a view or a callback per comparison.
   *
   * By comparator: `compare(a, b)` gets two reused record objects (cursor records: do not keep them) and
   * returns a number, as for `Array.prototype.sort`. It runs before anything moves, so if it throws the store
   * is unchanged. If it adds, deletes or reorders records, sort throws a RangeError and reorders nothing.
   * @returns the remap, as `compact()` returns it.
   * @throws TypeError or RangeError for an unknown or unsortable field, a bad direction, a comparator result
   * that is not a number or is NaN; TypeError on an attached store.
   */
  sort(compare: (a: ViewOf<S>, b: ViewOf<S>) => number): Int32Array;
  sort(field: SortableFieldOf<S>, direction?: SortDirection): Int32Array;
  sort(by: unknown, direction?: unknown): Int32Array {
    this.refuseIfAttached('sort');
    if (typeof by === 'function') {
      if (direction !== undefined) throw new TypeError(`${this.#parts.structName} store.sort: a comparator takes no direction`);
      return sortByComparator(this.#parts, this, by as (a: ViewOf<S>, b: ViewOf<S>) => number, () => this.cursor());
    }
    return sortByField(this.#parts, this, by, direction);
  }

  /**
   * A reference to live record `handle`: its slot and generation in one number, which `resolve` turns back into
   * the handle while that record lives, and into -1 once it is deleted or moved (by `compact`/`sort`), even
   * after the slot is reused. 0 is never a live record's reference. References are per store: the number does
   * not say which store it came from.
   * @throws RangeError when `handle` is not a live record's handle.
   */
  ref(handle: number): number {
    const { slots, structName } = this.#parts;
    if (!slots.isLive(handle)) throw deadHandle(structName, handle);
    return makeReference(handle, slots.generations[handle] as number);
  }

  /**
   * The handle of the record `reference` (from `ref`) names, or -1 if that record is gone: deleted, moved by
   * `compact`/`sort`, its store cleared, or past the end of this store. Never another record's handle.
   * @throws TypeError for a non-number; RangeError for a number no reference can be (negative, fractional).
   */
  resolve(reference: number): number {
    const { slots, structName } = this.#parts;
    return resolveReference(structName, slots.generations, slots.end, reference);
  }

  /**
   * Points reference field `field` at `target`, a store of the struct the field names: `view[field]` then reads
   * `target`'s records and assignments are checked against them. A `'self'` field is linked to its own store
   * when the store is made (also by `fromBytes` and `attach`); link it elsewhere if it should point into another
   * store of the same struct. Links are not saved in snapshots nor shared with other threads: link again there.
   * @throws TypeError for a field that is not a reference field, or a target that is not a store of its struct.
   */
  link(field: RefFieldOf<S>, target: LinkTargetOf<S, RefFieldOf<S>>): void {
    const { fields, structName, holder } = this.#parts;
    const index = fields.findIndex((candidate) => candidate.name === field);
    const info = fields[index];
    if (info === undefined || info.kind !== 'ref') {
      throw new TypeError(`${structName} store.link: ${describe(field)} is not a reference field of ${structName}`);
    }
    const expected = info.target === 'self' ? this.#parts.struct : info.target;
    if (!(target instanceof Store) || !(#parts in target) || target.#parts.struct !== expected) {
      throw new TypeError(`${structName} store.link: ${structName}.${info.name} needs a store of the struct it references; got ${describe(target)}`);
    }
    (holder as unknown as { links: LinkedStore[] }).links[index] = target;
  }

  /** @internal The name of this store's struct, for reference fields' messages. */
  get structName(): string {
    return this.#parts.structName;
  }

  /** @internal The handle a live view of this store is on, or -1 for any other value (reference fields use it). */
  locateView(value: unknown): number {
    return this.#parts.compiled.locate(this.#parts.holder, value);
  }

  /** @internal Called by the generated `add` when no slot can be handed out, and by `addMany` with the capacity it needs. */
  protected grow(minimum = 0): void {
    const { slots, fields, columns, structName, compiled, holder } = this.#parts;
    this.refuseIfAttached('add');
    if (slots.shared || !this.growable) {
      const why = slots.shared
        ? `a shared store has the fixed capacity ${slots.capacity}`
        : `capacity ${slots.capacity}, created with growable: false`;
      // Counting retired slots walks every counter: fine here, on the way to an error.
      const retired = slots.retiredCount();
      throw new RangeError(
        retired === 0
          ? `${structName} store is full: ${why}`
          : `${structName} store has no slot to hand out: of its ${slots.capacity} slots, ${slots.size} hold records and ` +
              `${retired} are retired (a slot is retired when its generation counter runs out, after 2^31 reuses of a ` +
              `shared slot, and is never handed out again, so that no old view can mistake a new record for its own); ${why}`,
      );
    }
    const capacity = Math.min(Math.max(16, slots.capacity * 2, minimum), 0xffff_ffff);
    if (capacity === slots.capacity) throw new RangeError(`${structName} store is full at the largest capacity`);
    // Growth either completes or changes nothing: everything that can throw (allocating) happens before the
    // first change to the store. A fixed buffer copied with set() indexes at full speed; resizable ArrayBuffers
    // index 2-4x slower here.
    const grown = allocateColumns(structName, fields, capacity);
    grown.forEach((column, k) => column.set(columns[k] as never));
    let generations: ReturnType<Slots['grownGenerations']>;
    try {
      generations = slots.grownGenerations(capacity);
    } catch (error) {
      throw new RangeError(`${structName} store cannot grow to capacity ${capacity}: no memory for its bookkeeping`, { cause: error });
    }
    grown.forEach((column, k) => (columns[k] = column));
    slots.grow(generations);
    compiled.rebind(holder, columns, generations);
  }

  /** @internal Throws on a store attached to another thread's shared store, where `method` is not allowed. */
  protected refuseIfAttached(method: string): void {
    if (this.#parts.slots.attached) {
      throw new TypeError(
        `${this.#parts.structName} store is attached to another thread's shared store: ${method} is only done by the thread that created it`,
      );
    }
  }

}

/**
 * The iterator of `store.handles()`. A class rather than a generator: V8 inlines its `next()` into a `for...of`
 * loop and removes the result objects, which it cannot do across a generator's resumptions. Over 1,000,000 slots a
 * generator measured 8-11x a `has(h)` loop, this class 1.2-3.2x (loaded machine). `next()` builds its result in
 * one place, so that escape analysis sees one object.
 */
class HandleIterator implements IterableIterator<number> {
  readonly #slots: Slots;
  /** The store's end when the iteration began: records added past it are not visited. */
  readonly #end: number;
  #next = 0;

  constructor(slots: Slots) {
    this.#slots = slots;
    this.#end = slots.end;
  }

  next(): IteratorResult<number> {
    const generations = this.#slots.generations; // re-read on every call: a delete may have widened the counters
    const end = this.#end;
    let handle = this.#next;
    while (handle < end && ((generations[handle] as number) & 1) === 0) handle++;
    const done = handle >= end;
    this.#next = done ? end : handle + 1; // a finished iterator stays finished
    return { value: handle, done } as IteratorResult<number>;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** The iterator of `store.entries()`: live handles paired with a view of each. */
class EntryIterator<S extends Schema> implements IterableIterator<[ViewOf<S>, number]> {
  readonly #store: Store<S>;
  readonly #handles: HandleIterator;

  constructor(store: Store<S>, slots: Slots) {
    this.#store = store;
    this.#handles = new HandleIterator(slots);
  }

  next(): IteratorResult<[ViewOf<S>, number]> {
    const step = this.#handles.next();
    return step.done === true ? { value: undefined, done: true } : { value: [this.#store.get(step.value), step.value], done: false };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
