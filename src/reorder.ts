/**
 * Reordering: `store.compact()` and `store.sort(...)` move records physically, every column and the
 * bookkeeping together, and return the remap from old handles to new ones.
 *
 * Both work in two steps. First the new order is worked out as a list of old handles (`order[j]` is the handle
 * of the record that goes to slot `j`); this is the only step that runs user code (a comparator), and nothing has
 * been changed yet, so a comparator that throws leaves the store as it was. Then the columns are permuted, with
 * no user code involved, and `Slots.settle` renumbers the generations: a slot whose record changed gets a new
 * generation, so views and references of moved records go stale instead of silently following or, worse,
 * showing the record that moved in. Records that stay where they were keep their views and references.
 *
 * Columns are moved as raw words (32, 16 or 8 bits, whatever divides the record's width in the column), so a
 * handful of small monomorphic loops serve every field type, and float NaN payloads are copied bit for bit.
 */
import { describe } from './describe';
import type { CompiledStruct, Holder } from './codegen';
import type { Cursor } from './cursor';
import type { ColumnArray, ScalarType } from './kinds';
import type { EnumSpec, FieldInfo, Schema } from './schema';
import { makeReference, resolveReference } from './references';
import type { GenerationArray, Slots } from './slots';
import type { ViewOf } from './types';

/** What reordering needs of a store. */
export interface ReorderParts {
  readonly structName: string;
  readonly fields: readonly FieldInfo[];
  readonly slots: Slots;
  readonly columns: ColumnArray[];
  readonly compiled: CompiledStruct;
  readonly holder: Holder;
}

/** The order of a sort by one field. */
export type SortDirection = 'ascending' | 'descending';

/** The fields `store.sort(field)` can sort by: scalars (numbers, bigints, bool) and enums (by member order). */
export type SortableFieldOf<S extends Schema> = {
  [K in keyof S]: S[K] extends ScalarType | EnumSpec ? K : never;
}[keyof S] &
  string;

/** What `store.remap` entries hold for a slot that had no live record. */
export const gone = -1;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// Where the key and the handle sit in each 64-bit element of the packed sort (see sortByField).
const keyWord = littleEndian ? 1 : 0;
const handleWord = 1 - keyWord;

/** The live handles in ascending order. */
function liveHandles(slots: Slots): Uint32Array {
  const { generations } = slots;
  const end = slots.end;
  const handles = new Uint32Array(slots.size);
  let count = 0;
  for (let handle = 0; handle < end; handle++) if ((generations[handle] as number) % 2 === 1) handles[count++] = handle;
  return handles;
}

// --- moving columns ---------------------------------------------------------------------------------------------

type Words = Uint32Array | Uint16Array | Uint8Array;

/** Record-sized runs of words: `target[slots[j]] = source[order[j]]`, `per` words per record. Three copies, one per word type, keep each loop monomorphic. */
function gather32(target: Uint32Array, source: Uint32Array, order: Uint32Array, slots: Uint32Array, per: number): void {
  if (per === 1) for (let j = 0; j < order.length; j++) target[slots[j] as number] = source[order[j] as number] as number;
  else for (let j = 0; j < order.length; j++) for (let e = 0, from = (order[j] as number) * per, to = (slots[j] as number) * per; e < per; e++) target[to + e] = source[from + e] as number;
}
function gather16(target: Uint16Array, source: Uint16Array, order: Uint32Array, slots: Uint32Array, per: number): void {
  if (per === 1) for (let j = 0; j < order.length; j++) target[slots[j] as number] = source[order[j] as number] as number;
  else for (let j = 0; j < order.length; j++) for (let e = 0, from = (order[j] as number) * per, to = (slots[j] as number) * per; e < per; e++) target[to + e] = source[from + e] as number;
}
function gather8(target: Uint8Array, source: Uint8Array, order: Uint32Array, slots: Uint32Array, per: number): void {
  if (per === 1) for (let j = 0; j < order.length; j++) target[slots[j] as number] = source[order[j] as number] as number;
  else for (let j = 0; j < order.length; j++) for (let e = 0, from = (order[j] as number) * per, to = (slots[j] as number) * per; e < per; e++) target[to + e] = source[from + e] as number;
}

