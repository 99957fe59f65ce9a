/**
 * The first pass of `addMany`: reads every record's values exactly once, checks them and writes them into
 * buffers the store does not know yet (staging columns, or the columns it is about to grow into). User code
 * (getters, Proxies, array-likes) runs only here, and whatever it does, the store is not written.
 *
 * Records are read as `add` reads them, with the same operations in the same order: a plain object (prototype
 * Object.prototype or null); its keys enumerated with for-in; each own one read once, in key order; an unknown
 * own key refused; then checks in field order, vector elements read during them. The checks of the other kinds
 * are pure (typeof, compares, a Map lookup, a string scan), so a value is checked and written as soon as it is
 * read, and a bad one is only remembered: the first in field order is reported once the record's keys are done,
 * which is the error `add` would throw.
 */
import { invalidValue, invalidVector, notAnObject, unknownField } from '../errors';
import type { ColumnArray } from '../kinds';
import { rejectCondition } from '../kinds';
import type { FieldInfo } from '../schema';
import { encodeUtf8, utf8Fits } from '../utf8';
import { codegenMode, evalRefused } from '../codegen/index';
import { rejects } from '../codegen/closures';
import { keepOrRemember } from '../codegen/fields';

/**
 * Reads, checks and stages `count` records; throws for the first bad one. Record i goes to slot `offset + i` of
 * the buffers (element `(offset + i) * length` of a vector or utf8 field), which must hold zeros there: a
 * missing field writes nothing. Generated per struct, like `add`.
 */
export type Stage = (records: ArrayLike<unknown>, count: number, offset: number, ...buffers: ColumnArray[]) => void;

let compiled = 0;
const stages = new WeakMap<readonly FieldInfo[], Stage>();

/** The stage of a struct, made on its first `addMany` and kept with its fields. */
export function stageOf(structName: string, fields: readonly FieldInfo[]): Stage {
  let stage = stages.get(fields);
  if (stage === undefined) {
    stage = compileStage(structName, fields);
    stages.set(fields, stage);
  }
  return stage;
}

