/**
 * Code generation: compiles a struct's fields into its view class and the hot methods of its stores.
 *
 * Generated per struct, not shared between structs, because V8 optimises a property access by the shapes and
 * functions it has seen at that spot: code shared by every struct turns megamorphic (~6x slower) once a program
 * has a few structs. Not per store either: a new class per store made every call site that sees several stores
 * of one struct polymorphic (adding 262,144 records into a fresh store per pass measured 7.7 ms against 3.4 ms
 * into a reused one) and compiled a function per store. A store's columns live in its holder object, which the
 * store and each of its views point to. Every source carries a unique comment, since V8 caches identical
 * `new Function` sources and would otherwise share one function, and its type feedback, between structs.
 */
import type { ColumnArray } from './kinds';
import { rejectCondition, scalarKinds } from './kinds';
import type { FieldInfo } from './schema';
import type { GenerationArray, Slots } from './slots';

/** What generated code is handed. */
export interface CodegenRuntime {
  readonly structName: string;
  readonly fields: readonly FieldInfo[];
  /** The class the generated store class extends. */
  readonly StoreBase: abstract new (...args: never[]) => object;
  /** Prototype of every view of this struct (ends in the `__slots__` guard). */
  readonly viewPrototype: object;
  /** Prototype for each vector field's element views, by field index (others undefined). */
  readonly vectorPrototypes: readonly (object | undefined)[];
  /** Enum member to index, by field index (others undefined). */
  readonly memberIndexes: readonly (ReadonlyMap<string, number> | undefined)[];
  readonly invalidValue: (structName: string, field: FieldInfo, value: unknown, index?: number) => Error;
  readonly invalidVector: (structName: string, field: FieldInfo, value: unknown) => Error;
  readonly corruptEnum: (structName: string, field: FieldInfo, stored: number) => Error;
  readonly staleView: (structName: string, handle: number) => Error;
  readonly deadHandle: (structName: string, handle: unknown) => Error;
  readonly unknownField: (structName: string, fields: readonly FieldInfo[], key: string) => Error;
  readonly notAnObject: (structName: string, value: unknown) => Error;
  readonly utf8Fits: (value: unknown, size: number) => boolean;
  readonly encodeUtf8: (text: string, bytes: Uint8Array, offset: number, size: number) => void;
  readonly decodeUtf8: (bytes: Uint8Array, offset: number, size: number) => string;
  readonly named: (plain: object) => object;
  readonly inspectSymbol: symbol;
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
  /** Points a holder at new columns or generation counters (after growth or widening). */
  rebind(holder: Holder, columns: readonly ColumnArray[], generations: GenerationArray): void;
  /** The public `store.columns` object over columns in field order: an instance of a class of this struct's own. */
  columnsObject(columns: readonly ColumnArray[]): Record<string, ColumnArray>;
  /** Record `handle` as a plain object (bigints kept). */
  plain(holder: Holder, handle: number): Record<string, unknown>;
  /** Record `handle` as JSON-ready data (bigints as decimal strings). */
  json(holder: Holder, handle: number): Record<string, unknown>;
}

let compiled = 0;

const key = (name: string): string => JSON.stringify(name);
const column = (k: number): string => `$.c${k}`;

/** Read of scalar-like field `k` at record index expression `i` (not vectors). */
function readScalar(field: FieldInfo, k: number, i: string): string {
  switch (field.kind) {
    case 'bool':
      return `${column(k)}[${i}] !== 0`;
    case 'enum':
      return `member${k}($, ${i})`;
    case 'utf8':
      return `decodeUtf8(${column(k)}, ${i} * ${field.length}, ${field.length})`;
    default:
      return `${column(k)}[${i}]`;
  }
}

/** A statement that throws unless `value` is a valid (already-typed) scalar value for field `k`. */
function checkScalar(field: FieldInfo, k: number, value: string, element?: string): string {
  const invalid = `invalid(${k}, ${value}${element === undefined ? '' : `, ${element}`})`;
  switch (field.kind) {
    case 'enum':
      // Assigns the member index to index${k}, which the caller declares.
      return `index${k} = typeof ${value} === 'string' ? indexes${k}.get(${value}) : undefined; if (index${k} === undefined) ${invalid};`;
    case 'utf8':
      return `if (!utf8Fits(${value}, ${field.length})) ${invalid};`;
    default:
      return `if (${rejectCondition(field.kind, value)}) ${invalid};`;
  }
}

