/**
 * `fromArrow`: a store built from an Apache Arrow table whose columns match a struct.
 *
 * Everything is checked before the store exists: the struct description in the metadata (when the table carries
 * one), each column's presence and type, nulls, enum strings, utf8 sizes and the handles. Values are then handed
 * to the core in whole columns (one copy into the store's own buffers), never record by record.
 */
import { type Data, isArrowTable, type Table, Type, type Vector } from 'apache-arrow';
import type { Schema as SlottedSchema, Store, Struct, StructDescriptor } from '../index';
import { descriptorOf, hooked, loadKey, specOf } from './internal';
import { descriptionMismatch, handleKey, structKey } from './metadata';
import { defaultHandleColumn } from './to-arrow';
import { accepts, arrowTypeOf, refuseReferences } from './types';
import { wellFormedUtf8 } from './utf8';

type FieldDescription = StructDescriptor['fields'][number];
type TypedArray = ArrayBufferView & ArrayLike<number | bigint> & { subarray(start: number, end?: number): TypedArray };
type TypedArrayConstructor = new (length: number) => TypedArray & { set(source: ArrayLike<number | bigint>, offset?: number): void };

const columnTypes: Record<string, TypedArrayConstructor> = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
  bool: Uint8Array,
  u64: BigUint64Array as never,
  i64: BigInt64Array as never,
};

/** Options of `fromArrow`. */
export interface FromArrowOptions {
  /**
   * The column holding each row's handle, or false to ignore handles and number the rows 0, 1, 2, ...
   * Default: the name in the table's `slotted.handle` metadata, else `'_handle'` if the table has that column
   * and the struct no such field, else none.
   */
  readonly handle?: string | false;
}

class Refusal {
  constructor(readonly structName: string) {}
  type(problem: string): never {
    throw new TypeError(`${this.structName}.fromArrow: ${problem}`);
  }
  range(problem: string): never {
    throw new RangeError(`${this.structName}.fromArrow: ${problem}`);
  }
}

/** The row (counted over the whole column) of the first null in `chunks`, or -1. */
function firstNull(chunks: readonly Data[], width = 1): number {
  let base = 0;
  for (const chunk of chunks) {
    if (chunk.nullCount > 0 && chunk.nullBitmap !== undefined && chunk.nullBitmap.length > 0) {
      for (let i = 0; i < chunk.length; i++) {
        const bit = chunk.offset + i;
        if (((chunk.nullBitmap[bit >> 3] as number) & (1 << (bit & 7))) === 0) return base + Math.floor(i / width);
      }
    }
    base += chunk.length / width;
  }
  return -1;
}

/**
 * One typed array of `elements` values from the chunks' values in order (for a vector, the chunks are the lists'
 * children, `length` elements each): a window over Arrow's buffer when there is a single chunk.
 */
function concatenated(chunks: readonly Data[], Type: TypedArrayConstructor, elements: number): TypedArray {
  const only = chunks[0];
  if (chunks.length === 1 && only !== undefined && only.values instanceof Type) {
    return (only.values as TypedArray).subarray(0, elements);
  }
  const joined = new Type(elements);
  let at = 0;
  for (const chunk of chunks) {
    joined.set((chunk.values as TypedArray).subarray(0, chunk.length) as ArrayLike<number>, at);
    at += chunk.length;
  }
  return joined;
}

function boolColumn(chunks: readonly Data[], rows: number): Uint8Array {
  const bytes = new Uint8Array(rows);
  let row = 0;
  for (const chunk of chunks) {
    const bits = chunk.values as Uint8Array;
    for (let i = 0; i < chunk.length; i++, row++) {
      const bit = chunk.offset + i;
      bytes[row] = ((bits[bit >> 3] as number) >> (bit & 7)) & 1;
    }
  }
  return bytes;
}

