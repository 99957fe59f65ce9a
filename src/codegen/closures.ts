/**
 * The code generator's fallback for engines that refuse `new Function`: a page or browser extension whose
 * Content-Security-Policy has no 'unsafe-eval', or Node run with `--disallow-code-generation-from-strings`.
 *
 * It builds the same classes as the generated source (source.ts, cursor.ts, vector.ts, fields.ts), which is its
 * specification: the same values, checks, errors and messages, stale detection, cursor and iteration rules,
 * read-once staging of vector values, `__slots__` guard, class names, property order and console output. Each
 * struct gets its own classes, made by class declarations evaluated inside `closureStruct`, so their private
 * fields are new names per struct exactly as in generated code; the accessors that need those names are made in
 * a loop over the fields inside each class's static block, which alone can reach them.
 *
 * What it cannot copy is the one thing eval was for: code of its own per struct. Every struct's getters share
 * the functions below, and with them V8's type feedback, so a field access does a few more loads (the column
 * comes from an array in the holder, `$.columns[k]`, since a property name cannot be a variable without a
 * keyed lookup that measured 3.6-9.2x slower) and its sites turn polymorphic once several structs or column
 * types pass through them. The README's "Strict CSP" section gives what that costs, measured.
 *
 * The holder keeps its columns in one array rather than as c0..cN properties, and the dead holders a cursor's
 * record points at throw from that array's getter; nothing else differs from the generated code.
 */
import { type ScalarType, scalarKinds } from '../kinds';
import type { FieldInfo } from '../schema';
import type { GenerationArray, Slots } from '../slots';
import type { CodegenRuntime, CompiledStruct } from './index';

/** A column as this file indexes it: any typed array, read and written as unknown. */
interface Column {
  [index: number]: unknown;
  fill(value: unknown, start: number, end: number): unknown;
  subarray(start: number, end: number): ArrayLike<unknown>;
}

/** The holder of the fallback: a store's slots, generation counters, cursors and columns by field index. */
interface ClosureHolder {
  readonly slots: Slots;
  gen: GenerationArray;
  readonly cursors: WeakRef<CursorRecordState>[];
  readonly columns: Column[];
  /** The store each reference field points into, by field index (set by store.link; read by references.ts). */
  readonly links: unknown[];
  /** What the shared cursor methods need of the struct. */
  readonly struct: StructInfo;
}

/** What the shared cursor code needs of a struct: its name, dead holders and dead columns (see cursor.ts). */
interface StructInfo {
  readonly name: string;
  readonly nowhere: ClosureHolder;
  readonly deleted: ClosureHolder;
  readonly nowhereColumn: object;
  readonly deletedColumn: object;
  readonly deadHandle: (structName: string, handle: unknown) => Error;
}

/** The properties a cursor's record keeps its state in (see cursor.ts for what each holds and why these names). */
interface CursorRecordState {
  readonly '#s': ClosureHolder;
  '#h': ClosureHolder;
  '#i': number;
  '#r': number;
  '#n': number;
  '#e': number;
  [column: `#${number}`]: unknown;
}

type Inspect = (value: unknown, options: unknown) => string;

/**
 * True when `value` does NOT fit scalar type `type`: the same tests, in the same order, as `rejectCondition`
 * in kinds.ts (test/closures.test.ts checks that they agree). `typeof` first, so no `valueOf` ever runs.
 */
export const rejects: Readonly<Record<ScalarType, (value: unknown) => boolean>> = {
  u8: (v) => typeof v !== 'number' || (v & 0xff) !== v,
  u16: (v) => typeof v !== 'number' || (v & 0xffff) !== v,
  u32: (v) => typeof v !== 'number' || v >>> 0 !== v,
  i8: (v) => typeof v !== 'number' || (v << 24) >> 24 !== v,
  i16: (v) => typeof v !== 'number' || (v << 16) >> 16 !== v,
  i32: (v) => typeof v !== 'number' || (v | 0) !== v,
  f32: (v) => typeof v !== 'number' || (Math.abs(v) >= 3.4028235677973366e38 && Math.abs(v) !== Infinity),
  f64: (v) => typeof v !== 'number',
  bool: (v) => typeof v !== 'boolean',
  u64: (v) => typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn,
  i64: (v) => typeof v !== 'bigint' || v < -0x8000000000000000n || v > 0x7fffffffffffffffn,
};

// How each field is read and written; chosen once per field, switched on in the shared code.
const NUMBER = 0; // number and bigint scalars: the column holds the value
const BOOL = 1;
const ENUM = 2;
const UTF8 = 3;
const VECTOR = 4;
const REF = 5; // a reference: the column holds a number from store.ref, 0 for none

function codeOf(field: FieldInfo): number {
  if (field.vector) return VECTOR;
  if (field.kind === 'ref') return REF;
  return field.kind === 'bool' ? BOOL : field.kind === 'enum' ? ENUM : field.kind === 'utf8' ? UTF8 : NUMBER;
}

/** Gives methods defined by `Object.defineProperty` the attributes a class body gives them. */
function defineMethod(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: false, configurable: true });
}

/** Gives accessors the attributes a class body gives them. */
function defineAccessors(target: object, key: PropertyKey, pair: { get?: () => unknown; set?: (value: unknown) => void }): void {
  Object.defineProperty(target, key, { ...pair, enumerable: false, configurable: true });
}

/** The getter and setter functions of `key` in an object literal (so they are methods named `get key`, `set key`). */
function accessorsOf(literal: object, key: string): { get: () => unknown; set: (value: unknown) => void } {
  const { get, set } = Object.getOwnPropertyDescriptor(literal, key) as { get: () => unknown; set: (value: unknown) => void };
  return { get, set };
}