/** The statement that stores an already-checked `value` into field `k` of record `i`. */
function writeScalar(field: FieldInfo, k: number, i: string, value: string): string {
  switch (field.kind) {
    case 'bool':
      return `${column(k)}[${i}] = ${value} ? 1 : 0;`;
    case 'enum':
      return `${column(k)}[${i}] = index${k};`;
    case 'utf8':
      return `encodeUtf8(${value}, ${column(k)}, ${i} * ${field.length}, ${field.length});`;
    default:
      return `${column(k)}[${i}] = ${value};`;
  }
}

const zeroOf = (field: FieldInfo): string => (scalarKinds[field.storage].jsType === 'bigint' ? '0n' : '0');

/** Throws unless `value` is an array-like of field `k`'s length whose every element is valid. */
function checkVector(field: FieldInfo, k: number, value: string): string {
  return [
    `if (${value} == null || ${value}.length !== ${field.length}) invalidArrayLike(${k}, ${value});`,
    `for (let e = 0; e < ${field.length}; e++) { const x = ${value}[e]; ${checkScalar(field, k, 'x', 'e')} }`,
  ].join('\n');
}

function writeVector(field: FieldInfo, k: number, i: string, value: string): string {
  const n = field.length;
  return `{ const o = ${i} * ${n}; for (let e = 0; e < ${n}; e++) ${column(k)}[o + e] = ${value}[e]; }`;
}

const liveCheck = 'const $ = this.#s, i = this.#i; if ($.gen[i] !== this.#g) stale(i);';

function vectorClass(field: FieldInfo, k: number): string {
  const n = field.length;
  const accessors: string[] = [];
  for (let e = 0; e < n; e++) {
    accessors.push(
      `get ${e}() { ${liveCheck} return ${column(k)}[i * ${n} + ${e}]; }`,
      `set ${e}(v) { ${liveCheck} ${checkScalar(field, k, 'v', String(e))} ${column(k)}[i * ${n} + ${e}] = v; }`,
    );
  }
  const toJson = scalarKinds[field.storage].jsType === 'bigint' ? '.map(String)' : '';
  return `
class Vector${k} {
  #s; #i; #g;
  constructor(s, i, g) { this.#s = s; this.#i = i; this.#g = g; }
  get length() { return ${n}; }
  ${accessors.join('\n  ')}
  // Indexing (v[0]) goes through accessors on the prototype, which V8 handles on a slow path (~130 ns an
  // element). at() and fill() are plain methods that inline, with the semantics of Array's methods of those names.
  at(index) {
    ${liveCheck}
    let e = Math.trunc(index) || 0;
    if (e < 0) e += ${n};
    return e >= 0 && e < ${n} ? ${column(k)}[i * ${n} + e] : undefined;
  }
  fill(v, start, end) {
    ${liveCheck}
    ${checkScalar(field, k, 'v')}
    const from = relative(start, 0, ${n}), to = relative(end, ${n}, ${n});
    for (let e = from; e < to; e++) ${column(k)}[i * ${n} + e] = v;
    return this;
  }
  *[Symbol.iterator]() { ${liveCheck} const o = i * ${n}; for (let e = 0; e < ${n}; e++) yield ${column(k)}[o + e]; }
  toJSON() { ${liveCheck} return Array.from(${column(k)}.subarray(i * ${n}, i * ${n} + ${n}))${toJson}; }
  [inspectSymbol](depth, options, inspect) {
    const $ = this.#s, i = this.#i;
    if ($.gen[i] !== this.#g) return ${key(`${field.name} <deleted>`)};
    return inspect(Array.from(${column(k)}.subarray(i * ${n}, i * ${n} + ${n})), options);
  }
}
Object.setPrototypeOf(Vector${k}.prototype, vectorPrototypes[${k}]);`;
}

function viewAccessors(field: FieldInfo, k: number): string {
  const name = key(field.name);
  if (field.vector) {
    return `
  get ${name}() { ${liveCheck} return new Vector${k}($, i, this.#g); }
  set ${name}(v) { ${liveCheck} ${checkVector(field, k, 'v')} ${writeVector(field, k, 'i', 'v')} }`;
  }
  return `
  get ${name}() { ${liveCheck} return ${readScalar(field, k, 'i')}; }
  set ${name}(v) { ${liveCheck} ${field.kind === 'enum' ? `let index${k};` : ''} ${checkScalar(field, k, 'v')} ${writeScalar(field, k, 'i', 'v')} }`;
}