function enumColumn(refuse: Refusal, field: FieldDescription, column: string, chunks: readonly Data[], rows: number): TypedArray {
  const indexes = new Map(field.members.map((member, index) => [member, index]));
  const out = new columnTypes[field.storage]!(rows) as unknown as Uint32Array;
  let row = 0;
  for (const chunk of chunks) {
    const dictionary = chunk.dictionary as Vector | undefined;
    const words = dictionary === undefined ? [] : (dictionary.toArray() as (string | null)[]);
    const translated = words.map((word) => (word === null ? -1 : (indexes.get(word) ?? -1)));
    const keys = chunk.values as ArrayLike<number | bigint>;
    for (let i = 0; i < chunk.length; i++, row++) {
      const key = Number(keys[i]);
      const member = translated[key];
      if (member === undefined || member < 0) {
        const word = words[key];
        const members = field.members.map((value) => JSON.stringify(value)).join(', ');
        refuse.range(
          word === null || word === undefined
            ? `column "${column}" has no string at row ${row}: ${field.name} has no nulls`
            : `column "${column}" row ${row}: ${JSON.stringify(word)} is not one of ${members}`,
        );
      }
      out[row] = member;
    }
  }
  return out;
}

function utf8Column(refuse: Refusal, field: FieldDescription, column: string, chunks: readonly Data[], rows: number): Uint8Array {
  const size = field.length;
  const out = new Uint8Array(rows * size);
  let row = 0;
  for (const chunk of chunks) {
    const offsets = chunk.valueOffsets as ArrayLike<number | bigint>;
    const bytes = chunk.values as Uint8Array;
    for (let i = 0; i < chunk.length; i++, row++) {
      const start = Number(offsets[i]);
      const end = Number(offsets[i + 1]);
      const text = () => JSON.stringify(new TextDecoder().decode(bytes.subarray(start, Math.min(end, start + 40))));
      if (end - start > size) {
        refuse.range(`column "${column}" row ${row}: ${text()} is ${end - start} bytes of UTF-8, more than the ${size} of ${field.name}`);
      }
      for (let e = start; e < end; e++) {
        if (bytes[e] === 0) refuse.range(`column "${column}" row ${row}: ${text()} contains U+0000, which ${field.name} cannot hold`);
      }
      if (!wellFormedUtf8(bytes, start, end)) refuse.range(`column "${column}" row ${row} is not well-formed UTF-8`);
      out.set(bytes.subarray(start, end), row * size);
    }
  }
  return out;
}

/**
 * The handle column's values as u32 handles, each checked to be a whole number from 0 to 4294967294 (the core
 * refuses a repeated one), and one past the largest.
 */
function handleColumn(refuse: Refusal, column: string, vector: Vector, rows: number): { handles: Uint32Array; end: number } {
  const type = vector.type as { typeId: Type };
  if (type.typeId !== Type.Int) refuse.type(`the handle column "${column}" must hold integers; it is ${String(vector.type)}`);
  const row = firstNull(vector.data);
  if (row >= 0) refuse.range(`the handle column "${column}" has a null at row ${row}`);
  const handles = new Uint32Array(rows);
  const outOfRange = (at: number, value: number | bigint): never =>
    refuse.range(`the handle column "${column}" row ${at} holds ${String(value)}, not a handle (0 to 4294967294)`);
  let at = 0;
  let end = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as ArrayLike<number | bigint>;
    if (values instanceof Uint32Array) {
      // The type toArrow writes: every value is a u32, and only 4294967295 is no handle.
      const window = values.subarray(0, chunk.length);
      handles.set(window, at);
      for (let i = 0; i < window.length; i++) {
        const handle = window[i] as number;
        if (handle >= end) end = handle === 0xffff_ffff ? outOfRange(at + i, handle) : handle + 1;
      }
      at += window.length;
      continue;
    }
    for (let i = 0; i < chunk.length; i++, at++) {
      const value = values[i] as number | bigint;
      if (value < 0 || value > 0xffff_fffe) outOfRange(at, value);
      const handle = Number(value);
      handles[at] = handle;
      if (handle >= end) end = handle + 1;
    }
  }
  return { handles, end };
}

function handleName(struct: StructDescriptor, table: Table, option: string | false | undefined): string | false {
  if (option !== undefined) return option;
  const fromMetadata = table.schema.metadata.get(handleKey);
  if (fromMetadata !== undefined) return fromMetadata === '' ? false : fromMetadata;
  const isField = struct.fields.some((field) => field.name === defaultHandleColumn);
  return !isField && table.getChild(defaultHandleColumn) !== null ? defaultHandleColumn : false;
}