/** A column as words of the widest size that divides its per-record width, over `count` records. */
function wordsOf(column: ColumnArray, recordBytes: number, count: number): { words: Words; per: number } {
  const { buffer, byteOffset } = column;
  if (recordBytes % 4 === 0) return { words: new Uint32Array(buffer, byteOffset, (count * recordBytes) / 4), per: recordBytes / 4 };
  if (recordBytes % 2 === 0) return { words: new Uint16Array(buffer, byteOffset, (count * recordBytes) / 2), per: recordBytes / 2 };
  return { words: new Uint8Array(buffer, byteOffset, count * recordBytes), per: recordBytes };
}

/**
 * Permutes every column so that slot `targets[j]` holds what slot `order[j]` held, and zeroes every other slot
 * below `end` (free slots hold zeros). Compaction's orders (`order` and `targets` increasing, each
 * `targets[j] <= order[j]`) are moved in place; others go through one scratch buffer reused for every column.
 */
function moveColumns(parts: ReorderParts, order: Uint32Array, targets: Uint32Array, end: number, ascending: boolean): void {
  const { fields, columns } = parts;
  let scratch: ArrayBuffer | undefined;
  if (!ascending) {
    let largest = 0;
    fields.forEach((field, k) => (largest = Math.max(largest, end * field.length * (columns[k] as ColumnArray).BYTES_PER_ELEMENT)));
    scratch = new ArrayBuffer(largest);
  }
  fields.forEach((field, k) => {
    const column = columns[k] as ColumnArray;
    const { words, per } = wordsOf(column, field.length * column.BYTES_PER_ELEMENT, end);
    let source = words;
    if (scratch !== undefined) {
      source = new (words.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => Words)(scratch, 0, words.length);
      source.set(words);
    }
    if (words instanceof Uint32Array) gather32(words, source as Uint32Array, order, targets, per);
    else if (words instanceof Uint16Array) gather16(words, source as Uint16Array, order, targets, per);
    else gather8(words, source as Uint8Array, order, targets, per);
    // Zero what no record landed on: retired slots skipped among the targets (rare), then everything past them.
    let next = 0;
    for (let j = 0; j < targets.length; j++) {
      const slot = targets[j] as number;
      if (slot !== next) words.fill(0, next * per, slot * per);
      next = slot + 1;
    }
    words.fill(0, next * per);
  });
}

/**
 * Applies `order` (old handles, in their new order; a permutation of the live handles) to the store: columns,
 * generations, free stack, then moves every cursor of the store off its record and returns the remap.
 */
function apply(parts: ReorderParts, store: object, order: Uint32Array, ascending: boolean): Int32Array {
  const { slots, columns, compiled, holder, structName } = parts;
  const end = slots.end;
  // Reference fields linked to this very store: their references follow the records they name.
  const links = (holder as unknown as { links: unknown[] }).links;
  const selfReferences = parts.fields.flatMap((field, k) => (field.kind === 'ref' && links[k] === store ? [k] : []));
  const before = selfReferences.length === 0 ? undefined : slots.generations.slice(0, end);
  // Settle first: it is the step that can refuse (no slot left with a generation to give), writing nothing then.
  const targets = slots.settle(order, structName);
  moveColumns(parts, order, targets, Math.max(end, slots.end), ascending);
  compiled.rebind(holder, columns, slots.generations); // settle may have widened the counters
  compiled.leaveAll(holder);
  const remap = new Int32Array(end).fill(gone);
  for (let j = 0; j < order.length; j++) remap[order[j] as number] = targets[j] as number;
  if (before !== undefined) {
    for (const k of selfReferences) followMoves(columns[k] as Float64Array, targets, before, remap, slots.generations);
  }
  return remap;
}

/**
 * Rewrites the references in a reference column that points into the reordered store itself: each one that named
 * a live record before the move names the same record at its new slot afterwards. Stale ones stay stale.
 */
