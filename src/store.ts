/**
 * The store: one preallocated typed-array column per field, records addressed by handle.
 *
 * This class holds what every store shares (bookkeeping, growth, iteration helpers); the hot methods (`get`,
 * `add`, `forEach`, `for...of`) are generated per struct by `codegen.ts` in a subclass, so they stay monomorphic.
 */
import type { CompiledStruct, Holder } from './codegen';
import { allocateColumns } from './columns';
import type { ColumnArray } from './kinds';
import { scalarKinds } from './kinds';
import type { FieldInfo, Schema } from './schema';
import { type SharedStoreHandle, shareHandle } from './shared';
import type { Slots } from './slots';
import { type StructDescriptor, writeSnapshot } from './snapshot';
import type { Cursor } from './cursor';
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
    fields.forEach((field, k) => {
      const zero = scalarKinds[field.storage].jsType === 'bigint' ? 0n : 0;
      (columns[k] as ColumnArray).fill(zero as never, 0, slots.end * field.length);
    });
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

  /** @internal Called by the generated `add` when no slot can be handed out. */
  protected grow(): void {
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
    const capacity = Math.min(Math.max(16, slots.capacity * 2), 0xffff_ffff);
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
