/**
 * The source text generated for one struct: its holder, view, cursor, vector views and store class.
 *
 * What V8 taught us, and the shapes below depend on (Node 20's V8 11.3 and Chromium 156's V8 15.6 alike):
 * - A view made by `get(h)` and used at once costs nothing only while TurboFan's escape analysis removes it.
 *   It does not when the compiled accessor contains a real call while the view is its receiver: an error
 *   branch that has run once after warm-up (a caught stale read or refused write, anywhere in the program), or
 *   a callee left out-of-line once the inlining budget of a large function is spent. Then every view is
 *   allocated: ~465 scavenges per 10 passes of 1,000,000 reads and ~3x slower. The same call with the record
 *   passed as an argument rather than as the receiver does not allocate; a getter cannot avoid having one, and
 *   a getter that forwards only its fields (not itself) to a helper holding the throw allocated just as much
 *   (280 scavenges in the same probe as the current shape). Past the budget V8 inlines only callees of at most
 *   27 bytes (30 in Chromium), counting what their own optimized code inlined; a checked accessor never is.
 *   So views stay as small as they can, and the cursor (one object, moved by the caller) is the path that
 *   allocates nothing whatever the JIT decides.
 * - Column references live in the holder object rather than in `let` variables of a per-store closure:
 *   rebinding a captured `let` measured to defeat escape analysis (4.9 vs 3.3 ms per million get(h).a).
 * - Hot code calls helpers rather than writing `throw new ...` inline, which kept a throw's message building
 *   out of the accessor's bytecode.
 */
import type { FieldInfo } from '../schema';
import type { CodegenRuntime } from './index';
import { checkScalar, column, fenced, keepOrRemember, key, readScalar, rejectScalar, stageVector, writeScalar, writeStaged, zeroOf } from './fields';
import { cursorClasses } from './cursor';
import { vectorAccessors, vectorClass } from './vector';

/** Reads the view's state and throws if its record is gone; every accessor starts with it. */
const liveCheck = `const $ = this.#columns, i = this.#handle; if ($.gen[i] !== this.#generation) ${fenced('staleOf(this)')}`;

function scalarAccessors(field: FieldInfo, k: number): string {
  const name = key(field.name);
  if (field.kind === 'ref') {
    // The value is turned into a reference before the live check; that runs no user code (see references.ts).
    return `
  get ${name}() { ${liveCheck} return target${k}($, i); }
  set ${name}(v) { const r = referenceValue(this.#columns, ${k}, v); ${liveCheck} $.c${k}[i] = r; }`;
  }
  // One error branch for a refused value and a stale view, and the error decided in it (refuse${k}: the value's
  // first, as everywhere): every byte counts towards V8's inlining budget, and this setter, with two fenced
  // branches, was 155 bytes, enough to push a particle step's second setter out of it (the loop then made a view
  // per record). The check runs no user code (typeof, compares, a Map lookup), so nothing can delete the record
  // between the live check and the write.
  return `
  get ${name}() { ${liveCheck} return ${readScalar(field, k, 'i')}; }
  set ${name}(v) { ${field.kind === 'enum' ? `let index${k};` : ''} const $ = this.#columns, i = this.#handle; if (${rejectScalar(field, k, 'v')} || $.gen[i] !== this.#generation) ${fenced(`refuse${k}(this, v)`)} ${writeScalar(field, k, 'i', 'v')} }`;
}

/** The error of a refused write to scalar field `k` of view `w`: the value's if it is bad, else the stale view's. */
function refusal(field: FieldInfo, k: number): string {
  return `refuse${k} = (w, v) => { ${field.kind === 'enum' ? `let index${k};` : ''} ${checkScalar(field, k, 'v')} staleOf(w); };`;
}

