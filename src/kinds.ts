/**
 * The scalar field types and what each costs and accepts.
 *
 * Everything the code generator needs to know about a scalar lives here, so that adding a type is one
 * table row: its typed-array constructor, its width and the range a view's setter accepts.
 */

/** Scalar types that read and write as `number`. */
export type NumberType = 'u8' | 'u16' | 'u32' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';
/** Scalar types that read and write as `bigint`. */
export type BigIntType = 'u64' | 'i64';
/** Every scalar field type. */
export type ScalarType = NumberType | BigIntType | 'bool';
/** Scalar types that can be the element of a fixed-length vector (every scalar but `bool`). */
export type ElementType = NumberType | BigIntType;

/** A typed array that holds numbers. */
export type NumberArray =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;
/** A typed array that holds bigints. */
export type BigIntArray = BigUint64Array | BigInt64Array;
/** Any typed array a column can be. */
export type ColumnArray = NumberArray | BigIntArray;

/** Constructs a column of a given element count over a given buffer. */
export interface ColumnConstructor {
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): ColumnArray;
  new (length: number): ColumnArray;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

/** What a scalar type is made of. */
export interface ScalarKind {
  readonly type: ScalarType;
  readonly array: ColumnConstructor;
  /** Bytes per element. */
  readonly bytes: number;
  /** `'number'`, `'bigint'` or `'boolean'`: what a setter accepts. */
  readonly jsType: 'number' | 'bigint' | 'boolean';
  /** Whole numbers only, with these inclusive bounds (undefined for floats and bool). */
  readonly min?: number | bigint;
  readonly max?: number | bigint;
}

function kind(
  type: ScalarType,
  array: ColumnConstructor,
  jsType: ScalarKind['jsType'],
  bounds?: readonly [number, number] | readonly [bigint, bigint],
): ScalarKind {
  const base = { type, array, bytes: array.BYTES_PER_ELEMENT, jsType };
  return bounds === undefined ? base : { ...base, min: bounds[0], max: bounds[1] };
}

/** The scalar types by name. */
export const scalarKinds: Readonly<Record<ScalarType, ScalarKind>> = {
  u8: kind('u8', Uint8Array, 'number', [0, 0xff]),
  u16: kind('u16', Uint16Array, 'number', [0, 0xffff]),
  u32: kind('u32', Uint32Array, 'number', [0, 0xffff_ffff]),
  i8: kind('i8', Int8Array, 'number', [-0x80, 0x7f]),
  i16: kind('i16', Int16Array, 'number', [-0x8000, 0x7fff]),
  i32: kind('i32', Int32Array, 'number', [-0x8000_0000, 0x7fff_ffff]),
  f32: kind('f32', Float32Array, 'number'),
  f64: kind('f64', Float64Array, 'number'),
  bool: kind('bool', Uint8Array, 'boolean'),
  u64: kind('u64', BigUint64Array, 'bigint', [0n, 0xffff_ffff_ffff_ffffn]),
  i64: kind('i64', BigInt64Array, 'bigint', [-0x8000_0000_0000_0000n, 0x7fff_ffff_ffff_ffffn]),
};

/** True when `value` names a scalar type. */
export function isScalarType(value: unknown): value is ScalarType {
  return typeof value === 'string' && Object.hasOwn(scalarKinds, value);
}

/**
 * The JavaScript expression, over the variable `name`, that is true when a value already known to be of the
 * type's JavaScript type (`typeof`) fits the type, or `undefined` when every such value fits (f64, bool).
 *
 * Integer checks use the type's own wrap-around operator (`v === (v >>> 0)` for u32): one comparison rejects
 * fractions, NaN and out-of-range values together, which is why these setters cost almost nothing. The value
 * comes first in each comparison: V8 then compares the parameter's register directly, 3 bytes of bytecode
 * fewer, which is what keeps a cursor's checks under the 27 bytes V8 always inlines (see codegen/cursor.ts).
 */
export function fitsCondition(type: ScalarType, name: string): string | undefined {
  switch (type) {
    case 'u8':
      return `${name} === (${name} & 0xff)`;
    case 'u16':
      return `${name} === (${name} & 0xffff)`;
    case 'u32':
      return `${name} === (${name} >>> 0)`;
    case 'i8':
      return `${name} === ((${name} << 24) >> 24)`;
    case 'i16':
      return `${name} === ((${name} << 16) >> 16)`;
    case 'i32':
      return `${name} === (${name} | 0)`;
    case 'f32':
      // A finite number that rounds to an f32 infinity would be silently changed beyond rounding; NaN and the
      // infinities are stored as they are (v - v is 0 for a finite v only).
      return `(${name} < 3.4028235677973366e38 && ${name} > -3.4028235677973366e38) || ${name} - ${name} !== 0`;
    case 'u64':
      return `${name} >= 0n && ${name} <= 0xffffffffffffffffn`;
    case 'i64':
      return `${name} >= -0x8000000000000000n && ${name} <= 0x7fffffffffffffffn`;
    case 'f64':
    case 'bool':
      return undefined;
  }
}

/**
 * The JavaScript condition, over the variable `name`, that is true when the value does NOT fit the type.
 * `typeof` comes first so that objects are never coerced (no `valueOf` side effects).
 */
export function rejectCondition(type: ScalarType, name: string): string {
  const fits = fitsCondition(type, name);
  const wrongType = `typeof ${name} !== '${scalarKinds[type].jsType}'`;
  return fits === undefined ? wrongType : `${wrongType} || !(${fits})`;
}
