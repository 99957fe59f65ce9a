/**
 * Bulk loading: many records into a store at once (`store.addMany`), and whole columns into a fresh store (the
 * internal hook `slotted/arrow` builds stores with).
 *
 * `addMany` works in two passes. The first reads every record's values exactly once, checks them and writes them
 * into staging columns of its own, never into the store: user code (getters, array-likes) runs only in this pass,
 * and whatever it does, a bad record leaves the store as it was. The second pass runs no user code: it makes room
 * once (one growth to the size needed, not a doubling per full store), takes the slots and copies the staging
 * columns in with `TypedArray.prototype.set`. The first pass is generated per struct, like `add`, so its property
 * reads stay monomorphic.
 */
import { describe } from './describe';
import { invalidValue, invalidVector, notAnObject, unknownField } from './errors';
import type { ColumnArray } from './kinds';
import { rejectCondition, scalarKinds } from './kinds';
import type { FieldInfo } from './schema';
import { retiredGeneration, type Slots } from './slots';
import { encodeUtf8, utf8Fits } from './utf8';
import { codegenMode } from './codegen/index';
import { rejects } from './codegen/closures';

/** The largest capacity a store can have (slots are addressed by u32 handles). */
const maxCapacity = 0xffff_ffff;

/** Reads, checks and stages `count` records; throws for the first bad one. Generated per struct. */
type Stage = (records: ArrayLike<unknown>, count: number, staging: readonly ColumnArray[]) => void;

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
}

let compiled = 0;
const stages = new WeakMap<readonly FieldInfo[], Stage>();

/** Puts `error`'s class and message behind "Struct.addMany: record i:". */
function atRecord(structName: string, index: number, error: Error): Error {
  const Class = error instanceof RangeError ? RangeError : TypeError;
  return new Class(`${structName}.addMany: record ${index}: ${error.message}`);
}

function stageField(field: FieldInfo, k: number): string {
  const n = field.length;
  const column = `s${k}`;
  const v = `v${k}`;
  if (field.vector) {
    return `if (${v} !== undefined) {
      if (${v} == null || ${v}.length !== ${n}) badVector(i, ${k}, ${v});
      const o = i * ${n};
      for (let e = 0; e < ${n}; e++) { const x = ${v}[e]; if (${rejectCondition(field.storage, 'x')}) bad(i, ${k}, x, e); ${column}[o + e] = x; }
    }`;
  }
  switch (field.kind) {
    case 'enum':
      return `if (${v} !== undefined) { const x = typeof ${v} === 'string' ? indexes${k}.get(${v}) : undefined; if (x === undefined) bad(i, ${k}, ${v}); ${column}[i] = x; }`;
    case 'utf8':
      return `if (${v} !== undefined) { if (!utf8Fits(${v}, ${n})) bad(i, ${k}, ${v}); encodeUtf8(${v}, ${column}, i * ${n}, ${n}); }`;
    case 'bool':
      return `if (${v} !== undefined) { if (typeof ${v} !== 'boolean') bad(i, ${k}, ${v}); ${column}[i] = ${v} ? 1 : 0; }`;
    default:
      return `if (${v} !== undefined) { if (${rejectCondition(field.storage, v)}) bad(i, ${k}, ${v}); ${column}[i] = ${v}; }`;
  }
}

function compileStage(structName: string, fields: readonly FieldInfo[]): Stage {
  // Records are read as `add` reads them: a plain object (prototype Object.prototype or null), its own
  // enumerable properties only, each value read once, in the object's key order, before any check. Staging
  // columns start zeroed, which is every field's default (0, false, '', the first enum member), so a missing
  // field writes nothing.
  // hasOwnProperty.call rather than Object.hasOwn: V8 (Node 20) optimizes the former inside for-in and not the
  // latter: the key loop over 100,000 five-field records took 5-8 ms against 15-19 ms with Object.hasOwn.
  const reads = fields.map((field, k) => `case ${JSON.stringify(field.name)}: if (hasOwnProperty.call(r, key)) v${k} = r[key]; break;`).join(' ');
  const source = `"use strict";
// slotted: addMany of struct ${structName} #${++compiled}
const { fields, indexes, utf8Fits, encodeUtf8, bad, badVector, badKey, badRecord } = runtime;
const hasOwnProperty = Object.prototype.hasOwnProperty, getPrototypeOf = Object.getPrototypeOf, ObjectPrototype = Object.prototype;
${fields.map((field, k) => (field.kind === 'enum' ? `const indexes${k} = indexes[${k}];` : '')).join('\n')}
return function stage(records, count, staging) {
  ${fields.map((_, k) => `const s${k} = staging[${k}];`).join(' ')}
  for (let i = 0; i < count; i++) {
    const r = records[i];
    if (r === null || typeof r !== 'object') badRecord(i, r);
    const proto = getPrototypeOf(r);
    if (proto !== ObjectPrototype && proto !== null) badRecord(i, r);
    ${fields.map((_, k) => `let v${k};`).join(' ')}
    for (const key in r) switch (key) { ${reads} default: if (hasOwnProperty.call(r, key)) badKey(i, key); }
    ${fields.map(stageField).join('\n    ')}
  }
};`;
  const fail = (index: number, error: Error): never => {
    throw atRecord(structName, index, error);
  };
  const runtime = {
    fields,
    indexes: fields.map((field) => (field.kind === 'enum' ? new Map(field.members.map((member, index) => [member, index])) : undefined)),
    utf8Fits,
    encodeUtf8,
    bad: (index: number, k: number, value: unknown, element?: number) =>
      fail(index, invalidValue(structName, fields[k] as FieldInfo, value, element)),
    badVector: (index: number, k: number, value: unknown) => fail(index, invalidVector(structName, fields[k] as FieldInfo, value)),
    badKey: (index: number, key: string) => fail(index, unknownField(structName, fields, key)),
    badRecord: (index: number, value: unknown) => fail(index, notAnObject(structName, value)),
  };
  if (codegenMode() === 'closures') return closureStage(fields, runtime);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated per struct, as codegen.ts does
  return new Function('runtime', source)(runtime) as Stage;
}