function plainValue(field: FieldInfo, k: number, json: boolean): string {
  if (field.vector) {
    const array = `Array.from(${column(k)}.subarray(i * ${field.length}, i * ${field.length} + ${field.length}))`;
    return json && zeroOf(field) === '0n' ? `${array}.map(String)` : array;
  }
  const value = readScalar(field, k, 'i');
  return json && zeroOf(field) === '0n' ? `String(${value})` : value;
}

function addField(field: FieldInfo, k: number): { check: string; write: string } {
  const name = key(field.name);
  const value = `v${k}`;
  if (field.vector) {
    return {
      check: `const ${value} = init[${name}]; if (${value} !== undefined) { ${checkVector(field, k, value)} }`,
      write: `if (${value} === undefined) ${column(k)}.fill(${zeroOf(field)}, h * ${field.length}, (h + 1) * ${field.length}); else ${writeVector(field, k, 'h', value)}`,
    };
  }
  const initial = field.kind === 'bool' ? 'false' : field.kind === 'utf8' ? "''" : zeroOf(field);
  const check =
    field.kind === 'enum'
      ? `let index${k} = 0; { const v = init[${name}]; if (v !== undefined) { ${checkScalar(field, k, 'v')} } }`
      : `let ${value} = init[${name}]; if (${value} === undefined) ${value} = ${initial}; else ${checkScalar(field, k, value)}`;
  return { check, write: writeScalar(field, k, 'h', value) };
}

