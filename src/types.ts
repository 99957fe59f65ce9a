/**
 * Types inferred from a schema literal, so users never write a record's type twice.
 */
import type { BigIntType, ScalarType } from './kinds';
import type { FieldSpec, Schema } from './schema';
import type { Struct } from './struct';

type Element<T> = T extends BigIntType ? bigint : number;

/** The plain value of one field: what `toArray` returns and `add` accepts. */
export type ValueOf<F extends FieldSpec> = F extends 'bool'
  ? boolean
  : F extends ScalarType
    ? Element<F>
    : F extends readonly [infer E, number]
      ? Element<E>[]
      : F extends { readonly enum: readonly (infer M)[] }
        ? M
        : F extends { readonly utf8: number }
          ? string
          : F extends { readonly ref: unknown }
            ? number | null
            : never;

/**
 * A live, fixed-length array-like over one record's vector field: reads and writes go to the column, and
 * `JSON.stringify` writes it as an array. Indexing past its length reads `undefined`; assigning there throws.
 * Any array-like of the right length (an array, a typed array) can be assigned to the field as a whole.
 */
export interface VectorView<T> extends Iterable<T> {
  [index: number]: T;
  readonly length: number;
  /**
   * Element `index` (negative counts from the end), or undefined outside the vector, as `Array.prototype.at`.
   * Reads like `vector[index]`, but much faster in hot loops: V8 reads `vector[index]` on a slow path
   * (measured ~130 ns an element), while this method inlines.
   */
  at(index: number): T | undefined;
  /**
   * Sets elements `start` to `end` (default: all) to `value`, checked like every view write, as
   * `Array.prototype.fill`. `vector.fill(value, k, k + 1)` is the fast way to write one element.
   * @throws TypeError or RangeError for a value the field cannot hold; nothing is written then.
   */
  fill(value: T, start?: number, end?: number): this;
  /** As `Array.prototype.indexOf`. */
  indexOf(value: T, fromIndex?: number): number;
  /** As `Array.prototype.includes`. */
  includes(value: T, fromIndex?: number): boolean;
}

/** The view a reference field reads as (`S` is the schema of the struct that has the field, for `'self'`). */
type TargetViewOf<F, S extends Schema> = F extends { readonly ref: 'self' }
  ? ViewOf<S>
  : F extends { readonly ref: Struct<infer T> }
    ? ViewOf<T>
    : never;

/** What a view's property holds for one field (`S`: the whole schema, which `{ ref: 'self' }` fields point into). */
export type ViewValueOf<F extends FieldSpec, S extends Schema = Schema> = F extends readonly [infer E, number]
  ? VectorView<Element<E>>
  : F extends { readonly ref: unknown }
    ? TargetViewOf<F, S> | null
    : ValueOf<F>;

/** What `add` accepts for one field: vectors take any array-like of the right length, references a view, a reference or null. */
export type InitValueOf<F extends FieldSpec, S extends Schema = Schema> = F extends readonly [infer E, number]
  ? ArrayLike<Element<E>>
  : F extends { readonly ref: unknown }
    ? TargetViewOf<F, S> | number | null
    : ValueOf<F>;

/** The plain-object type of one record of schema `S`. */
export type RecordOf<S extends Schema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** The view of one record of schema `S`: every field a read-write property. */
export type ViewOf<S extends Schema> = { -readonly [K in keyof S]: ViewValueOf<S[K], S> };

/** What `add` accepts for schema `S`: any subset of the fields. */
export type InitOf<S extends Schema> = { readonly [K in keyof S]?: InitValueOf<S[K], S> };

/** The JSON form of one record: u64/i64 become decimal strings, since JSON has no bigint. */
export type JsonOf<S extends Schema> = {
  [K in keyof S]: ValueOf<S[K]> extends bigint ? string : ValueOf<S[K]> extends bigint[] ? string[] : ValueOf<S[K]>;
};

interface ArraysByType {
  u8: Uint8Array;
  u16: Uint16Array;
  u32: Uint32Array;
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
  bool: Uint8Array;
  u64: BigUint64Array;
  i64: BigInt64Array;
}

/** The typed array that is field `F`'s column. */
export type ColumnOf<F extends FieldSpec> = F extends ScalarType
  ? ArraysByType[F]
  : F extends readonly [infer E extends ScalarType, number]
    ? ArraysByType[E]
    : F extends { readonly enum: readonly string[] }
      ? Uint8Array | Uint16Array | Uint32Array
      : F extends { readonly ref: unknown }
        ? Float64Array
        : Uint8Array;

/** A store's columns: one typed array per field, indexed by handle (vectors by `handle * length + k`). */
export type ColumnsOf<S extends Schema> = { readonly [K in keyof S]: ColumnOf<S[K]> };