function plainValue(field: FieldInfo, k: number, json: boolean): string {
  if (field.vector) {
    // An array literal of the elements for short vectors, a copy loop for long ones: Array.from over a subarray
    // measured most of toArray's time (7.6 s for 1,000,000 records of a 6-field struct).
    const n = field.length;
    const array =
      n <= 16
        ? `[${Array.from({ length: n }, (_, e) => `${column(k)}[i * ${n} + ${e}]`).join(', ')}]`
        : `copyElements(${column(k)}, i * ${n}, ${n})`;
    return json && zeroOf(field) === '0n' ? `${array}.map(String)` : array;
  }
  if (field.kind === 'ref') return `(${column(k)}[i] || null)`; // the reference number; 0 means none
  const value = readScalar(field, k, 'i');
  return json && zeroOf(field) === '0n' ? `String(${value})` : value;
}

/**
 * `add`'s handling of field `k`: its declarations, its read in the key loop (the property once, by name), its
 * check in field order after the key loop, and its write once a slot is taken.
 */
function addField(field: FieldInfo, k: number): { declare: string; read: string; check: string; write: string } {
  const value = `v${k}`;
  const read = `init[${key(field.name)}]`;
  if (field.vector) {
    return {
      declare: `let ${value};`,
      read: `${value} = ${read};`,
      check: `let s${k}; if (${value} !== undefined) { ${stageVector(field, k, value, `t${k}`)} s${k} = t${k}; }`,
      write: `if (s${k} === undefined) ${column(k)}.fill(${zeroOf(field)}, h * ${field.length}, (h + 1) * ${field.length}); else ${writeStaged(field, k, 'h', `s${k}`)}`,
    };
  }
  if (field.kind === 'ref') {
    return { declare: `let ${value};`, read: `${value} = ${read};`, check: `if (${value} === undefined) ${value} = 0; else ${checkScalar(field, k, value)}`, write: writeScalar(field, k, 'h', value) };
  }
  // Checked where it is read, and kept only when good (keepOrRemember): read into a variable that could also hold
  // undefined and checked after the key loop, as add did before, every float was boxed into a new heap number, and
  // 1,000,000 adds of { 4 x f32, u32 } took 76-337 ms against 44-75 ms (a standalone copy of both shapes, Node 20).
  const initial = field.kind === 'bool' ? 'false' : field.kind === 'utf8' ? "''" : zeroOf(field);
  return {
    declare: field.kind === 'enum' ? `let index${k} = 0, b${k};` : `let ${value} = ${initial}, b${k};`,
    read: `const x = ${read}; ${keepOrRemember(field, k, (good) => `${field.kind === 'enum' ? `index${k}` : value} = ${good};`)}`,
    check: `if (anyBad && b${k} !== undefined) invalid(${k}, b${k});`,
    write: writeScalar(field, k, 'h', value),
  };
}

