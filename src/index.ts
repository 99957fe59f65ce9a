/**
 * slotted: `__slots__` for JavaScript. Struct-of-arrays stores with typed-array columns and instance-like views.
 * @packageDocumentation
 */
export { defineStruct } from './struct';
export type { FromBytesOptions, Infer, InferView, Struct, StructOptions } from './struct';
export { Store } from './store';
export type { StoreOptions } from './store';
export type { Cursor } from './cursor';
export type { SortableFieldOf, SortDirection } from './reorder';
export type { RefFieldOf } from './references';
export type { SharedStoreHandle } from './shared';
export type { StructDescriptor } from './snapshot';
export { maxSnapshotBytes, snapshotVersion } from './snapshot';
export { maxRecordBytes, maxUtf8Bytes, maxVectorLength } from './schema';
export type { EnumSpec, FieldInfo, FieldKind, FieldSpec, RefSpec, Schema, Utf8Spec, VectorSpec } from './schema';
export type { BigIntType, ElementType, NumberType, ScalarType } from './kinds';
export type {
  ColumnOf,
  ColumnsOf,
  InitOf,
  InitValueOf,
  JsonOf,
  RecordOf,
  ValueOf,
  VectorView,
  ViewOf,
  ViewValueOf,
} from './types';
