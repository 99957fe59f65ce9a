/**
 * Types inferred from a schema literal, so users never write a record's type twice.
 */
import type { BigIntArray, BigIntType, ElementType, NumberArray, ScalarType } from './kinds';
import type { FieldSpec, Schema } from './schema';
import type { Struct } from './struct';

type Element<T> = T extends BigIntType ? bigint : number;

/**
 * Longest vector typed as a tuple; longer ones are typed `T[]`. A 64-element tuple type is still cheap for the
 * checker, and nobody writes a longer array literal by hand.
 */
type TupleLimit = 64;

/** `[T, T, ..., T]` of length `N` when `N` is a literal up to `TupleLimit`, else `T[]`. */
export type Tuple<T, N extends number, Built extends T[] = []> = number extends N
  ? T[]
  : Built['length'] extends N
    ? Built
    : Built['length'] extends TupleLimit
      ? T[]
      : Tuple<T, N, [...Built, T]>;

/** The plain value of one field: what `toArray` returns and `add` accepts. */
export type ValueOf<F extends FieldSpec> = F extends 'bool'
  ? boolean
  : F extends ScalarType
    ? Element<F>
    : F extends readonly [infer E, infer N extends number]
      ? Tuple<Element<E>, N>
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

/**
 * What `add` accepts for one field. A vector takes a tuple of its length or a typed array (whose length the type
 * checker cannot know: `add` checks it at run time). An array of unknown length (`number[]`, or another record's
 * vector as `[...view.pos]`) needs a tuple type first (`as [number, number, number]`). Vector views are left
 * out on purpose: an array is structurally a `VectorView`, so accepting views would accept arrays of any length.
 * A reference field takes a view of its target, a reference or null.
 */
export type InitValueOf<F extends FieldSpec, S extends Schema = Schema> = F extends readonly [infer E, infer N extends number]
  ? Readonly<Tuple<Element<E>, N>> | (E extends BigIntType ? BigIntArray : NumberArray)
  : F extends { readonly ref: unknown }
    ? TargetViewOf<F, S> | number | null
    : ValueOf<F>;

/** The plain-object type of one record of schema `S`. */
export type RecordOf<S extends Schema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** The view of one record of schema `S`: every field a read-write property, and `toJSON`. */
export type ViewOf<S extends Schema> = { -readonly [K in keyof S]: ViewValueOf<S[K], S> } & ViewMethods<S>;

/**
 * What every view has besides its fields (field names cannot clash: `toJSON` is reserved). A type literal, not an
 * interface, so that a view stays convertible to `Record<string, unknown>`.
 */
export type ViewMethods<S extends Schema> = {
  /**
   * A plain copy of the record, as `JSON.stringify(view)` writes it: u64/i64 as decimal strings.
   * @throws RangeError when the view is stale (its record was deleted).
   */
  toJSON(): JsonOf<S>;
};

/** What `add` accepts for schema `S`: any subset of the fields. */
export type InitOf<S extends Schema> = { readonly [K in keyof S]?: InitValueOf<S[K], S> };

/** The JSON form of one record: u64/i64 become decimal strings, since JSON has no bigint. */
export type JsonOf<S extends Schema> = { -readonly [K in keyof S]: JsonValueOf<S[K]> };

/** The JSON form of one field's value: bigints (alone or in a vector) become decimal strings. */
export type JsonValueOf<F extends FieldSpec> = F extends BigIntType
  ? string
  : F extends readonly [BigIntType, infer N extends number]
    ? Tuple<string, N>
    : ValueOf<F>;

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
    : F extends { readonly enum: infer M extends readonly string[] }
      ? EnumColumnOf<M>
      : F extends { readonly ref: unknown }
        ? Float64Array
        : Uint8Array;

/** 256 members: the most a Uint8Array column indexes. */
type Members256 = Tuple<unknown, 64> extends infer Q extends unknown[] ? [...Q, ...Q, ...Q, ...Q] : never;

/**
 * The column of an enum with members `M`: the smallest unsigned array that indexes them, as the struct picks it.
 * A literal list of up to 256 members is a Uint8Array; a longer literal list a Uint16Array (TypeScript caps
 * tuples far below the 65,537 members that need a Uint32Array); a list of unknown length (`string[]`) any of the three.
 */
export type EnumColumnOf<M extends readonly string[]> = number extends M['length']
  ? Uint8Array | Uint16Array | Uint32Array
  : M extends readonly [...Members256, unknown, ...unknown[]]
    ? Uint16Array
    : Uint8Array;

/** A store's columns: one typed array per field, indexed by handle (vectors by `handle * length + k`). */
export type ColumnsOf<S extends Schema> = { readonly [K in keyof S]: ColumnOf<S[K]> };

/**
 * What `defineStruct` infers its schema from: looser than `Schema`, so that a misspelt type reaches
 * `CheckedSchema`, whose message lists the valid names, instead of failing the constraint with
 * "not assignable to type 'FieldSpec'".
 */
export type SchemaInput = {
  readonly [name: string]:
    | string
    | readonly [string, number]
    | { readonly enum: readonly string[] }
    | { readonly utf8: number }
    | { readonly ref: object | 'self' };
};

/** True for a numeric literal that is not an integer >= 1 (false for `number`, which only run time can check). */
type NotPositiveInteger<N extends number> = number extends N
  ? false
  : `${N}` extends `-${string}` | `${string}.${string}` | `${string}e${string}` | '0' | 'NaN' | 'Infinity'
    ? true
    : false;

/**
 * Field spec `F` when it is valid, else the type that makes the error message say what is expected. Every test
 * is wrapped in `[...]` so that a union or a wide spec (`FieldSpec`, `VectorSpec`) is checked whole and passes
 * through unchanged, not distributed member by member.
 */
export type CheckedField<F> = [F] extends [string]
  ? [F] extends [ScalarType]
    ? F
    : // Written out through a mapped type, not as an alias, so that the error lists '"u8" | "u16" | ...'
      // rather than an alias's name (test/types.test.ts checks the message).
      { [K in ScalarType]: K }[ScalarType]
  : [F] extends [readonly [infer E, infer N extends number]]
    ? [E] extends [ElementType]
      ? NotPositiveInteger<N> extends true
        ? readonly [E, 'a vector length is an integer >= 1']
        : F
      : readonly [{ [K in ElementType]: K }[ElementType], N]
    : [F] extends [{ readonly enum: readonly [] }]
      ? { readonly enum: readonly ['an enum needs at least one member'] }
      : [F] extends [{ readonly utf8: infer N extends number }]
        ? NotPositiveInteger<N> extends true
          ? { readonly utf8: 'a utf8 size is an integer >= 1' }
          : F
        : [F] extends [FieldSpec]
          ? F
          : FieldSpec;

/**
 * Schema `S` as `defineStruct` accepts it: the checks TypeScript can make before run time (an empty schema, an
 * unknown type, a bool vector, a literal vector length or utf8 size below 1, an empty enum) fail to compile, with
 * a message that names what is expected. Everything else (repeated enum members, reserved field names, lengths
 * not known until run time) is checked by `defineStruct` when it runs.
 */
export type CheckedSchema<S> = { readonly [K in keyof S]: CheckedField<S[K]> } & NonEmpty<keyof S>;

type NonEmpty<Keys> = [Keys] extends [never] ? { 'a schema needs at least one field': never } : unknown;