function header(runtime: CodegenRuntime): string {
  const { fields } = runtime;
  const enums = fields.flatMap((field, k) =>
    field.kind === 'enum'
      ? [
          `const members${k} = fields[${k}].members, indexes${k} = memberIndexes[${k}];`,
          `function member${k}($, i) { const s = members${k}[$.c${k}[i]]; if (s === undefined) fail(corruptEnum(NAME, fields[${k}], $.c${k}[i], i)); return s; }`,
        ]
      : [],
  );
  const references = fields.flatMap((field, k) =>
    field.kind === 'ref' ? [`function target${k}($, i) { const r = $.c${k}[i]; return r === 0 ? null : referenceTarget($, ${k}, r); }`] : [],
  );
  const pools = fields.flatMap((field, k) =>
    field.vector ? [`let pool${k} = new Array(${field.length}).fill(${zeroOf(field)}); let busy${k} = false;`] : [],
  );
  return `"use strict";
const { StoreBase, viewPrototype, vectorPrototypes, fields, memberIndexes, invalidValue, invalidVector,
  corruptEnum, staleView, deletedUnderCursor, cursorMovedDuringWrite, deadHandle, unknownField, notAnObject, notAFunction, utf8Fits, encodeUtf8, decodeUtf8,
  named, inspectSymbol, referenceValue, referenceTarget } = runtime;
const NAME = ${key(runtime.structName)};
const hasOwn = Object.hasOwn, hasOwnProperty = Object.prototype.hasOwnProperty, getPrototypeOf = Object.getPrototypeOf, ObjectPrototype = Object.prototype;
${enums.join('\n')}
${references.join('\n')}
// Set by static blocks inside the classes below, which alone reach their private fields.
let columnDescriptors;
// What a view accessor's error branch stores before it throws (see fenced() in codegen/fields.ts): while
// fence.value is the object, optimised code holds a deopt there and no call. Each error thrown from optimised code
// then costs a deopt (about 20 µs here, with the time spent unoptimised after it): a loop that catches 1,000 stale
// reads a pass of 100,000 views ran 3.5-4x slower. So once a struct's errors come 1,000 within a second, the
// value becomes 0, V8 drops the code that relied on the old one, and the branches compile to their calls again,
// for good (a field V8 has seen change is not treated as a constant again). A program that catches an error now
// and then keeps the fence.
// No prototype: ToNumber looks up Symbol.toPrimitive and valueOf, and a user's on Object.prototype would run (or
// throw) in every error branch.
// The clock is taken when the struct is defined and read in a try: a replaced or throwing performance.now (fake
// timers) must not replace the error being thrown.
var FENCE = new Float64Array(1), fence = { value: { __proto__: null, valueOf() { return 0; } } };
const clock = typeof performance === 'object' && performance !== null && typeof performance.now === 'function' ? performance.now.bind(performance) : Date.now;
let thrown = 0, since = -Infinity;
function counted(error) {
  if (++thrown === 1000) {
    let now = NaN;
    try { now = clock(); } catch {}
    if (now - since < 1000) fence.value = 0;
    thrown = 0;
    since = now === now ? now : -Infinity;
  }
  return error;
}
function fail(error) { throw error; }
function invalid(k, v, e) { throw counted(invalidValue(NAME, fields[k], v, e)); }
function invalidArrayLike(k, v) { throw invalidVector(NAME, fields[k], v); }
function stale(i, g) { throw counted(staleView(NAME, i, g)); }
function dead(h) { throw deadHandle(NAME, h); }
// A relative index as Array.prototype.fill reads it: negative counts from the end, clamped to 0 .. length.
function relative(index, fallback, length) {
  if (index === undefined) return fallback;
  const e = Math.trunc(index) || 0;
  return e < 0 ? Math.max(length + e, 0) : Math.min(e, length);
}
// One staging array per vector field, so a whole-vector write reads each element once without allocating.
// Re-entrant use (an element getter that writes the same field elsewhere), or an error that left it busy, finds
// it busy and stages into a fresh array, which becomes the pooled one.
${pools.join('\n')}
// Methods on a view prototype are made read-only: a writable one would let \`view.toString = 1\` create an own
// property on the view instead of reaching the __slots__ guard.
function sealMethods(prototype) {
  for (const name of Reflect.ownKeys(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if ('value' in descriptor) Object.defineProperty(prototype, name, { writable: false });
  }
}
function copyElements(column, from, count) { const out = new Array(count); for (let e = 0; e < count; e++) out[e] = column[from + e]; return out; }`;
}