function generate(runtime: CodegenRuntime, id: number): string {
  const { fields, structName } = runtime;
  const enums = fields.flatMap((field, k) =>
    field.kind === 'enum'
      ? [
          `const members${k} = fields[${k}].members, indexes${k} = memberIndexes[${k}];`,
          `function member${k}($, i) { const s = members${k}[$.c${k}[i]]; if (s === undefined) fail(corruptEnum(NAME, fields[${k}], $.c${k}[i])); return s; }`,
        ]
      : [],
  );
  const adds = fields.map(addField);
  const fieldKeys = fields.map((field) => `case ${key(field.name)}:`).join(' ');
  const columnsOf = (source: string) => fields.map((_, k) => `c${k}: ${source}[${k}]`).join(', ');
  return `"use strict";
// slotted: struct ${structName} #${id}
const { StoreBase, viewPrototype, vectorPrototypes, fields, memberIndexes, invalidValue, invalidVector,
  corruptEnum, staleView, deadHandle, unknownField, notAnObject, utf8Fits, encodeUtf8, decodeUtf8, named,
  inspectSymbol } = runtime;
const NAME = ${key(structName)};
${enums.join('\n')}
// Hot code calls these rather than writing \`throw new ...\` inline: an inline \`throw new Error(...)\` in an
// accessor measured to defeat escape analysis, so every short-lived view was allocated.
function fail(error) { throw error; }
function invalid(k, v, e) { throw invalidValue(NAME, fields[k], v, e); }
function invalidArrayLike(k, v) { throw invalidVector(NAME, fields[k], v); }
function stale(i) { throw staleView(NAME, i); }
// A relative index as Array.prototype.fill reads it: negative counts from the end, clamped to 0 .. length.
function relative(index, fallback, length) {
  if (index === undefined) return fallback;
  const e = Math.trunc(index) || 0;
  return e < 0 ? Math.max(length + e, 0) : Math.min(e, length);
}

// A store's state. One literal makes every holder of this struct share a hidden class, so the hot code stays
// monomorphic however many stores there are. Column references live here rather than in \`let\` variables of a
// per-store closure: rebinding a captured \`let\` measured to defeat escape analysis (4.9 vs 3.3 ms per million
// get(h).a).
function holder(columns, generations, slots) { return { slots, gen: generations, ${columnsOf('columns')} }; }
function rebind($, columns, generations) {
  $.gen = generations;
  ${fields.map((_, k) => `${column(k)} = columns[${k}];`).join('\n  ')}
}

// store.columns is an instance of this class rather than an object literal. V8 gives literals with the same keys
// in the same order one hidden class, so a literal keyed by field names would share it with the user's own
// { x, y, ... } objects, and storing typed arrays in those fields would make V8 box the user's numbers there
// (a plain-object particle loop measured 10x slower once such an object existed).
class Columns { constructor(columns) { ${fields.map((field, k) => `this[${key(field.name)}] = columns[${k}];`).join(' ')} } }
function columnsObject(columns) { return new Columns(columns); }
${fields.map((field, k) => (field.vector ? vectorClass(field, k) : '')).join('\n')}

function plain($, i) { return { ${fields.map((field, k) => `${key(field.name)}: ${plainValue(field, k, false)}`).join(', ')} }; }
function json($, i) { return { ${fields.map((field, k) => `${key(field.name)}: ${plainValue(field, k, true)}`).join(', ')} }; }

class View {
  #s; #i; #g;
  constructor(s, i, g) { this.#s = s; this.#i = i; this.#g = g; }
  ${fields.map(viewAccessors).join('\n')}
  toJSON() { ${liveCheck} return json($, i); }
  [inspectSymbol](depth, options, inspect) {
    const $ = this.#s, i = this.#i;
    if ($.gen[i] !== this.#g) return NAME + ' <deleted>';
    return inspect(named(plain($, i)), options);
  }
}
Object.setPrototypeOf(View.prototype, viewPrototype);
Object.defineProperty(View, 'name', { value: NAME });

function zero($, h) {
  ${fields.map((field, k) => (field.length === 1 ? `${column(k)}[h] = ${zeroOf(field)};` : `${column(k)}.fill(${zeroOf(field)}, h * ${field.length}, (h + 1) * ${field.length});`)).join('\n  ')}
}

class Store extends StoreBase {
  #s;
  constructor(parts) { super(parts); this.#s = parts.holder; }

  get(h) {
    const $ = this.#s;
    if ((h >>> 0) !== h) fail(deadHandle(NAME, h));
    const g = $.gen[h];
    if ((g & 1) === 0) fail(deadHandle(NAME, h));
    return new View($, h, g);
  }

  add(init) {
    const $ = this.#s;
    if (init === undefined) init = {};
    else if (init === null || typeof init !== 'object') fail(notAnObject(NAME, init));
    else for (const k in init) switch (k) { ${fieldKeys} break; default: fail(unknownField(NAME, fields, k)); }
    ${adds.map((add) => add.check).join('\n    ')}
    let h = $.slots.allocate();
    if (h < 0) { this.grow(); h = $.slots.allocate(); }
    ${adds.map((add) => add.write).join('\n    ')}
    return h;
  }

  delete(h) {
    const $ = this.#s;
    if ($.slots.attached) this.refuseIfAttached('delete');
    if ((h >>> 0) !== h || ($.gen[h] & 1) === 0) return false;
    zero($, h);
    $.slots.release(h);
    $.gen = $.slots.generations; // release may have widened the counters
    return true;
  }

  forEach(fn) {
    const $ = this.#s;
    for (let h = 0; h < $.slots.end; h++) { const g = $.gen[h]; if ((g & 1) !== 0) fn(new View($, h, g), h, this); }
  }

  [Symbol.iterator]() {
    return new Iterator(this.#s);
  }
}
Object.defineProperty(Store, 'name', { value: NAME + 'Store' });

// A plain iterator class, not a generator: V8 inlines its next() into a for...of loop and then removes both the
// result objects and the views, which it cannot do across a generator's resumptions. next() has one return and
// always makes a view, because escape analysis gives up on an object that meets another value at a branch join;
// the final { done: true } result therefore carries a view of no record (generation -1: every access throws)
// instead of undefined, which for...of, spread and Array.from never read.
class Iterator {
  constructor($) { this.holder = $; this.next_ = 0; }
  next() {
    const $ = this.holder, gen = $.gen, end = $.slots.end;
    let h = this.next_, g = 0;
    while (h < end && ((g = gen[h]) & 1) === 0) h++;
    this.next_ = h + 1;
    const done = h >= end;
    return { value: new View($, h, done ? -1 : g), done };
  }
  [Symbol.iterator]() { return this; }
}

return { Store, holder, rebind, columnsObject, plain, json };
`;
}

/** Compiles a struct's view class and store class; done once per struct. */
export function compileStruct(runtime: CodegenRuntime): CompiledStruct {
  const source = generate(runtime, ++compiled);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the schema compiler's whole point
  return new Function('runtime', source)(runtime) as CompiledStruct;
}
