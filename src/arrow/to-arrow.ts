/**
 * `toArrow`: a store's live records as an Apache Arrow table.
 *
 * A store without holes (no deleted slot below `end`) hands its numeric, vector and enum columns to Arrow as
 * `subarray` windows over its own memory: no copy, O(fields). Bool columns are packed into Arrow's bit-per-value
 * form and utf8 columns into offsets and bytes, which are copies whatever the store; so is the handle column.
 * A store with holes gathers every column down to its live records first (one copy per column, O(live × width)).
 */
import {
  type Bool,
  type Data,
  type DataType,
  Field,
  makeData,
  RecordBatch,
  Schema,
  Struct as ArrowStruct,
  Table,
  Uint32,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import type { Schema as SlottedSchema, ScalarType, Store, StructDescriptor } from '../index';
import { describeKey, hooked } from './internal';
import { handleKey, structKey, versionKey, metadataVersion } from './metadata';
import { arrowTypeOf, refuseReferences, scalarType } from './types';

type FieldDescription = StructDescriptor['fields'][number];
type Column = ArrayBufferView & ArrayLike<number | bigint> & { subarray(start: number, end?: number): Column; set(source: Column, offset?: number): void };

/** The default name of the handle column. */
export const defaultHandleColumn = '_handle';

/** Options of `toArrow`. */
export interface ToArrowOptions {
  /**
   * The name of the column that holds each record's handle (a Uint32), or false for no handle column.
   * Default `'_handle'`. It must differ from every field name.
   */
  readonly handle?: string | false;
}

/** Copies the live records' elements of `column` (`width` per record) into a new array of the same type. */
function gather(column: Column, width: number, live: Uint32Array): Column {
  const Type = column.constructor as new (length: number) => Column;
  const gathered = new Type(live.length * width);
  const out = gathered as unknown as Record<number, number | bigint>;
  const source = column as unknown as Record<number, number | bigint>;
  for (let row = 0; row < live.length; row++) {
    const from = (live[row] as number) * width;
    const to = row * width;
    for (let e = 0; e < width; e++) out[to + e] = source[from + e] as number;
  }
  return gathered;
}

/** The first `rows` records of `column`, without copying when there are no holes. */
function rowsOf(column: Column, width: number, rows: number, live: Uint32Array | undefined): Column {
  return live === undefined ? column.subarray(0, rows * width) : gather(column, width, live);
}

/** Packs a byte-per-value bool column into Arrow's bit-per-value form. */
function packBits(bytes: Uint8Array, rows: number, live: Uint32Array | undefined): Uint8Array {
  const bits = new Uint8Array(Math.ceil(rows / 8));
  for (let row = 0; row < rows; row++) {
    const handle = live === undefined ? row : (live[row] as number);
    if (bytes[handle] !== 0) bits[row >> 3] = (bits[row >> 3] as number) | (1 << (row & 7));
  }
  return bits;
}

/** Utf8 offsets and bytes from fixed, zero-padded slots of `size` bytes. */
function utf8Data(bytes: Uint8Array, size: number, rows: number, live: Uint32Array | undefined): Data<Utf8> {
  const offsets = new Int32Array(rows + 1);
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const start = (live === undefined ? row : (live[row] as number)) * size;
    let length = 0;
    while (length < size && bytes[start + length] !== 0) length++;
    total += length;
    offsets[row + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let row = 0; row < rows; row++) {
    const start = (live === undefined ? row : (live[row] as number)) * size;
    const at = offsets[row] as number;
    const length = (offsets[row + 1] as number) - at;
    for (let e = 0; e < length; e++) data[at + e] = bytes[start + e] as number;
  }
  return makeData({ type: new Utf8(), length: rows, valueOffsets: offsets, data });
}

function columnData(field: FieldDescription, column: Column, rows: number, live: Uint32Array | undefined): Data {
  const type = arrowTypeOf(field);
  if (field.vector) {
    const elementType = scalarType(field.kind as ScalarType);
    const child = makeData({ type: elementType, length: rows * field.length, data: rowsOf(column, field.length, rows, live) } as never);
    return makeData({ type, length: rows, child } as never);
  }
  switch (field.kind) {
    case 'bool':
      return makeData({ type: type as Bool, length: rows, data: packBits(column as unknown as Uint8Array, rows, live) });
    case 'utf8':
      return utf8Data(column as unknown as Uint8Array, field.length, rows, live);
    case 'enum':
      return makeData({
        type,
        length: rows,
        data: rowsOf(column, 1, rows, live),
        dictionary: vectorFromArray(field.members, new Utf8()),
      } as never);
    default:
      return makeData({ type, length: rows, data: rowsOf(column, 1, rows, live) } as never);
  }
}

/**
 * The live records of `store` as an Apache Arrow table, in handle order: one column per field, named as the
 * field, plus a Uint32 column with each record's handle (`'_handle'` unless renamed or turned off). The schema's
 * metadata holds the struct's description (`slotted.struct`, JSON) and the handle column's name
 * (`slotted.handle`), so that `fromArrow` rebuilds the same records at the same handles.
 *
 * Types: u8-i32 as Int/Uint of the same width, u64/i64 as Uint64/Int64 (bigint), f32/f64 as Float32/Float64,
 * bool as Bool, vectors as FixedSizeList, enums as Dictionary(Utf8) with the members in order, utf8 as Utf8.
 * No column is nullable.
 *
 * Without holes (no deleted record below `store.end`), numeric, vector and enum columns are not copied: the
 * table's buffers are windows over the store's columns, so the call costs O(fields), and a later write to the
 * store shows in the table, until the store grows. Serialize it (`tableToIPC`) or use it before changing the
 * store. Bool, utf8 and the handle column are always built (one pass over their rows), and with holes every
 * column is gathered to its live records: a copy of O(live records × bytes per record).
 *
 * @throws TypeError when the handle column's name is not a non-empty string or is a field's name.
 */
export function toArrow<S extends SlottedSchema>(store: Store<S>, options: ToArrowOptions = {}): Table {
  const struct = hooked(store)[describeKey];
  refuseReferences(struct, 'toArrow');
  const handleName = options.handle ?? defaultHandleColumn;
  if (handleName !== false && (typeof handleName !== 'string' || handleName === '')) {
    throw new TypeError(`${struct.name} toArrow: handle must be a column name or false; got ${String(handleName)}`);
  }
  if (handleName !== false && struct.fields.some((field) => field.name === handleName)) {
    throw new TypeError(
      `${struct.name} toArrow: the handle column "${handleName}" would clash with field ${handleName}; pass { handle: 'another name' }`,
    );
  }
  const rows = store.size;
  const end = store.end;
  let live: Uint32Array | undefined;
  if (rows !== end) {
    live = new Uint32Array(rows);
    let row = 0;
    for (let handle = 0; handle < end; handle++) if (store.has(handle)) live[row++] = handle;
  }
  const columns = store.columns as unknown as Record<string, Column>;
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const field of struct.fields) {
    const data = columnData(field, columns[field.name] as Column, rows, live);
    fields.push(new Field(field.name, data.type as DataType, false));
    children.push(data);
  }
  if (handleName !== false) {
    let handles = live;
    if (handles === undefined) {
      handles = new Uint32Array(rows);
      for (let row = 0; row < rows; row++) handles[row] = row;
    }
    fields.push(new Field(handleName, new Uint32(), false));
    children.push(makeData({ type: new Uint32(), length: rows, data: handles }));
  }
  const metadata = new Map([
    [versionKey, String(metadataVersion)],
    [structKey, JSON.stringify(struct)],
    [handleKey, handleName === false ? '' : handleName],
  ]);
  const schema = new Schema(fields, metadata);
  const batch = new RecordBatch(schema, makeData({ type: new ArrowStruct(fields), length: rows, children, nullCount: 0 }));
  return new Table(schema, [batch]);
}
