/**
 * Which Arrow type each slotted field becomes, and which Arrow types `fromArrow` accepts for it.
 *
 * | slotted | Arrow |
 * | --- | --- |
 * | u8 u16 u32 i8 i16 i32 | Uint8 Uint16 Uint32 Int8 Int16 Int32 |
 * | u64 i64 | Uint64 Int64 |
 * | f32 f64 | Float32 Float64 |
 * | bool | Bool |
 * | `[type, n]` | FixedSizeList(n) of the element type |
 * | `{ enum: [...] }` | Dictionary of Utf8 with the members, indices Uint8/16/32 as stored |
 * | `{ utf8: n }` | Utf8 |
 *
 * Every field is non-nullable.
 */
import {
  Bool,
  type DataType,
  Dictionary,
  Field,
  FixedSizeList,
  Float,
  Float32,
  Float64,
  Int,
  Int16,
  Int32,
  Int64,
  Int8,
  Type,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
} from 'apache-arrow';
import type { ScalarType, StructDescriptor } from '../index';

type FieldDescription = StructDescriptor['fields'][number];

/** The Arrow type of a scalar column element. */
export function scalarType(type: ScalarType): DataType {
  switch (type) {
    case 'u8':
      return new Uint8();
    case 'u16':
      return new Uint16();
    case 'u32':
      return new Uint32();
    case 'i8':
      return new Int8();
    case 'i16':
      return new Int16();
    case 'i32':
      return new Int32();
    case 'u64':
      return new Uint64();
    case 'i64':
      return new Int64();
    case 'f32':
      return new Float32();
    case 'f64':
      return new Float64();
    case 'bool':
      return new Bool();
  }
}

/** The Arrow type `toArrow` gives a field. */
export function arrowTypeOf(field: FieldDescription): DataType {
  if (field.vector) return new FixedSizeList(field.length, new Field('item', scalarType(field.kind as ScalarType), false));
  if (field.kind === 'enum') return new Dictionary(new Utf8(), scalarType(field.storage) as Uint8 | Uint16 | Uint32);
  if (field.kind === 'utf8') return new Utf8();
  return scalarType(field.storage);
}

/** True when Arrow type `found` is exactly scalar type `type` (same kind, width, signedness or precision). */
function sameScalar(found: DataType, type: ScalarType): boolean {
  const expected = scalarType(type);
  if (found.typeId !== expected.typeId) return false;
  if (expected instanceof Int) return (found as Int).bitWidth === expected.bitWidth && (found as Int).isSigned === expected.isSigned;
  if (expected instanceof Float) return (found as Float).precision === expected.precision;
  return true; // Bool
}

/**
 * Whether `fromArrow` can read a column of type `found` into `field`: the type `toArrow` writes, except that a
 * dictionary may have any integer index type and Utf8 or LargeUtf8 values, and utf8 may come as LargeUtf8
 * (what other engines often write).
 */
export function accepts(field: FieldDescription, found: DataType): boolean {
  if (field.vector) {
    if (found.typeId !== Type.FixedSizeList) return false;
    const list = found as FixedSizeList;
    return list.listSize === field.length && sameScalar(list.valueType, field.kind as ScalarType);
  }
  if (field.kind === 'enum') {
    if (found.typeId !== Type.Dictionary) return false;
    const dictionary = found as Dictionary;
    return dictionary.dictionary.typeId === Type.Utf8 || dictionary.dictionary.typeId === Type.LargeUtf8;
  }
  if (field.kind === 'utf8') return found.typeId === Type.Utf8 || found.typeId === Type.LargeUtf8;
  return sameScalar(found, field.storage);
}

/**
 * Throws for a struct with reference fields: a reference names a slot and generation of one store, which a
 * table read by another engine, or loaded into a new store, cannot keep meaning. Not supported yet.
 */
export function refuseReferences(struct: { readonly name: string; readonly fields: readonly { readonly name: string; readonly kind: string }[] }, what: string): void {
  const reference = struct.fields.find((field) => field.kind === 'ref');
  if (reference !== undefined) {
    throw new TypeError(`${struct.name} ${what}: ${struct.name}.${reference.name} is a reference field, which Arrow tables do not carry yet`);
  }
}