/** What a stage reports refusals through (the generated and the closure stage alike). */
interface StageRuntime {
  readonly indexes: readonly (ReadonlyMap<string, number> | undefined)[];
  bad(index: number, k: number, value: unknown, element?: number): never;
  badVector(index: number, k: number, value: unknown): never;
  badKey(index: number, key: string): never;
  badRecord(index: number, value: unknown): never;
}

/**
 * The stage built from closures, for engines that refuse `new Function` (a strict Content-Security-Policy): the
 * same reads, in the same order, and the same checks as the generated one, a few times slower.
 */
function closureStage(fields: readonly FieldInfo[], runtime: StageRuntime): Stage {
  const byName = new Map(fields.map((field, k) => [field.name, k]));
  const hasOwnProperty = Object.prototype.hasOwnProperty;
  const stageValue = fields.map((field, k): ((value: unknown, i: number, column: ColumnArray) => void) => {
    const n = field.length;
    const reject = rejects[field.storage];
    if (field.vector) {
      return (value, i, column) => {
        const vector = value as ArrayLike<unknown> | null;
        if (vector == null || vector.length !== n) runtime.badVector(i, k, value);
        for (let e = 0; e < n; e++) {
          const x = (vector as ArrayLike<unknown>)[e];
          if (reject(x)) runtime.bad(i, k, x, e);
          (column as unknown as unknown[])[i * n + e] = x;
        }
      };
    }
    switch (field.kind) {
      case 'enum': {
        const indexes = runtime.indexes[k] as ReadonlyMap<string, number>;
        return (value, i, column) => {
          const x = typeof value === 'string' ? indexes.get(value) : undefined;
          if (x === undefined) runtime.bad(i, k, value);
          column[i] = x as never;
        };
      }
      case 'utf8':
        return (value, i, column) => {
          if (!utf8Fits(value, n)) runtime.bad(i, k, value);
          encodeUtf8(value as string, column as Uint8Array, i * n, n);
        };
      case 'bool':
        return (value, i, column) => {
          if (typeof value !== 'boolean') runtime.bad(i, k, value);
          column[i] = (value ? 1 : 0) as never;
        };
      default:
        return (value, i, column) => {
          if (reject(value)) runtime.bad(i, k, value);
          column[i] = value as never;
        };
    }
  });
  return (records, count, staging) => {
    const values: unknown[] = new Array(fields.length);
    for (let i = 0; i < count; i++) {
      const record = records[i];
      if (record === null || typeof record !== 'object') runtime.badRecord(i, record);
      const proto: unknown = Object.getPrototypeOf(record);
      if (proto !== Object.prototype && proto !== null) runtime.badRecord(i, record);
      for (let k = 0; k < values.length; k++) values[k] = undefined;
      for (const key in record as object) {
        const k = byName.get(key);
        if (!hasOwnProperty.call(record, key)) continue;
        if (k === undefined) runtime.badKey(i, key);
        values[k] = (record as Record<string, unknown>)[key];
      }
      for (let k = 0; k < values.length; k++) {
        if (values[k] !== undefined) (stageValue[k] as (value: unknown, i: number, column: ColumnArray) => void)(values[k], i, staging[k] as ColumnArray);
      }
    }
  };
}

function stageOf(structName: string, fields: readonly FieldInfo[]): Stage {
  let stage = stages.get(fields);
  if (stage === undefined) {
    stage = compileStage(structName, fields);
    stages.set(fields, stage);
  }
  return stage;
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
  refuseIfNoRoom(target, count);
  const staging = fields.map((field) => new scalarKinds[field.storage].array(count * field.length));
  stageOf(structName, fields)(records, count, staging);

  // No user code runs from here on. It did run while staging, and may have added or deleted records: check again.
  refuseIfNoRoom(target, count);
  const { slots } = target;
  const needed = capacityFor(slots, count);
  if (needed > slots.capacity) target.grow(needed);
  // Freed slots come first and are scattered; the rest are consecutive from the old end (unless retired slots
  // lie there: then every slot is taken by allocate(), which skips them), copied in one set() per run.
  const handles = new Uint32Array(count);
  if (retiredAhead(slots) === 0) {
    const scattered = Math.min(freeCount(slots), count);
    for (let i = 0; i < scattered; i++) handles[i] = slots.allocate();
    takeTail(slots, handles, scattered);
  } else {
    for (let i = 0; i < count; i++) handles[i] = slots.allocate();
  }
  const columns = target.columns;
  fields.forEach((field, k) => {
    const column = columns[k] as ColumnArray;
    const staged = staging[k] as ColumnArray;
    const n = field.length;
    for (let i = 0; i < count; ) {
      let j = i + 1;
      while (j < count && handles[j] === (handles[j - 1] as number) + 1) j++;
      if (j - i === 1 && n === 1) column[handles[i] as number] = staged[i] as never;
      else column.set(staged.subarray(i * n, j * n) as never, (handles[i] as number) * n);
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