/** The whole source for one struct; `id` makes it unique (V8 shares compiled code between identical sources). */
export function generate(runtime: CodegenRuntime, id: number): string {
  const { fields, structName } = runtime;
  const adds = fields.map(addField);
  const reads = adds.map((add, k) => `case ${key((fields[k] as FieldInfo).name)}: if (hasOwnProperty.call(init, k)) { ${add.read} } break;`).join('\n        ');
  const columnsOf = (source: string) => fields.map((_, k) => `c${k}: ${source}[${k}]`).join(', ');
  const refused = fields.flatMap((field, k) => (field.vector || field.kind === 'ref' ? [] : [k]));
  return `${header(runtime)}
// slotted: struct ${structName} #${id}

// A store's state. One literal makes every holder of this struct share a hidden class, so the hot code stays
// monomorphic however many stores there are.
// links: the store each reference field points into, by field index (set by store.link).
function holder(columns, generations, slots) { return { slots, gen: generations, cursors: [], links: [], ${columnsOf('columns')} }; }
// Called by clear(): every cursor of the store leaves its record.
function leaveAll($) { if ($.cursors.length !== 0) leaveDeleted($.cursors, -1); }
function rebind($, columns, generations) {
  $.gen = generations;
  ${fields.map((_, k) => `${column(k)} = columns[${k}];`).join('\n  ')}
  if ($.cursors.length !== 0) reattach($.cursors, $);
}

// store.columns: read-only, enumerable getters over the holder, so it always shows the current arrays (after growth too)
// and no user can replace a column under the store. A class, not an object literal: V8 gives literals with
// the same keys in the same order one hidden class, so a literal keyed by field names would share it with the
// user's own { x, y, ... } objects and make V8 box their numbers (a plain-object particle loop measured 10x slower).
class Columns {
  #h;
  constructor(h) { this.#h = h; Object.defineProperties(this, columnDescriptors); }
  static {
    columnDescriptors = {
      ${fields.map((field, k) => `${key(field.name)}: { get() { return this.#h.c${k}; }, enumerable: true }`).join(',\n      ')}
    };
  }
}
Object.defineProperty(Columns, 'name', { value: NAME + 'Columns' });
function columnsObject(h) { return Object.freeze(new Columns(h)); }
${fields.map((field, k) => (field.vector ? vectorClass(structName, field, k) : '')).join('\n')}

function plain($, i) { return { ${fields.map((field, k) => `${key(field.name)}: ${plainValue(field, k, false)}`).join(', ')} }; }
function json($, i) { return { ${fields.map((field, k) => `${key(field.name)}: ${plainValue(field, k, true)}`).join(', ')} }; }

