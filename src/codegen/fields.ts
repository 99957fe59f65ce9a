/**
 * Source snippets for one field: how generated code reads, checks and writes it. Shared by the view, the
 * cursor, `add` and the plain-object exporters, so every path checks a value the same way.
 */
import { rejectCondition, scalarKinds } from '../kinds';
import type { FieldInfo } from '../schema';

/** A field name as a JavaScript string literal, safe in generated source. */
export const key = (name: string): string => JSON.stringify(name);
/** Field `k`'s column as generated code reaches it through a holder `$`. */
export const column = (k: number): string => `$.c${k}`;
/** The zero of field `k`'s column type as source. */
export const zeroOf = (field: FieldInfo): string => (scalarKinds[field.storage].jsType === 'bigint' ? '0n' : '0');

/**
 * The error branch of a view accessor (a stale view, a refused value): `throwing`, a call that throws, behind a
 * store that V8's optimising compilers can only turn into a deoptimisation. `FENCE` is a Float64Array and
 * `fence.value` an object whose valueOf returns 0, both of the generated source (see source.ts for when the
 * value becomes 0).
 *
 * Why: once such a branch has run after warm-up, in optimised code it holds a call (or a throw), and a view
 * that a loop would not otherwise allocate (its `get(h)` and accessors inlined, the object removed by escape
 * analysis) is then allocated on every `get`, in every function compiled afterwards: 116 scavenges over 10
 * passes of 1,000,000 `get(h).a` reads in Node 20, 14.3 ms a pass, against 0 and 6.4 ms with the fence
 * (scripts/alloc-probe.ts get error; the bisection is ../shared/repros/view-escape-after-error.mjs). Storing an
 * object into a typed array is, for TurboFan, a check that the value is a number, which fails and deopts; the
 * code after it is dead, so the compiled branch holds no call. valueOf must not throw: a store whose conversion
 * threw turns the site's feedback megamorphic, and it compiles to a call again.
 */
export const fenced = (throwing: string): string => `{ FENCE[0] = fence.value; ${throwing}; }`;

/** Read of scalar-like field `k` at record index expression `i` (not vectors). */
export function readScalar(field: FieldInfo, k: number, i: string): string {
  switch (field.kind) {
    case 'bool':
      return `${column(k)}[${i}] !== 0`;
    case 'enum':
      return `member${k}($, ${i})`;
    case 'utf8':
      return `decodeUtf8(${column(k)}, ${i} * ${field.length}, ${field.length})`;
    case 'ref':
      return `target${k}($, ${i})`;
    default:
      return `${column(k)}[${i}]`;
  }
}

/**
 * A statement that throws unless `value` is a valid scalar value for field `k`. It only runs `typeof`, compares
 * and looks up enum members in a Map: it never calls a user's `valueOf`, so no user code runs inside a check.
 * `inView`: the check is in a view's accessor, and throws through a {@link fenced} branch.
 */
export function checkScalar(field: FieldInfo, k: number, value: string, element?: string, inView = false): string {
  // Turns a view, reference or null into the number to store, or throws; needs the holder `$` in scope.
  if (field.kind === 'ref') return `${value} = referenceValue($, ${k}, ${value});`;
  const call = `invalid(${k}, ${value}${element === undefined ? '' : `, ${element}`})`;
  return `if (${rejectScalar(field, k, value)}) ${inView ? fenced(call) : `${call};`}`;
}

/**
 * The condition under which field `k` refuses `value` (not for reference fields), as checkScalar tests it. For an
 * enum it also assigns the member index to `index${k}`, which the caller declares.
 */
export function rejectScalar(field: FieldInfo, k: number, value: string): string {
  switch (field.kind) {
    case 'enum':
      return `(index${k} = typeof ${value} === 'string' ? indexes${k}.get(${value}) : undefined) === undefined`;
    case 'utf8':
      return `!utf8Fits(${value}, ${field.length})`;
    case 'ref':
      throw new Error('slotted: a reference field has no value condition (referenceValue checks it)');
    default:
      return rejectCondition(field.kind, value);
  }
}

/**
 * What the key loops of `add` and `addMany` do with `x`, the value of scalar field `k` just read: `keep(good)` if
 * the field takes it (`good` is `x`, or `e`, an enum's member index), else remember it in `b${k}` and set `anyBad`,
 * unless it is undefined (a missing value). Checked where it is read, so a number is never held in a variable
 * that can also hold undefined, where V8 boxes it; the first remembered value in field order is thrown after the
 * loop. Needs `anyBad`, `b${k}` and, for an enum, `indexes${k}` in scope.
 */
export function keepOrRemember(field: FieldInfo, k: number, keep: (good: string) => string): string {
  const remember = `if (x !== undefined) { b${k} = x; anyBad = true; }`;
  if (field.kind === 'enum') {
    return `const e = typeof x === 'string' ? indexes${k}.get(x) : undefined; if (e === undefined) { ${remember} } else ${keep('e')}`;
  }
  return `if (${rejectScalar(field, k, 'x')}) { ${remember} } else ${keep('x')}`;
}

/** The statement that stores an already-checked `value` into field `k` of record `i`. */
export function writeScalar(field: FieldInfo, k: number, i: string, value: string): string {
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

/**
 * Statements that read elements `0 .. count` of array-like `value` once each into a staging array `into`,
 * checking every one, before anything is written. A getter on the array-like that changes its answer, throws
 * or touches the store runs here, never between the liveness check and the write. The caller has checked that
 * `value` is not null and read its length once (as `count`).
 */
export function stageElements(field: FieldInfo, k: number, value: string, count: string, into: string): string {
  return [
    `const ${into} = busy${k} ? (pool${k} = new Array(${field.length})) : pool${k}; busy${k} = true;`,
    `for (let e = 0; e < ${count}; e++) { const x = ${value}[e]; ${checkScalar(field, k, 'x', 'e')} ${into}[e] = x; }`,
  ].join('\n');
}

/** `stageElements` for a whole-vector value of field `k`, which must have exactly the field's length. */
export function stageVector(field: FieldInfo, k: number, value: string, into: string): string {
  return [
    `if (${value} == null || ${value}.length !== ${field.length}) invalidArrayLike(${k}, ${value});`,
    stageElements(field, k, value, String(field.length), into),
  ].join('\n');
}

/** Copies a staged vector into record `i` of field `k`, then hands the staging array back. */
export function writeStaged(field: FieldInfo, k: number, i: string, from: string): string {
  const n = field.length;
  return `{ const o = ${i} * ${n}, c = ${column(k)}; for (let e = 0; e < ${n}; e++) c[o + e] = ${from}[e]; if (${from} === pool${k}) busy${k} = false; }`;
}
