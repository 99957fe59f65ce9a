/**
 * Code generation: compiles a struct's fields into its view class, its cursor class and the hot methods of its
 * stores.
 *
 * Generated per struct, not shared between structs, because V8 optimises a property access by the shapes and
 * functions it has seen at that spot: code shared by every struct turns megamorphic (~6x slower) once a program
 * has a few structs. Not per store either: a new class per store made every call site that sees several stores
 * of one struct polymorphic (adding 262,144 records into a fresh store per pass measured 7.7 ms against 3.4 ms
 * into a reused one) and compiled a function per store. A store's columns live in its holder object, which the
 * store and each of its views point to. Every source carries a unique comment, since V8 caches identical
 * `new Function` sources and would otherwise share one function, and its type feedback, between structs.
 */
import type { ColumnArray } from '../kinds';
import type { FieldInfo } from '../schema';
import type { GenerationArray, Slots } from '../slots';
import { closureStruct } from './closures';
import { generate } from './source';

/** What generated code is handed. */
export interface CodegenRuntime {
  readonly structName: string;
  readonly fields: readonly FieldInfo[];
  /** The class the generated store class extends. */
  readonly StoreBase: abstract new (...args: never[]) => object;
  /** Prototype of every view of this struct (ends in the `__slots__` guard). */
  readonly viewPrototype: object;
  /** Makes the prototype for a vector field's element views from its element reader and writer, by field index. */
  readonly vectorPrototypes: readonly (
    | ((read: (view: object, index: number) => unknown, write: (view: object, index: number, value: unknown) => void) => object)
    | undefined
  )[];
  /** Enum member to index, by field index (others undefined). */
  readonly memberIndexes: readonly (ReadonlyMap<string, number> | undefined)[];
  readonly invalidValue: (structName: string, field: FieldInfo, value: unknown, index?: number) => Error;
  readonly invalidVector: (structName: string, field: FieldInfo, value: unknown) => Error;
  readonly corruptEnum: (structName: string, field: FieldInfo, stored: number, handle?: number) => Error;
  readonly staleView: (structName: string, handle: number, generation: number) => Error;
  readonly deletedUnderCursor: (structName: string) => Error;
  readonly cursorMovedDuringWrite: (structName: string) => Error;
  readonly deadHandle: (structName: string, handle: unknown) => Error;
  readonly unknownField: (structName: string, fields: readonly FieldInfo[], key: string) => Error;
  readonly notAnObject: (structName: string, value: unknown) => Error;
  readonly notAFunction: (structName: string, method: string, value: unknown) => Error;
  readonly utf8Fits: (value: unknown, size: number) => boolean;
  readonly encodeUtf8: (text: string, bytes: Uint8Array, offset: number, size: number) => void;
  readonly decodeUtf8: (bytes: Uint8Array, offset: number, size: number) => string;
  readonly named: (plain: object) => object;
  readonly inspectSymbol: symbol;
  /** A reference field's setter: the number to store for a view, reference or null, or throws. */
  readonly referenceValue: (holder: Holder, field: number, value: unknown) => number;
  /** A reference field's getter for a non-zero reference: the target record's view, or null once it is gone. */
  readonly referenceTarget: (holder: Holder, field: number, reference: number) => unknown;
}

/** One store's state as generated code reads it: its slots, generation counters and one column per field. */
export interface Holder {
  readonly __holder: never;
}

/** What compiling a struct yields. */
export interface CompiledStruct {
  /** The store class, a subclass of `StoreBase` with the hot methods generated; its constructor takes the store's parts. */
  readonly Store: new (...args: never[]) => unknown;
  /** Makes a store's holder from its columns in field order. */
  holder(columns: readonly ColumnArray[], generations: GenerationArray, slots: Slots): Holder;
  /** Moves every cursor of a holder's store off its record (after `clear`). */
  leaveAll(holder: Holder): void;
  /** Points a holder at new columns or generation counters (after growth or widening). */
  rebind(holder: Holder, columns: readonly ColumnArray[], generations: GenerationArray): void;
  /** The public `store.columns` object of a holder: read-only getters of the holder's current columns. */
  columnsObject(holder: Holder): Record<string, ColumnArray>;
  /** Record `handle` as a plain object (bigints kept). */
  plain(holder: Holder, handle: number): Record<string, unknown>;
  /** Record `handle` as JSON-ready data (bigints as decimal strings). */
  json(holder: Holder, handle: number): Record<string, unknown>;
  /** The handle a live view of this holder's store is on, or -1 for any other value. */
  locate(holder: Holder, value: unknown): number;
  /** The generated source, for contributors (`npm run source`). */
  readonly source: string;
}

let compiled = 0;

/**
 * How structs are compiled: `'generated'` (source text run by `new Function`: the fast path), `'closures'` (the
 * same classes built from closures, for engines that refuse `new Function`), or `'auto'`: generated when the
 * engine allows it. Starts as the `SLOTTED_CODEGEN` environment variable in Node (`closures` or `generated`),
 * else `'auto'`.
 */
export type CodegenMode = 'auto' | 'generated' | 'closures';

let mode: CodegenMode = modeFromEnvironment();
let evalAllowed: boolean | undefined;

function modeFromEnvironment(): CodegenMode {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const requested = environment?.SLOTTED_CODEGEN;
  return requested === 'closures' || requested === 'generated' ? requested : 'auto';
}

/**
 * Chooses how the structs defined from now on are compiled. Internal (not exported by the package): tests use
 * it to run under the closures fallback where `new Function` works.
 */
export function setCodegenMode(next: CodegenMode): void {
  mode = next;
}

/** The mode structs are compiled in now (`'auto'` resolved): what `defineStruct` would use. */
export function codegenMode(): 'generated' | 'closures' {
  return mode === 'closures' || (mode === 'auto' && !canGenerate()) ? 'closures' : 'generated';
}

/**
 * Whether `new Function` works here, tried once, at the first struct (a script cannot read the page's policy).
 * Under a Content-Security-Policy without 'unsafe-eval' it throws an EvalError; Chromium 156 logs nothing to the
 * console for it (test/browser/csp-chromium.ts), though the policy's reporting endpoint, if any, gets a report.
 */
function canGenerate(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function('return 1')() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

/**
 * Whether `error`, thrown by `new Function`, means eval was allowed for the trial and is refused now (a policy set
 * after the first struct): then every later compilation falls back to closures, and so should the caller's.
 */
export function evalRefused(error: unknown): boolean {
  if (!(error instanceof EvalError) || mode !== 'auto') return false;
  evalAllowed = false;
  return true;
}

/** Compiles a struct's view class and store class; done once per struct. */
export function compileStruct(runtime: CodegenRuntime): CompiledStruct {
  if (codegenMode() === 'closures') return closureStruct(runtime);
  const id = ++compiled;
  const source = generate(runtime, id);
  let build: (runtime: CodegenRuntime) => Omit<CompiledStruct, 'source'>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the schema compiler's whole point
    build = new Function('runtime', source) as typeof build;
  } catch (error) {
    if (!evalRefused(error)) throw error;
    return closureStruct(runtime);
  }
  return { ...build(runtime), source };
}