/**
 * A new store of `struct` holding the rows of an Apache Arrow table, matched to fields by column name (other
 * columns are ignored). A table written by `toArrow` comes back with the same records at the same handles;
 * deleted slots below the largest handle become free slots, the lowest reused first. Without a handle column,
 * row i becomes handle i. The store's capacity is one past its largest handle; it is growable.
 *
 * Accepted column types are those `toArrow` writes; besides, an enum column may be any Dictionary of Utf8 or
 * LargeUtf8 (strings are matched to members by value, whatever the indices), and a utf8 column LargeUtf8.
 *
 * @throws TypeError (nothing is built) when `table` is not an Arrow table, its `slotted.struct` metadata
 * describes another struct, a field's column is missing or of another type, or the handle column is missing or
 * not integers; RangeError naming column and row for a null, a string that is not an enum member, a string too
 * long for its utf8 field or containing U+0000, or a handle out of range or repeated.
 */
export function fromArrow<S extends SlottedSchema>(struct: Struct<S>, table: Table, options: FromArrowOptions = {}): Store<S> {
  const description = descriptorOf(struct as never);
  refuseReferences(description, 'fromArrow');
  const refuse: Refusal = new Refusal(struct.name);
  if (!isArrowTable(table)) refuse.type('expected an Apache Arrow Table');
  const json = table.schema.metadata.get(structKey);
  if (json !== undefined) {
    const mismatch = descriptionMismatch(description, json);
    if (mismatch !== undefined) refuse.type(`the table does not hold ${struct.name} records: ${mismatch}`);
  }
  const rows = table.numRows;
  const columns = description.fields.map((field) => {
    const vector = table.getChild(field.name);
    if (vector === null) refuse.type(`the table has no column "${field.name}" for field ${field.name}: ${specOf(field)}`);
    if (!accepts(field, vector.type as never)) {
      refuse.type(`column "${field.name}" is ${String(vector.type)}, but field ${field.name}: ${specOf(field)} needs ${expectedType(field)}`);
    }
    const chunks = vector.data;
    let row = firstNull(chunks);
    if (row < 0 && field.vector) row = firstNull(chunks.map((chunk) => chunk.children[0] as Data), field.length);
    if (row >= 0) refuse.range(`column "${field.name}" has a null at row ${row}; ${struct.name} has no nulls`);
    if (field.vector) {
      return concatenated(chunks.map((chunk) => chunk.children[0] as Data), columnTypes[field.kind]!, rows * field.length);
    }
    switch (field.kind) {
      case 'bool':
        return boolColumn(chunks, rows);
      case 'enum':
        return enumColumn(refuse, field, field.name, chunks, rows);
      case 'utf8':
        return utf8Column(refuse, field, field.name, chunks, rows);
      default:
        return concatenated(chunks, columnTypes[field.kind]!, rows);
    }
  });
  const handleColumnName = handleName(description, table, options.handle);
  let handles: Uint32Array | undefined;
  let end = rows;
  if (handleColumnName !== false) {
    const vector = table.getChild(handleColumnName);
    if (vector === null) refuse.type(`the table has no handle column "${handleColumnName}"; pass { handle: false } to number the rows`);
    ({ handles, end } = handleColumn(refuse, handleColumnName, vector, rows));
  }
  const store = struct.createStore({ capacity: end });
  try {
    hooked(store)[loadKey](columns, handles);
  } catch (error) {
    // The core checks that no handle repeats; say which column held them.
    if (error instanceof RangeError && handleColumnName !== false) refuse.range(`the handle column "${handleColumnName}": ${error.message}`);
    throw error;
  }
  return store;
}

/** The Arrow type a field needs, for messages. */
function expectedType(field: FieldDescription): string {
  if (field.kind === 'enum' && !field.vector) return 'a Dictionary of Utf8';
  if (field.kind === 'utf8') return 'Utf8 or LargeUtf8';
  return String(arrowTypeOf(field));
}
