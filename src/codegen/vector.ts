/**
 * The view class of one vector field (`['f32', 3]`): a live, fixed-length array-like over one record's elements.
 *
 * Element indexing (`pos[1]`) is served by a Proxy placed last in the class's prototype chain (see
 * `vectorIndexes` in views.ts), not by an accessor per element: the generated source and `defineStruct`'s work
 * stay the same size whatever the length, and V8 runs numeric-named accessors on a slow path anyway (459 ns
 * an element through accessors against 553 ns through the Proxy, measured on this machine under load). Hot
 * code uses `at()` and `fill()`, plain methods that inline (3.4 ns an element).
 */
import type { FieldInfo } from '../schema';
import { checkScalar, column, fenced, key, stageVector, writeStaged, zeroOf } from './fields';

/** The live check every vector method starts with; `this.#columns`, `this.#handle`, `this.#generation` are the record's. */
const live = `if ($.gen[i] !== this.#generation) ${fenced('stale(i, this.#generation)')}`;
const state = 'const $ = this.#columns, i = this.#handle;';
/** The same check in the record's view, whose `staleOf` throws for it. */
const viewLive = `if ($.gen[i] !== this.#generation) ${fenced('staleOf(this)')}`;

/** Source of the vector view class of field `k`, named `Vector${k}` in the generated scope. */
export function vectorClass(structName: string, field: FieldInfo, k: number): string {
  const n = field.length;
  const c = column(k);
  const at = (e: string): string => `${c}[i * ${n} + ${e}]`;
  const bigint = zeroOf(field) === '0n';
  return `
let read${k}, write${k};
const Vector${k} = { [${key(`${structName}.${field.name}`)}]: class {
  #columns; #handle; #generation;
  constructor(s, i, g) { this.#columns = s; this.#handle = i; this.#generation = g; }
  // Element e for the index Proxy, checked like every other access. Closures, not static methods, so that
  // nobody reaches them through vector.constructor.
  static {
    read${k} = (v, e) => { const $ = v.#columns, i = v.#handle; if ($.gen[i] !== v.#generation) stale(i, v.#generation); return ${at('e')}; };
    write${k} = (v, e, x) => { ${checkScalar(field, k, 'x', 'e')} const $ = v.#columns, i = v.#handle; if ($.gen[i] !== v.#generation) stale(i, v.#generation); ${at('e')} = x; };
  }
  get length() { return ${n}; }
  at(index) {
    // Index conversion may run user code (valueOf): it happens before the live check, never between check and read.
    let e = Math.trunc(index) || 0;
    if (e < 0) e += ${n};
    ${state} ${live}
    return e >= 0 && e < ${n} ? ${at('e')} : undefined;
  }
  fill(v, start, end) {
    ${checkScalar(field, k, 'v', undefined, true)}
    const from = relative(start, 0, ${n}), to = relative(end, ${n}, ${n});
    ${state} ${live}
    for (let e = from; e < to; e++) ${at('e')} = v;
    return this;
  }
  #copy() { ${state} ${live} const out = new Array(${n}); for (let e = 0; e < ${n}; e++) out[e] = ${at('e')}; return out; }
  indexOf(x, from) { const a = this.#copy(); return a.indexOf(x, from); }
  includes(x, from) { const a = this.#copy(); return a.includes(x, from); }
  *[Symbol.iterator]() { ${state} ${live} for (let e = 0; e < ${n}; e++) { if ($.gen[i] !== this.#generation) stale(i, this.#generation); yield ${at('e')}; } }
  toJSON() { const a = this.#copy(); return ${bigint ? 'a.map(String)' : 'a'}; }
  toString() { return this.#copy().join(','); }
  get [Symbol.toStringTag]() { return ${key(`${structName}.${field.name}`)}; }
  [inspectSymbol](depth, options, inspect) {
    const $ = this.#columns, i = this.#handle;
    if ($.gen[i] !== this.#generation) return ${key(`${field.name} <deleted>`)};
    return inspect(this.#copy(), options);
  }
} }[${key(`${structName}.${field.name}`)}];
Object.setPrototypeOf(Vector${k}.prototype, vectorPrototypes[${k}](read${k}, write${k}));
sealMethods(Vector${k}.prototype);`;
}

/** Source of the view's getter and setter for vector field `k`. */
export function vectorAccessors(field: FieldInfo, k: number): string {
  const name = key(field.name);
  return `
  get ${name}() { const $ = this.#columns, i = this.#handle; ${viewLive} return new Vector${k}($, i, this.#generation); }
  set ${name}(v) {
    ${stageVector(field, k, 'v', 'staged')}
    const $ = this.#columns, i = this.#handle; ${viewLive}
    ${writeStaged(field, k, 'i', 'staged')}
  }`;
}