// Methods on a view prototype are made read-only: a writable one would let `view.toString = 1` create an own
// property on the view instead of reaching the __slots__ guard.
function sealMethods(prototype: object): void {
  for (const name of Reflect.ownKeys(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
    if ('value' in descriptor) Object.defineProperty(prototype, name, { writable: false });
  }
}

// A relative index as Array.prototype.fill reads it: negative counts from the end, clamped to 0 .. length.
function relative(index: unknown, fallback: number, length: number): number {
  if (index === undefined) return fallback;
  const e = Math.trunc(index as number) || 0;
  return e < 0 ? Math.max(length + e, 0) : Math.min(e, length);
}

function fail(error: Error): never {
  throw error;
}

const hasOwnProperty = Object.prototype.hasOwnProperty;
const getPrototypeOf = Object.getPrototypeOf;
const ObjectPrototype = Object.prototype;

// The private state of cursors and stores lives in these shared base classes, declared once, rather than in
// classes made per struct: a private name is a new key each time its class is evaluated, and a code path shared
// by every struct (all of this file's) that meets two keys turns megamorphic. With per-struct private names, a
// cursor loop over one struct ran 12-15x slower once a second struct's cursor had been used (350-500 ms against
// 30 ms per 1,000,000 records); with these, as fast as with one struct. Each struct's class extends its base and
// has its prototype re-pointed, so the prototype chain is the generated code's. Views and vector views cannot do
// the same: V8 11.3 does not inline a derived class's constructor, and a view made through one was allocated,
// 4-5x slower per get(h) (measured in a minimal class), so they keep private fields of their own per struct.
/** A cursor's state: one literal, so that every cursor of every struct shares its hidden class. */
interface CursorState {
  readonly holder: ClosureHolder;
  readonly record: CursorRecordState;
  readonly result: { value: CursorRecordState; done: boolean };
}

// A cursor's record's passes, as cursor.ts generates them (see there for the states): shared by every struct.
// The column keys are made once: a template string per access allocated at every pass's start and end.
const columnKeys: `#${number}`[] = [];
/** The clock of the fence's switch, taken at load (see the generated source's `counted`). */
const clock: () => number =
  typeof performance === 'object' && typeof performance.now === 'function' ? performance.now.bind(performance) : Date.now;

/** The clock's time, or NaN if it throws: a replaced clock (fake timers) must not replace the error being thrown. */
function clockNow(): number {
  try {
    return clock();
  } catch {
    return Number.NaN;
  }
}

function columnKey(k: number): `#${number}` {
  return columnKeys[k] ?? (columnKeys[k] = `#${k}`);
}
function attach(r: CursorRecordState, $: ClosureHolder): void {
  r['#h'] = $;
  for (let k = 0; k < $.columns.length; k++) r[columnKey(k)] = $.columns[k];
}
function leaveFor(r: CursorRecordState, dead: ClosureHolder, column: object): void {
  r['#h'] = dead;
  for (let k = 0; k < r['#s'].columns.length; k++) r[columnKey(k)] = column;
}
function leave(r: CursorRecordState): void {
  r['#e'] = -1;
  r['#i'] = -1;
  r['#r'] = 0;
  leaveFor(r, r['#s'].struct.nowhere, r['#s'].struct.nowhereColumn);
}
function step(r: CursorRecordState): boolean {
  const i = r['#i'] + 1;
  r['#i'] = i;
  return i < r['#r'] || more(r);
}
function more(r: CursorRecordState): boolean {
  const $ = r['#s'],
    slots = $.slots;
  let end = r['#e'],
    i: number;
  if (end < 0) {
    end = slots.end;
    r['#e'] = end;
    i = 0;
  } else i = r['#r'] < 0 ? r['#n'] : r['#i'];
  let run = end;
  // A store without holes (below the pass's end) is one run: nothing to scan.
  if (slots.size !== slots.end || end > slots.end) {
    i = liveFrom($.gen, i, end);
    run = runEnd($.gen, i + 1, end);
  }
  if (i >= end) {
    leave(r);
    return false;
  }
  r['#i'] = i;
  r['#r'] = run;
  if (r['#h'] !== $) attach(r, $);
  return true;
}
// The scans are functions of their own, as in cursor.ts (a loop inside more() deoptimized on every call).
function liveFrom(gen: GenerationArray, i: number, end: number): number {
  while (i < end && ((gen[i] as number) & 1) === 0) i++;
  return i;
}
function runEnd(gen: GenerationArray, i: number, end: number): number {
  while (i < end && ((gen[i] as number) & 1) !== 0) i++;
  return i;
}
function park(r: CursorRecordState, h: number): void {
  if (r['#r'] >= 0) r['#n'] = r['#i'] + 1;
  r['#r'] = -1;
  r['#i'] = h;
  if (r['#h'] !== r['#s']) attach(r, r['#s']);
}
// A store calls this when it deletes slot h (h < 0: clears, compacts or sorts), for the cursors made on it.
function leaveDeleted(cursors: WeakRef<CursorRecordState>[], h: number): void {
  let kept = 0;
  for (let c = 0; c < cursors.length; c++) {
    const r = (cursors[c] as WeakRef<CursorRecordState>).deref();
    if (r === undefined) continue;
    // A record that cannot be written (a user froze it) is dropped, as in cursor.ts.
    try {
      const i = r['#i'],
        run = r['#r'],
        struct = r['#s'].struct;
      if (r['#h'] !== struct.nowhere && (h < 0 || i === h)) leaveFor(r, struct.deleted, struct.deletedColumn);
      if (h < 0) {
        if (run > 0) r['#r'] = 0;
      } else if (h >= i && h < run) r['#r'] = h > i ? h : i + 1;
      cursors[kept++] = cursors[c] as WeakRef<CursorRecordState>;
    } catch {
      // dropped
    }
  }
  cursors.length = kept;
}
// A store calls this when it replaced its columns (growth): records on a record see the new ones.
function reattach(cursors: WeakRef<CursorRecordState>[], $: ClosureHolder): void {
  for (let c = 0; c < cursors.length; c++) {
    const r = (cursors[c] as WeakRef<CursorRecordState>).deref();
    if (r === undefined || r['#h'] !== $) continue;
    try {
      attach(r, $);
    } catch {
      // a frozen record stays as it is
    }
  }
}

/**
 * Base of every cursor class, with cursor.ts's methods; what differs per struct comes from the holder's `struct`.
 * Its state is one private field holding a literal rather than several private fields: each private access is a
 * load keyed by the private name, megamorphic once a few structs' cursor classes reach it (six structs: ~3x
 * slower loops with five fields), while the state's own properties stay monomorphic.
 */
class ClosureCursor {
  #state: CursorState;
  constructor($: ClosureHolder, record: CursorRecordState) {
    this.#state = { holder: $, record, result: { value: record, done: false } };
    // Weakly held, so a cursor made per frame by mistake costs garbage, not a leak.
    $.cursors.push(new WeakRef(record));
  }
  get record(): CursorRecordState {
    return this.#state.record;
  }
  get handle(): number {
    const state = this.#state,
      r = state.record;
    return r['#h'] === state.holder ? r['#i'] : -1;
  }
  moveTo(h: number): CursorRecordState {
    const state = this.#state,
      $ = state.holder;
    if (typeof h !== 'number' || h >>> 0 !== h || (($.gen[h] as number) & 1) === 0) fail($.struct.deadHandle($.struct.name, h));
    park(state.record, h);
    return state.record;
  }
  advance(): boolean {
    return step(this.#state.record);
  }
  reset(): void {
    leave(this.#state.record);
  }
  // for...of over a cursor hands out its record, in one reused result object: nothing is allocated.
  [Symbol.iterator](): this {
    this.reset();
    return this;
  }
  next(): { value: CursorRecordState; done: boolean } {
    const r = this.#state.result;
    r.done = !this.advance();
    return r;
  }
  return(): { value: CursorRecordState; done: boolean } {
    this.reset();
    const r = this.#state.result;
    r.done = true;
    return r;
  }
}

type StoreBaseClass = new (parts: unknown) => { grow(): void; refuseIfAttached(method: string): void };
let storeHolder: (store: object) => ClosureHolder;
const closureStores = new WeakMap<object, StoreBaseClass>();
/** Base of every store class of the fallback: `StoreBase` (store.ts) with the holder as a private field. Made once. */
function closureStoreOf(StoreBase: StoreBaseClass): StoreBaseClass {
  let made = closureStores.get(StoreBase);
  if (made === undefined) {
    made = class ClosureStore extends StoreBase {
      #columns: ClosureHolder;
      constructor(parts: unknown) {
        super(parts);
        this.#columns = (parts as { holder: ClosureHolder }).holder;
      }
      static {
        storeHolder = (store) => (store as InstanceType<typeof this>).#columns;
      }
    };
    closureStores.set(StoreBase, made);
  }
  return made;
}

/** Builds a struct's store class and helpers from closures: `compileStruct` without `new Function`. */
export function closureStruct(runtime: CodegenRuntime): CompiledStruct {
  const { fields, structName: NAME, viewPrototype, vectorPrototypes, memberIndexes, utf8Fits, encodeUtf8, decodeUtf8, named, inspectSymbol } =
    runtime;
  const { invalidValue, invalidVector, corruptEnum, staleView, deletedUnderCursor, cursorMovedDuringWrite, deadHandle, unknownField, notAnObject, notAFunction } =
    runtime;
  const referenceValue = runtime.referenceValue as unknown as ($: ClosureHolder, k: number, value: unknown) => number;
  const referenceTarget = runtime.referenceTarget as unknown as ($: ClosureHolder, k: number, reference: number) => unknown;
  /** Reference field k of record i: the target's view, or null for none or a target that is gone. */
  const target = (k: number, $: ClosureHolder, i: number): unknown => {
    const r = ($.columns[k] as Column)[i] as number;
    return r === 0 ? null : referenceTarget($, k, r);
  };
  const count = fields.length;
  const codes = fields.map(codeOf);
  const lengths = fields.map((field) => field.length);
  const zeros = fields.map((field) => (scalarKinds[field.storage].jsType === 'bigint' ? 0n : 0));
  const bigints = fields.map((field) => scalarKinds[field.storage].jsType === 'bigint');
  const fieldIndexes = new Map(fields.map((field, k) => [field.name, k]));
  const names = fields.map((field) => field.name);
  // Field names are internalized strings, so comparing is a pointer test: a scan of a few names beat a Map lookup.
  const fieldIndexOf =
    count <= 16
      ? (key: string): number => {
          for (let k = 0; k < count; k++) if (names[k] === key) return k;
          return -1;
        }
      : (key: string): number => fieldIndexes.get(key) ?? -1;

  const invalid = (k: number, v: unknown, e?: number): never => {
    throw counted(invalidValue(NAME, fields[k] as FieldInfo, v, e));
  };
  const invalidArrayLike = (k: number, v: unknown): never => {
    throw invalidVector(NAME, fields[k] as FieldInfo, v);
  };
  // What a view accessor's error branch stores before it throws, so that optimised code holds a deopt there and
  // no call, until errors come 1,000 within a second (see `fenced` in fields.ts and the generated source's `fence`).
  const FENCE = new Float64Array(1);
  // No prototype, so that a Symbol.toPrimitive or valueOf on Object.prototype never runs here (see source.ts).
  const fence = { value: Object.assign(Object.create(null) as object, { valueOf: () => 0 }) as unknown as number };
  let thrown = 0;
  let since = -Infinity;
  const counted = (error: Error): Error => {
    if (++thrown === 1000) {
      const now = clockNow();
      if (now - since < 1000) fence.value = 0;
      thrown = 0;
      since = Number.isNaN(now) ? -Infinity : now;
    }
    return error;
  };
  const stale = (i: number, g: number): never => {
    throw counted(staleView(NAME, i, g));
  };

  /** Field k's check: returns what the column stores (an enum's member index, 0 or 1 for a bool) or throws. */
  const checks = fields.map((field, k): ((v: unknown) => unknown) => {
    switch (field.kind) {
      case 'enum': {
        const indexes = memberIndexes[k] as ReadonlyMap<string, number>;
        return (v) => {
          const index = typeof v === 'string' ? indexes.get(v) : undefined;
          if (index === undefined) {
            FENCE[0] = fence.value;
            invalid(k, v);
          }
          return index;
        };
      }
      case 'utf8': {
        const size = field.length;
        return (v) => {
          if (!utf8Fits(v, size)) {
            FENCE[0] = fence.value;
            invalid(k, v);
          }
          return v;
        };
      }
      case 'bool':
        return (v) => {
          if (typeof v !== 'boolean') {
            FENCE[0] = fence.value;
            invalid(k, v);
          }
          return v ? 1 : 0;
        };
      case 'ref':
        return (v) => v; // never called: a reference's check needs the holder (referenceValue)
      default: {
        const reject = rejects[field.kind];
        return (v) => {
          if (reject(v)) {
            FENCE[0] = fence.value;
            invalid(k, v);
          }
          return v;
        };
      }
    }
  });
  /** What `add` stores for a missing field: 0, 0n, false (0), '' or the first member (index 0). */
  const initials = fields.map((field, k): unknown => (field.kind === 'utf8' ? '' : zeros[k]));

  const member = (k: number, $: ClosureHolder, i: number): string => {
    const s = (fields[k] as FieldInfo).members[$.columns[k]?.[i] as number];
    if (s === undefined) fail(corruptEnum(NAME, fields[k] as FieldInfo, ($.columns[k] as Column)[i] as number, i));
    return s;
  };

  // One staging array per vector field, so a whole-vector write reads each element once without allocating.
  // Re-entrant use (an element getter that writes the same field elsewhere) or an error that skipped release()
  // finds it busy and gets a fresh array, which becomes the pooled one.
  const pools = fields.map((field, k) => (field.vector ? { busy: false, array: new Array<unknown>(field.length).fill(zeros[k]) } : undefined));
  const staging = (k: number): unknown[] => {
    const pool = pools[k] as { busy: boolean; array: unknown[] };
    if (pool.busy) pool.array = new Array<unknown>(pool.array.length).fill(pool.array[0]);
    pool.busy = true;
    return pool.array;
  };
  const release = (k: number, array: unknown[]): void => {
    const pool = pools[k] as { busy: boolean; array: unknown[] };
    if (pool.array === array) pool.busy = false;
  };
  /** Reads `value`'s elements once each into field k's staging array, checking each, before anything is written. */
  const stageVector = (k: number, value: unknown): unknown[] => {
    const n = lengths[k] as number;
    const reject = rejects[(fields[k] as FieldInfo).kind as ScalarType];
    const array = value as ArrayLike<unknown> | null | undefined;
    if (array == null || array.length !== n) invalidArrayLike(k, value);
    const staged = staging(k);
    for (let e = 0; e < n; e++) {
      const x = (array as ArrayLike<unknown>)[e];
      if (reject(x)) invalid(k, x, e);
      staged[e] = x;
    }
    return staged;
  };
  /** Copies a staged vector into record i of field k, then hands the staging array back. */
  const writeStaged = ($: ClosureHolder, k: number, i: number, staged: unknown[]): void => {
    const n = lengths[k] as number;
    const o = i * n,
      c = $.columns[k] as Column;
    for (let e = 0; e < n; e++) c[o + e] = staged[e];
    release(k, staged);
  };

  /** Field k of record i as `plain` (json: bigints as decimal strings) gives it. */
  const plainValue = ($: ClosureHolder, k: number, i: number, json: boolean): unknown => {
    const c = $.columns[k] as Column;
    switch (codes[k]) {
      case VECTOR: {
        const n = lengths[k] as number;
        const array = Array.from(c.subarray(i * n, i * n + n));
        return json && bigints[k] ? array.map(String) : array;
      }
      case BOOL:
        return c[i] !== 0;
      case ENUM:
        return member(k, $, i);
      case REF:
        return c[i] || null; // the reference number; 0 means none
      case UTF8:
        return decodeUtf8(c as unknown as Uint8Array, i * (lengths[k] as number), lengths[k] as number);
      default:
        return json && bigints[k] ? String(c[i]) : c[i];
    }
  };
  const plain = ($: ClosureHolder, i: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let k = 0; k < count; k++) out[(fields[k] as FieldInfo).name] = plainValue($, k, i, false);
    return out;
  };
  const json = ($: ClosureHolder, i: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let k = 0; k < count; k++) out[(fields[k] as FieldInfo).name] = plainValue($, k, i, true);
    return out;
  };

  // A store's state. Every holder of every struct shares one hidden class.
  const holder = (columns: readonly unknown[], generations: GenerationArray, slots: Slots): ClosureHolder => ({
    slots,
    gen: generations,
    cursors: [],
    links: [],
    columns: columns.slice() as Column[],
    struct: structInfo,
  });
  const rebind = ($: ClosureHolder, columns: readonly unknown[], generations: GenerationArray): void => {
    $.gen = generations;
    for (let k = 0; k < count; k++) $.columns[k] = columns[k] as Column;
    if ($.cursors.length !== 0) reattach($.cursors, $);
  };

  // store.columns: read-only, enumerable getters over the holder (a class, for the reason given in source.ts).
  let columnDescriptors: PropertyDescriptorMap = {};
  class Columns {
    #h: ClosureHolder;
    constructor(h: ClosureHolder) {
      this.#h = h;
      Object.defineProperties(this, columnDescriptors);
    }
    static {
      const descriptors: PropertyDescriptorMap = {};
      fields.forEach((field, k) => {
        descriptors[field.name] = {
          get() {
            return (this as Columns).#h.columns[k];
          },
          enumerable: true,
        };
      });
      columnDescriptors = descriptors;
    }
  }
  Object.defineProperty(Columns, 'name', { value: `${NAME}Columns` });
  const columnsObject = (h: ClosureHolder): Record<string, unknown> => Object.freeze(new Columns(h)) as unknown as Record<string, unknown>;

  type VectorClass = new ($: ClosureHolder, i: number, g: number) => object;

  /** The view class of vector field k (vector.ts is its specification). */
  function vectorClass(field: FieldInfo, k: number): VectorClass {
    const n = field.length;
    const label = `${NAME}.${field.name}`;
    const reject = rejects[field.kind as ScalarType];
    const bigint = bigints[k] as boolean;
    let read: (view: object, index: number) => unknown = () => undefined;
    let write: (view: object, index: number, value: unknown) => void = () => undefined;
    const made = {
      [label]: class {
        #columns: ClosureHolder;
        #handle: number;
        #generation: number;
        constructor(s: ClosureHolder, i: number, g: number) {
          this.#columns = s;
          this.#handle = i;
          this.#generation = g;
        }
        // Element e for the index Proxy, checked like every other access. Closures, not static methods, so that
        // nobody reaches them through vector.constructor.
        static {
          type Self = InstanceType<typeof this>;
          read = (view, e) => {
            const self = view as Self;
            const $ = self.#columns,
              i = self.#handle;
            if ($.gen[i] !== self.#generation) {
              FENCE[0] = fence.value;
              stale(i, self.#generation);
            }
            return ($.columns[k] as Column)[i * n + e];
          };
          write = (view, e, x) => {
            if (reject(x)) invalid(k, x, e);
            const self = view as Self;
            const $ = self.#columns,
              i = self.#handle;
            if ($.gen[i] !== self.#generation) {
              FENCE[0] = fence.value;
              stale(i, self.#generation);
            }
            ($.columns[k] as Column)[i * n + e] = x;
          };
        }
        get length(): number {
          return n;
        }
        at(index: unknown): unknown {
          // Index conversion may run user code (valueOf): it happens before the live check, never between check and read.
          let e = Math.trunc(index as number) || 0;
          if (e < 0) e += n;
          const $ = this.#columns,
            i = this.#handle;
          if ($.gen[i] !== this.#generation) {
            FENCE[0] = fence.value;
            stale(i, this.#generation);
          }
          return e >= 0 && e < n ? ($.columns[k] as Column)[i * n + e] : undefined;
        }
        fill(v: unknown, start?: unknown, end?: unknown): this {
          if (reject(v)) {
            FENCE[0] = fence.value;
            invalid(k, v);
          }
          const from = relative(start, 0, n),
            to = relative(end, n, n);
          const $ = this.#columns,
            i = this.#handle;
          if ($.gen[i] !== this.#generation) {
            FENCE[0] = fence.value;
            stale(i, this.#generation);
          }
          for (let e = from; e < to; e++) ($.columns[k] as Column)[i * n + e] = v;
          return this;
        }
        #copy(): unknown[] {
          const $ = this.#columns,
            i = this.#handle;
          if ($.gen[i] !== this.#generation) {
            FENCE[0] = fence.value;
            stale(i, this.#generation);
          }
          const out = new Array<unknown>(n);
          for (let e = 0; e < n; e++) out[e] = ($.columns[k] as Column)[i * n + e];
          return out;
        }
        indexOf(x: unknown, from?: number): number {
          const a = this.#copy();
          return a.indexOf(x, from);
        }
        includes(x: unknown, from?: number): boolean {
          const a = this.#copy();
          return a.includes(x, from);
        }
        *[Symbol.iterator](): Generator<unknown, void, undefined> {
          const $ = this.#columns,
            i = this.#handle;
          if ($.gen[i] !== this.#generation) {
            FENCE[0] = fence.value;
            stale(i, this.#generation);
          }
          for (let e = 0; e < n; e++) {
            if ($.gen[i] !== this.#generation) {
              FENCE[0] = fence.value;
              stale(i, this.#generation);
            }
            yield ($.columns[k] as Column)[i * n + e];
          }
        }
        toJSON(): unknown[] {
          const a = this.#copy();
          return bigint ? a.map(String) : a;
        }
        toString(): string {
          return this.#copy().join(',');
        }
        get [Symbol.toStringTag](): string {
          return label;
        }
        [inspectSymbol](_depth: number, options: unknown, inspect: Inspect): string {
          const $ = this.#columns,
            i = this.#handle;
          if ($.gen[i] !== this.#generation) return `${field.name} <deleted>`;
          return inspect(this.#copy(), options);
        }
      },
    }[label] as unknown as VectorClass;
    Object.setPrototypeOf(made.prototype, (vectorPrototypes[k] as NonNullable<(typeof vectorPrototypes)[number]>)(read, write));
    sealMethods(made.prototype);
    return made;
  }
  const Vectors = fields.map((field, k) => (field.vector ? vectorClass(field, k) : undefined));

  let locate: ($: ClosureHolder, v: unknown) => number = () => -1;
  class View {
    #columns: ClosureHolder;
    #handle: number;
    #generation: number;
    constructor(s: ClosureHolder, i: number, g: number) {
      this.#columns = s;
      this.#handle = i;
      this.#generation = g;
    }
    static {
      type Self = InstanceType<typeof this>;
      const prototype = this.prototype;
      // In field order, then the methods, as a class body would define them (source.ts).
      fields.forEach((field, k) => {
        const name = field.name;
        const code = codes[k];
        const check = checks[k] as (v: unknown) => unknown;
        const n = field.length;
        // Each accessor starts with the live check: read the view's state, throw if its record is gone. The
        // setter checks the value before the record, as generated code does: the check runs no user code.
        const literal =
          code === VECTOR
            ? {
                get [name](): unknown {
                  const self = this as unknown as Self;
                  const $ = self.#columns,
                    i = self.#handle;
                  if ($.gen[i] !== self.#generation) {
                    FENCE[0] = fence.value;
                    stale(i, self.#generation);
                  }
                  return new (Vectors[k] as VectorClass)($, i, self.#generation);
                },
                set [name](v: unknown) {
                  const staged = stageVector(k, v);
                  const self = this as unknown as Self;
                  const $ = self.#columns,
                    i = self.#handle;
                  if ($.gen[i] !== self.#generation) {
                    FENCE[0] = fence.value;
                    stale(i, self.#generation);
                  }
                  writeStaged($, k, i, staged);
                },
              }
            : code === REF
              ? {
                  get [name](): unknown {
                    const self = this as unknown as Self;
                    const $ = self.#columns,
                      i = self.#handle;
                    if ($.gen[i] !== self.#generation) {
                      FENCE[0] = fence.value;
                      stale(i, self.#generation);
                    }
                    return target(k, $, i);
                  },
                  set [name](v: unknown) {
                    // The value is turned into a reference before the live check; that runs no user code (references.ts).
                    const self = this as unknown as Self;
                    const r = referenceValue(self.#columns, k, v);
                    const $ = self.#columns,
                      i = self.#handle;
                    if ($.gen[i] !== self.#generation) {
                      FENCE[0] = fence.value;
                      stale(i, self.#generation);
                    }
                    ($.columns[k] as Column)[i] = r;
                  },
                }
              : code === UTF8
              ? {
                  get [name](): unknown {
                    const self = this as unknown as Self;
                    const $ = self.#columns,
                      i = self.#handle;
                    if ($.gen[i] !== self.#generation) {
                      FENCE[0] = fence.value;
                      stale(i, self.#generation);
                    }
                    return decodeUtf8($.columns[k] as unknown as Uint8Array, i * n, n);
                  },
                  set [name](v: unknown) {
                    const text = check(v) as string;
                    const self = this as unknown as Self;
                    const $ = self.#columns,
                      i = self.#handle;
                    if ($.gen[i] !== self.#generation) {
                      FENCE[0] = fence.value;
                      stale(i, self.#generation);
                    }
                    encodeUtf8(text, $.columns[k] as unknown as Uint8Array, i * n, n);
                  },
                }
              : {
                  get [name](): unknown {
                    const self = this as unknown as Self;
                    const $ = self.#columns,
                      i = self.#handle;
                    if ($.gen[i] !== self.#generation) {
                      FENCE[0] = fence.value;
                      stale(i, self.#generation);
                    }
                    return code === NUMBER ? ($.columns[k] as Column)[i] : code === BOOL ? ($.columns[k] as Column)[i] !== 0 : member(k, $, i);
                  },
                  set [name](v: unknown) {
                    const stored = check(v);
                    const self = this as unknown as Self;
                    const $ = self.#columns,
                      i = self.#handle;
                    if ($.gen[i] !== self.#generation) {
                      FENCE[0] = fence.value;
                      stale(i, self.#generation);
                    }
                    ($.columns[k] as Column)[i] = stored;
                  },
                };
        defineAccessors(prototype, name, accessorsOf(literal, name));
      });
      const methods = {
        toJSON(): unknown {
          const self = this as unknown as Self;
          const $ = self.#columns,
            i = self.#handle;
          if ($.gen[i] !== self.#generation) {
            FENCE[0] = fence.value;
            stale(i, self.#generation);
          }
          return json($, i);
        },
        toString(): string {
          const self = this as unknown as Self;
          const $ = self.#columns,
            i = self.#handle;
          return $.gen[i] === self.#generation ? `${NAME} #${i}` : `${NAME} #${i} <deleted>`;
        },
        [inspectSymbol](_depth: number, options: unknown, inspect: Inspect): string {
          const self = this as unknown as Self;
          const $ = self.#columns,
            i = self.#handle;
          if ($.gen[i] !== self.#generation) return `${NAME} <deleted>`;
          return inspect(named(plain($, i)), options);
        },
      };
      for (const key of Reflect.ownKeys(methods)) defineMethod(prototype, key, methods[key as keyof typeof methods]);
      // The handle a live view of holder $ is on, or -1 for anything else: what a reference field's setter needs.
      // Reads private fields only, so it runs no user code.
      locate = ($, v) =>
        typeof v === 'object' && v !== null && #columns in v && (v as Self).#columns === $ && $.gen[(v as Self).#handle] === (v as Self).#generation
          ? (v as Self).#handle
          : -1;
    }
  }
  Object.setPrototypeOf(View.prototype, viewPrototype);
  Object.defineProperty(View, 'name', { value: NAME });
  sealMethods(View.prototype);

  // The holders a cursor's record points at when it is on no record: reading their columns throws.
  const deadHolder = (error: () => Error): ClosureHolder =>
    Object.freeze(
      Object.create(null, {
        columns: {
          get() {
            fail(error());
          },
        },
      }),
    ) as ClosureHolder;
  const NOWHERE = deadHolder(() => staleView(NAME, -1, -1));
  const DELETED = deadHolder(() => deletedUnderCursor(NAME));

  const deadColumn = (error: () => Error): object =>
    new Proxy(Object.freeze([]), {
      get: () => fail(error()),
      set: () => fail(error()),
      has: () => fail(error()),
    });
  const NOWHERE_COLUMN = deadColumn(() => staleView(NAME, -1, -1));
  const DELETED_COLUMN = deadColumn(() => deletedUnderCursor(NAME));

  class CursorRecord {
    // Defined, not assigned, so they do not reach the __slots__ guard at the end of the chain; not enumerable,
    // so they stay out of Object.keys. The same properties as cursor.ts's records.
    constructor($: ClosureHolder) {
      const state: PropertyDescriptorMap = {
        '#s': { value: $ },
        '#h': { value: NOWHERE, writable: true },
        '#i': { value: -1, writable: true },
        '#r': { value: 0, writable: true },
        '#n': { value: 0, writable: true },
        '#e': { value: -1, writable: true },
      };
      for (let k = 0; k < count; k++) state[columnKey(k)] = { value: NOWHERE_COLUMN, writable: true };
      Object.defineProperties(this, state);
    }
  }
  {
    const prototype = CursorRecord.prototype;
    // The smallest accessors, as cursor.ts makes them: no generation check (the store moves the record to a
    // dead holder when its record is deleted).
    fields.forEach((field, k) => {
      const name = field.name;
      const ownColumn = columnKey(k);
      const code = codes[k];
      const check = checks[k] as (v: unknown) => unknown;
      const n = field.length;
      const literal =
        code === VECTOR
          ? {
              get [name](): unknown {
                const $ = (this as unknown as CursorRecordState)['#h'],
                  i = (this as unknown as CursorRecordState)['#i'];
                void $.columns; // throws on no record
                return new (Vectors[k] as VectorClass)($, i, $.gen[i] as number);
              },
              set [name](v: unknown) {
                const before = (this as unknown as CursorRecordState)['#h'],
                  at = (this as unknown as CursorRecordState)['#i'];
                const staged = stageVector(k, v);
                // Element getters may have deleted the record: the holder is read after them (a dead holder throws).
                // If they moved the cursor, the write is refused rather than sent to another record (as cursor.ts).
                const $ = (this as unknown as CursorRecordState)['#h'],
                  i = (this as unknown as CursorRecordState)['#i'];
                void $.columns;
                if ($ !== before || i !== at) fail(cursorMovedDuringWrite(NAME));
                writeStaged($, k, i, staged);
              },
            }
          : code === REF
            ? {
                get [name](): unknown {
                  // The column is read first: on no record the dead holder throws before anything else happens.
                  const $ = (this as unknown as CursorRecordState)['#h'],
                    i = (this as unknown as CursorRecordState)['#i'];
                  void $.columns;
                  return target(k, $, i);
                },
                set [name](v: unknown) {
                  const $ = (this as unknown as CursorRecordState)['#h'],
                    c = $.columns[k] as Column;
                  c[(this as unknown as CursorRecordState)['#i']] = referenceValue($, k, v);
                },
              }
            : code === UTF8
            ? {
                get [name](): unknown {
                  const $ = (this as unknown as CursorRecordState)['#h'];
                  return decodeUtf8($.columns[k] as unknown as Uint8Array, (this as unknown as CursorRecordState)['#i'] * n, n);
                },
                set [name](v: unknown) {
                  const text = check(v) as string,
                    $ = (this as unknown as CursorRecordState)['#h'];
                  encodeUtf8(text, $.columns[k] as unknown as Uint8Array, (this as unknown as CursorRecordState)['#i'] * n, n);
                },
              }
            : {
                // Through the record's own column, as in cursor.ts: a dead one throws.
                get [name](): unknown {
                  const record = this as unknown as CursorRecordState;
                  return code === NUMBER
                    ? (record[ownColumn] as Column)[record['#i']]
                    : code === BOOL
                      ? (record[ownColumn] as Column)[record['#i']] !== 0
                      : member(k, record['#h'], record['#i']);
                },
                set [name](v: unknown) {
                  // The value is checked first, then stored.
                  const record = this as unknown as CursorRecordState;
                  const stored = check(v);
                  (record[ownColumn] as Column)[record['#i']] = stored;
                },
              };
      defineAccessors(prototype, name, accessorsOf(literal, name));
    });
    const methods = {
      toJSON(): unknown {
        const $ = (this as unknown as CursorRecordState)['#h'];
        void $.columns; // throws on no record
        return json($, (this as unknown as CursorRecordState)['#i']);
      },
      toString(): string {
        const $ = (this as unknown as CursorRecordState)['#h'];
        return $ === NOWHERE || $ === DELETED ? `${NAME} cursor <on no record>` : `${NAME} cursor #${(this as unknown as CursorRecordState)['#i']}`;
      },
      [inspectSymbol](_depth: number, options: unknown, inspect: Inspect): string {
        const $ = (this as unknown as CursorRecordState)['#h'];
        if ($ === NOWHERE || $ === DELETED) return `${NAME} cursor <on no record>`;
        return inspect(named(plain($, (this as unknown as CursorRecordState)['#i'])), options);
      },
    };
    for (const key of Reflect.ownKeys(methods)) defineMethod(prototype, key, methods[key as keyof typeof methods]);
  }
  Object.setPrototypeOf(CursorRecord.prototype, viewPrototype);
  Object.defineProperty(CursorRecord, 'name', { value: NAME });
  sealMethods(CursorRecord.prototype);

  // Called by clear(): every cursor of the store leaves its record.
  const leaveAll = ($: ClosureHolder): void => {
    if ($.cursors.length !== 0) leaveDeleted($.cursors, -1);
  };

  class Cursor extends ClosureCursor {
    constructor($: ClosureHolder) {
      super($, new CursorRecord($) as unknown as CursorRecordState);
    }
  }
  // The shared methods, on the struct's own prototype, which (as in generated code) inherits from Object.prototype.
  for (const key of Reflect.ownKeys(ClosureCursor.prototype)) {
    if (key !== 'constructor') Object.defineProperty(Cursor.prototype, key, Object.getOwnPropertyDescriptor(ClosureCursor.prototype, key) as PropertyDescriptor);
  }
  Object.setPrototypeOf(Cursor.prototype, Object.prototype);
  Object.defineProperty(Cursor, 'name', { value: `${NAME}Cursor` });
  const structInfo: StructInfo = { name: NAME, nowhere: NOWHERE, deleted: DELETED, nowhereColumn: NOWHERE_COLUMN, deletedColumn: DELETED_COLUMN, deadHandle };

  const zero = ($: ClosureHolder, h: number): void => {
    for (let k = 0; k < count; k++) {
      const n = lengths[k] as number;
      if (n === 1) ($.columns[k] as Column)[h] = zeros[k];
      else ($.columns[k] as Column).fill(zeros[k], h * n, (h + 1) * n);
    }
  };

  // add() reads every value into one array before checking any: pooled like the vector staging arrays (busy
  // when re-entered from a getter of the init object, or after an error skipped the release).
  const valuesPool = { busy: false, array: new Array<unknown>(count).fill(undefined) };

  const StoreBase = runtime.StoreBase as unknown as StoreBaseClass;
  class Store extends closureStoreOf(StoreBase) {
    constructor(parts: { holder: ClosureHolder }) {
      super(parts);
    }

    get(h: number): object {
      const $ = storeHolder(this);
      if (typeof h !== 'number' || h >>> 0 !== h) fail(deadHandle(NAME, h));
      const g = $.gen[h] as number;
      if ((g & 1) === 0) fail(deadHandle(NAME, h));
      return new View($, h, g);
    }

    add(init?: unknown): number {
      const $ = storeHolder(this);
      let values = valuesPool.array;
      if (valuesPool.busy) values = valuesPool.array = new Array<unknown>(count).fill(undefined);
      // A loop, not values.fill(undefined): Chromium 156 ran 1,000,000 adds in 635 ms with fill, 177 ms without.
      else for (let k = 0; k < count; k++) values[k] = undefined;
      valuesPool.busy = true;
      // Each value is read once, here, before any check or write: getters and Proxies run only now.
      if (init !== undefined) {
        if (init === null || typeof init !== 'object') fail(notAnObject(NAME, init));
        const proto: unknown = getPrototypeOf(init);
        if (proto !== ObjectPrototype && proto !== null) fail(notAnObject(NAME, init));
        for (const key in init) {
          const k = fieldIndexOf(key);
          if (k >= 0) {
            if (hasOwnProperty.call(init, key)) values[k] = (init as Record<string, unknown>)[key];
          } else if (hasOwnProperty.call(init, key)) fail(unknownField(NAME, fields, key));
        }
      }
      // Checked in field order; a vector's elements are read once into its staging array.
      for (let k = 0; k < count; k++) {
        const v = values[k];
        if (codes[k] === VECTOR) {
          if (v !== undefined) values[k] = stageVector(k, v);
        } else if (v === undefined) values[k] = initials[k];
        else values[k] = codes[k] === REF ? referenceValue($, k, v) : (checks[k] as (v: unknown) => unknown)(v);
      }
      let h = $.slots.allocate();
      if (h < 0) {
        this.grow();
        h = $.slots.allocate();
      }
      for (let k = 0; k < count; k++) {
        const column = $.columns[k] as Column,
          stored = values[k];
        switch (codes[k]) {
          case VECTOR: {
            const n = lengths[k] as number;
            if (stored === undefined) column.fill(zeros[k], h * n, (h + 1) * n);
            else writeStaged($, k, h, stored as unknown[]);
            break;
          }
          case UTF8:
            encodeUtf8(stored as string, column as unknown as Uint8Array, h * (lengths[k] as number), lengths[k] as number);
            break;
          default:
            column[h] = stored;
        }
      }
      if (valuesPool.array === values) valuesPool.busy = false;
      return h;
    }

    delete(h: number): boolean {
      const $ = storeHolder(this);
      if ($.slots.attached) this.refuseIfAttached('delete');
      if (typeof h !== 'number' || h >>> 0 !== h || (($.gen[h] as number) & 1) === 0) return false;
      zero($, h);
      $.slots.release(h);
      $.gen = $.slots.generations; // release may have widened the counters
      if ($.cursors.length !== 0) leaveDeleted($.cursors, h);
      return true;
    }

    forEach(fn: unknown): void {
      if (typeof fn !== 'function') fail(notAFunction(NAME, 'forEach', fn));
      const $ = storeHolder(this),
        end = $.slots.end;
      // Records added during the loop are past the end it read at the start; a record deleted before the loop
      // reaches it is skipped, since the generation is read at each step.
      for (let h = 0; h < end; h++) {
        const g = $.gen[h] as number;
        if ((g & 1) !== 0) (fn as (view: object, h: number, store: this) => void)(new View($, h, g), h, this);
      }
    }

    cursor(): Cursor {
      return new Cursor(storeHolder(this));
    }

    [Symbol.iterator](): Iterator {
      return new Iterator(storeHolder(this));
    }
  }
  Object.setPrototypeOf(Store.prototype, StoreBase.prototype);
  Object.defineProperty(Store, 'name', { value: `${NAME}Store` });

  // The iterator of source.ts: one return, always a view (of no record, generation -1, once done).
  class Iterator {
    declare holder: ClosureHolder;
    declare next_: number;
    declare end: number;
    constructor($: ClosureHolder) {
      this.holder = $;
      this.next_ = 0;
      this.end = $.slots.end;
    }
    next(): { value: View; done: boolean } {
      const $ = this.holder,
        gen = $.gen,
        end = this.end;
      let h = this.next_,
        g = 0;
      while (h < end && ((g = gen[h] as number) & 1) === 0) h++;
      const done = h >= end;
      this.next_ = done ? end : h + 1;
      return { value: new View($, h, done ? -1 : g), done };
    }
    [Symbol.iterator](): this {
      return this;
    }
  }
  Object.defineProperty(Iterator, 'name', { value: `${NAME}Iterator` });

  const made = { Store, holder, rebind, leaveAll, columnsObject, plain, json, locate };
  return {
    ...(made as unknown as Omit<CompiledStruct, 'source'>),
    source: `// slotted: struct ${NAME} built from closures (this engine refuses new Function), so there is no generated source\n`,
  };
}