function followMoves(column: Float64Array, targets: Uint32Array, before: GenerationArray, remap: Int32Array, after: GenerationArray): void {
  for (let k = 0; k < targets.length; k++) {
    const j = targets[k] as number;
    const reference = column[j] as number;
    if (reference === 0) continue;
    const slot = resolveReference('', before, before.length, reference);
    if (slot >= 0) {
      const moved = remap[slot] as number;
      column[j] = makeReference(moved, after[moved] as number);
    }
  }
}

/** Refuses stores too large for an Int32Array remap (more than 2^31 - 1 slots in use). */
function checkRemappable(parts: ReorderParts, method: string): void {
  if (parts.slots.end > 0x7fff_ffff) {
    throw new RangeError(`${parts.structName} store.${method}: ${parts.slots.end} slots in use is more than a remap (Int32Array) can index`);
  }
}

/** `store.compact()`: live records move down, keeping their order, so that `end === size`. */
export function compact(parts: ReorderParts, store: object): Int32Array {
  checkRemappable(parts, 'compact');
  const order = liveHandles(parts.slots);
  return apply(parts, store, order, true);
}

// --- sort by one field --------------------------------------------------------------------------------------------

/** The field `store.sort(name)` sorts by and its column; throws for an unknown field or one that has no order. */
function fieldByName(parts: ReorderParts, name: string): { field: FieldInfo; column: ColumnArray } {
  const index = parts.fields.findIndex((field) => field.name === name);
  const field = parts.fields[index];
  if (field === undefined) {
    throw new TypeError(
      `${parts.structName} store.sort: no field ${describe(name)}; its fields are ${parts.fields.map((f) => f.name).join(', ')}`,
    );
  }
  if (field.vector || field.kind === 'utf8' || field.kind === 'ref') {
    throw new TypeError(
      `${parts.structName} store.sort: cannot sort by ${field.name} (${field.vector ? `[${field.kind}, ${field.length}]` : field.kind}); sort by a scalar, bool or enum field, or pass a comparator`,
    );
  }
  return { field, column: parts.columns[index] as ColumnArray };
}

/**
 * Fills `pairs` (two u32 per live record) with each live handle and its 32-bit key, such that comparing the
 * keys as unsigned integers orders the records. Floats: sign-flipped bits, -0 as +0, every NaN greatest.
 */
function packKeys(field: FieldInfo, column: ColumnArray, slots: Slots, pairs: Uint32Array, descending: boolean): void {
  const { generations } = slots;
  const end = slots.end;
  const flip = descending ? 0xffff_ffff : 0;
  let at = 0;
  const put = (handle: number, key: number): void => {
    pairs[at + handleWord] = handle;
    pairs[at + keyWord] = (key ^ flip) >>> 0;
    at += 2;
  };
  if (field.storage === 'f32') {
    const bits = new Uint32Array(column.buffer, column.byteOffset, column.length);
    for (let handle = 0; handle < end; handle++) {
      if ((generations[handle] as number) % 2 !== 1) continue;
      let b = bits[handle] as number;
      if ((b & 0x7fff_ffff) > 0x7f80_0000) b = 0xffff_ffff; // NaN, whatever its sign and payload: after +Infinity
      else if (b === 0x8000_0000) b = 0x8000_0000; // -0 gets the key of +0 (0 | 0x8000_0000): they tie
      else b = b >= 0x8000_0000 ? ~b : b | 0x8000_0000;
      put(handle, b);
    }
  } else if (field.storage === 'i8' || field.storage === 'i16' || field.storage === 'i32') {
    const values = column as Int8Array | Int16Array | Int32Array;
    for (let handle = 0; handle < end; handle++) if ((generations[handle] as number) % 2 === 1) put(handle, (values[handle] as number) ^ 0x8000_0000);
  } else {
    const values = column as Uint8Array | Uint16Array | Uint32Array; // u8 u16 u32, bool, enum member indexes
    for (let handle = 0; handle < end; handle++) if ((generations[handle] as number) % 2 === 1) put(handle, values[handle] as number);
  }
}