// The handle a live view of holder $ is on, or -1 for anything else (another store's view, a stale view, any
// other object): what a reference field's setter needs. Reads private fields only, so it runs no user code.
// staleOf(w) throws the error of stale view w; refuse<k>(w, v) the error of a refused write (see scalarAccessors).
var locate, staleOf${refused.map((k) => `, refuse${k}`).join('')};
class View {
  #columns; #handle; #generation;
  constructor(s, i, g) { this.#columns = s; this.#handle = i; this.#generation = g; }
  static {
    locate = ($, v) => (typeof v === 'object' && v !== null && #columns in v && v.#columns === $ && $.gen[v.#handle] === v.#generation ? v.#handle : -1);
    staleOf = (w) => stale(w.#handle, w.#generation);
    ${refused.map((k) => refusal(fields[k] as FieldInfo, k)).join('\n    ')}
  }
  ${fields.map((field, k) => (field.vector ? vectorAccessors(field, k) : scalarAccessors(field, k))).join('\n')}
  toJSON() { ${liveCheck} return json($, i); }
  toString() { const $ = this.#columns, i = this.#handle; return $.gen[i] === this.#generation ? NAME + ' #' + i : NAME + ' #' + i + ' <deleted>'; }
  [inspectSymbol](depth, options, inspect) {
    const $ = this.#columns, i = this.#handle;
    if ($.gen[i] !== this.#generation) return NAME + ' <deleted>';
    return inspect(named(plain($, i)), options);
  }
}
Object.setPrototypeOf(View.prototype, viewPrototype);
Object.defineProperty(View, 'name', { value: NAME });
sealMethods(View.prototype);

${cursorClasses(fields)}

function zero($, h) {
  ${fields.map((field, k) => (field.length === 1 ? `${column(k)}[h] = ${zeroOf(field)};` : `${column(k)}.fill(${zeroOf(field)}, h * ${field.length}, (h + 1) * ${field.length});`)).join('\n  ')}
}

class Store extends StoreBase {
  #columns;
  constructor(parts) { super(parts); this.#columns = parts.holder; }

  get(h) {
    // One error branch, and the error made in a function of its own: get is inlined into every loop that calls
    // it, and its bytes count towards the loop's inlining budget (128 bytes of bytecode with two branches, 81 with one).
    const $ = this.#columns;
    let g;
    if (typeof h !== 'number' || (h >>> 0) !== h || ((g = $.gen[h]) & 1) === 0) dead(h);
    return new View($, h, g);
  }

  add(init) {
    const $ = this.#columns;
    let anyBad = false;
    ${adds.map((add) => add.declare).join(' ')}
    // Each value is read once, here, before any check or write: getters and Proxies run only now.
    if (init !== undefined) {
      if (init === null || typeof init !== 'object') fail(notAnObject(NAME, init));
      const proto = getPrototypeOf(init);
      if (proto !== ObjectPrototype && proto !== null) fail(notAnObject(NAME, init));
      for (const k in init) switch (k) {
        ${reads}
        default: if (hasOwn(init, k)) fail(unknownField(NAME, fields, k));
      }
    }
    ${adds.map((add) => add.check).join('\n    ')}
    let h = $.slots.allocate();
    if (h < 0) { this.grow(); h = $.slots.allocate(); }
    ${adds.map((add) => add.write).join('\n    ')}
    return h;
  }

  delete(h) {
    const $ = this.#columns;
    if ($.slots.attached) this.refuseIfAttached('delete');
    if (typeof h !== 'number' || (h >>> 0) !== h || ($.gen[h] & 1) === 0) return false;
    zero($, h);
    $.slots.release(h);
    $.gen = $.slots.generations; // release may have widened the counters
    if ($.cursors.length !== 0) leaveDeleted($.cursors, h);
    return true;
  }

  forEach(fn) {
    if (typeof fn !== 'function') fail(notAFunction(NAME, 'forEach', fn));
    const $ = this.#columns, end = $.slots.end;
    // Records added during the loop are past the end it read at the start; a record deleted before the loop
    // reaches it is skipped, since the generation is read at each step.
    for (let h = 0; h < end; h++) { const g = $.gen[h]; if ((g & 1) !== 0) fn(new View($, h, g), h, this); }
  }

  cursor() { return new Cursor(this.#columns); }

  [Symbol.iterator]() { return new Iterator(this.#columns); }
}
Object.defineProperty(Store, 'name', { value: NAME + 'Store' });

// A plain iterator class, not a generator: V8 inlines its next() into a for...of loop and then removes both the
// result objects and the views, which it cannot do across a generator's resumptions. next() has one return and
// always makes a view, because escape analysis gives up on an object that meets another value at a branch join;
// the final { done: true } result therefore carries a view of no record (generation -1: every access throws)
// instead of undefined, which for...of, spread and Array.from never read. The end is read once, at the start:
// records added during the loop are not visited, and a finished iterator stays finished.
class Iterator {
  constructor($) { this.holder = $; this.next_ = 0; this.end = $.slots.end; }
  next() {
    const $ = this.holder, gen = $.gen, end = this.end;
    let h = this.next_, g = 0;
    while (h < end && ((g = gen[h]) & 1) === 0) h++;
    const done = h >= end;
    this.next_ = done ? end : h + 1;
    return { value: new View($, h, done ? -1 : g), done };
  }
  [Symbol.iterator]() { return this; }
}
Object.defineProperty(Iterator, 'name', { value: NAME + 'Iterator' });

return { Store, holder, rebind, leaveAll, columnsObject, plain, json, locate };
//# sourceURL=slotted:///${encodeURIComponent(structName)}.${id}.js
`;
}