/** Puts `error`'s class and message behind "Struct.addMany: record i:". */
function atRecord(structName: string, index: number, error: Error): Error {
  const Class = error instanceof RangeError ? RangeError : TypeError;
  return new Class(`${structName}.addMany: record ${index}: ${error.message}`);
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
 * What field k does with value `x`, just read, in the key loop: check it and write it to slot `o`, or remember it
 * as the record's bad value for the field. Not for vectors, whose elements are read after the key loop.
 */
function writeOrRemember(field: FieldInfo, k: number): string {
  const n = field.length;
  const column = `s${k}`;
  return keepOrRemember(field, k, (good) => {
    if (field.kind === 'utf8') return `encodeUtf8(${good}, ${column}, o * ${n}, ${n});`;
    return field.kind === 'bool' ? `${column}[o] = ${good} ? 1 : 0;` : `${column}[o] = ${good};`;
  });
}

/** Field k after the key loop, in field order: report its bad value, or read, check and write its vector. */
function afterKeys(field: FieldInfo, k: number): string {
  const n = field.length;
  const v = `v${k}`;
  if (!field.vector) return `if (anyBad && b${k} !== undefined) bad(i, ${k}, b${k});`;
  return `if (${v} !== undefined) {
      if (${v} == null || ${v}.length !== ${n}) badVector(i, ${k}, ${v});
      const at = o * ${n};
      for (let e = 0; e < ${n}; e++) { const x = ${v}[e]; if (${rejectCondition(field.storage, 'x')}) bad(i, ${k}, x, e); s${k}[at + e] = x; }
    }`;
}

function compileStage(structName: string, fields: readonly FieldInfo[]): Stage {
  const fail = (index: number, error: Error): never => {
    throw atRecord(structName, index, error);
  };
  const runtime = {
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
  // The columns come as parameters, not as an array read before the loop: the first call runs before V8 has a
  // feedback vector for the function, so such a read had no type feedback when the function was optimised, and
  // the optimised code deopted at its entry and stayed slow (about 1 run in 2: 170-190 ns per record against
  // 60-66 ns, 100,000 five-field records, load ~1.4).
  // Each case reads `r[key]` with the key spelled out, which V8 compiles to a named load (a constant key), and
  // checks and writes the value where it is read, so it never merges with `undefined` in a variable: the earlier
  // stage (`r[key]` with the for-in variable into `let` variables, checked after the key loop) boxed every float
  // it read into a new heap number, and took 11-22 ms for 100,000 five-field records where this one takes 4-6 ms
  // (the loop alone, Node 20, load 0.3-1.7). hasOwnProperty.call with the for-in key, as in `add`, is the form V8
  // optimises inside for-in. Skipping it where no prototype can supply the key measured no faster.
  const reads = fields
    .map((field, k) => {
      const read = `r[${JSON.stringify(field.name)}]`;
      const body = field.vector ? `v${k} = ${read};` : `const x = ${read}; ${writeOrRemember(field, k)}`;
      return `case ${JSON.stringify(field.name)}: if (hasOwnProperty.call(r, key)) { ${body} } break;`;
    })
    .join('\n        ');
  const source = `"use strict";
// slotted: addMany of struct ${structName} #${++compiled}
const { utf8Fits, encodeUtf8, bad, badVector, badKey, badRecord } = runtime;
const hasOwnProperty = Object.prototype.hasOwnProperty, getPrototypeOf = Object.getPrototypeOf, ObjectPrototype = Object.prototype;
${fields.map((field, k) => (field.kind === 'enum' ? `const indexes${k} = runtime.indexes[${k}];` : '')).join('\n')}
return function stage(records, count, offset, ${fields.map((_, k) => `s${k}`).join(', ')}) {
  for (let i = 0; i < count; i++) {
    const r = records[i];
    if (r === null || typeof r !== 'object') badRecord(i, r);
    const proto = getPrototypeOf(r);
    if (proto !== ObjectPrototype && proto !== null) badRecord(i, r);
    const o = offset + i;
    let anyBad = false;
    ${fields.map((field, k) => (field.vector ? `let v${k};` : `let b${k};`)).join(' ')}
    for (const key in r) {
      switch (key) {
        ${reads}
        default: if (hasOwnProperty.call(r, key)) badKey(i, key);
      }
    }
    ${fields.map(afterKeys).join('\n    ')}
  }
};
//# sourceURL=slotted:///${structName}.addMany.${compiled}.js`;
  let build: (runtime: unknown) => Stage;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated per struct, as codegen.ts does
    build = new Function('runtime', source) as typeof build;
  } catch (error) {
    if (!evalRefused(error)) throw error;
    return closureStage(fields, runtime);
  }
  return build(runtime);
}

/**
 * The stage built from closures, for engines that refuse `new Function` (a strict Content-Security-Policy): the
 * same reads, in the same order, and the same checks as the generated one, a few times slower.
 */
function closureStage(fields: readonly FieldInfo[], runtime: StageRuntime): Stage {
  const byName = new Map(fields.map((field, k) => [field.name, k]));
  const hasOwnProperty = Object.prototype.hasOwnProperty;
  // Field k's check and write of a value just read: true if written, false if bad (remembered by the caller).
  const write = fields.map((field, k): ((value: unknown, o: number, column: ColumnArray) => boolean) => {
    const n = field.length;
    const reject = rejects[field.storage];
    switch (field.kind) {
      case 'enum': {
        const indexes = runtime.indexes[k] as ReadonlyMap<string, number>;
        return (value, o, column) => {
          const x = typeof value === 'string' ? indexes.get(value) : undefined;
          if (x === undefined) return false;
          column[o] = x as never;
          return true;
        };
      }
      case 'utf8':
        return (value, o, column) => {
          if (!utf8Fits(value, n)) return false;
          encodeUtf8(value as string, column as Uint8Array, o * n, n);
          return true;
        };
      case 'bool':
        return (value, o, column) => {
          if (typeof value !== 'boolean') return false;
          column[o] = (value ? 1 : 0) as never;
          return true;
        };
      default:
        return (value, o, column) => {
          if (reject(value)) return false;
          column[o] = value as never;
          return true;
        };
    }
  });
  const vector = (k: number, value: unknown, i: number, o: number, column: ColumnArray): void => {
    const field = fields[k] as FieldInfo;
    const n = field.length;
    const reject = rejects[field.storage];
    const elements = value as ArrayLike<unknown> | null;
    if (elements == null || elements.length !== n) runtime.badVector(i, k, value);
    for (let e = 0; e < n; e++) {
      const x = (elements as ArrayLike<unknown>)[e];
      if (reject(x)) runtime.bad(i, k, x, e);
      (column as unknown as unknown[])[o * n + e] = x;
    }
  };
  return (records, count, offset, ...buffers) => {
    // Per field: a vector's value (read in the key loop, its elements after it) or another field's bad value.
    const pending: unknown[] = new Array(fields.length);
    for (let i = 0; i < count; i++) {
      const record = records[i];
      if (record === null || typeof record !== 'object') runtime.badRecord(i, record);
      const proto: unknown = Object.getPrototypeOf(record);
      if (proto !== Object.prototype && proto !== null) runtime.badRecord(i, record);
      const o = offset + i;
      pending.fill(undefined);
      for (const key in record as object) {
        const k = byName.get(key);
        if (!hasOwnProperty.call(record, key)) continue;
        if (k === undefined) runtime.badKey(i, key);
        const value: unknown = (record as Record<string, unknown>)[key];
        if ((fields[k] as FieldInfo).vector) pending[k] = value;
        else if (value !== undefined && !(write[k] as (value: unknown, o: number, column: ColumnArray) => boolean)(value, o, buffers[k] as ColumnArray)) pending[k] = value;
      }
      for (let k = 0; k < fields.length; k++) {
        const value = pending[k];
        if (value === undefined) continue;
        if ((fields[k] as FieldInfo).vector) vector(k, value, i, o, buffers[k] as ColumnArray);
        else runtime.bad(i, k, value);
      }
    }
  };
}