/** Live handles sorted by a 64-bit field (f64, u64, i64): a typed-array sort of handles comparing the column. */
function sortBy64(column: Float64Array | BigInt64Array | BigUint64Array, slots: Slots, descending: boolean): Uint32Array {
  const handles = liveHandles(slots);
  const sign = descending ? -1 : 1;
  if (column instanceof Float64Array) {
    handles.sort((a, b) => {
      const x = column[a] as number;
      const y = column[b] as number;
      if (x < y) return -sign;
      if (x > y) return sign;
      const xNaN = x !== x;
      if (xNaN !== (y !== y)) return xNaN ? sign : -sign; // NaN is greatest
      return a - b;
    });
  } else {
    handles.sort((a, b) => {
      const x = column[a] as bigint;
      const y = column[b] as bigint;
      return x < y ? -sign : x > y ? sign : a - b;
    });
  }
  return handles;
}

/** Reads and checks sort's direction argument. */
function readDirection(structName: string, direction: unknown): boolean {
  if (direction === undefined || direction === 'ascending') return false;
  if (direction === 'descending') return true;
  const message = `${structName} store.sort: the order must be 'ascending' or 'descending'; got ${describe(direction)}`;
  throw typeof direction === 'string' ? new RangeError(message) : new TypeError(message);
}

/**
 * `store.sort(field, direction)`: a stable physical sort by one scalar, bool or enum field, that never makes a
 * view. Keys of up to 32 bits are packed with their handle into one 64-bit integer (key high, handle low) and
 * sorted by the engine's native typed-array sort: ties fall back to handle order, which makes it stable.
 */
export function sortByField(parts: ReorderParts, store: object, name: unknown, directionArgument: unknown): Int32Array {
  if (typeof name !== 'string') throw new TypeError(`${parts.structName} store.sort: expected a field name or a comparator; got ${describe(name)}`);
  const descending = readDirection(parts.structName, directionArgument);
  const { field, column } = fieldByName(parts, name);
  checkRemappable(parts, 'sort');
  let order: Uint32Array;
  if (column instanceof Float64Array || column instanceof BigInt64Array || column instanceof BigUint64Array) {
    order = sortBy64(column, parts.slots, descending);
  } else {
    const size = parts.slots.size;
    const pairs = new Uint32Array(size * 2);
    packKeys(field, column, parts.slots, pairs, descending);
    new BigUint64Array(pairs.buffer).sort();
    order = new Uint32Array(size);
    for (let j = 0; j < size; j++) order[j] = pairs[2 * j + handleWord] as number;
  }
  return apply(parts, store, order, false);
}

// --- sort by comparator -------------------------------------------------------------------------------------------

/**
 * `store.sort(compare)`: a stable physical sort by a comparator over records. The comparator gets the records
 * of two cursors (reused objects, not views: keep handles, not them). It runs before anything moves: if it
 * throws, the store is as it was. If it adds, deletes or reorders records, the sort throws a RangeError and
 * reorders nothing (the comparator's own changes stay).
 */
export function sortByComparator<S extends Schema>(
  parts: ReorderParts,
  store: object,
  compare: (a: ViewOf<S>, b: ViewOf<S>) => number,
  makeCursor: () => Cursor<S>,
): Int32Array {
  const { slots, structName } = parts;
  checkRemappable(parts, 'sort');
  const end = slots.end;
  const size = slots.size;
  const before = slots.generations.slice(0, end);
  const handles = liveHandles(slots);
  const left = makeCursor();
  const right = makeCursor();
  try {
    handles.sort((a, b) => {
      const result = compare(left.moveTo(a), right.moveTo(b));
      if (typeof result !== 'number') {
        throw new TypeError(`${structName} store.sort: the comparator must return a number; got ${describe(result)}`);
      }
      if (result !== result) throw new RangeError(`${structName} store.sort: the comparator returned NaN`);
      return result === 0 ? a - b : result;
    });
  } finally {
    // A record the comparator kept shows no record afterwards, whatever happened.
    left.reset();
    right.reset();
  }
  const after = slots.generations;
  let changed = slots.end !== end || slots.size !== size;
  for (let handle = 0; handle < end && !changed; handle++) changed = after[handle] !== before[handle];
  if (changed) {
    throw new RangeError(`${structName} store.sort: the comparator added, deleted or moved records; nothing was reordered`);
  }
  return apply(parts, store, handles, false);
}
