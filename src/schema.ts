/**
 * Schema parsing: turns the field list a user writes into the field descriptions every other part reads.
 */
import { describe } from './describe';
import { refuse } from './errors';
import { type ElementType, isScalarType, type ScalarType, scalarKinds } from './kinds';

/** A fixed-length vector field: `['f32', 3]` holds three f32 per record. */
export type VectorSpec = readonly [ElementType, number];
/** An enum field: one of the listed strings, stored as the smallest unsigned integer that indexes them. */
export interface EnumSpec {
  readonly enum: readonly string[];
}
/** A string field of at most `utf8` bytes once encoded as UTF-8. */
export interface Utf8Spec {
  readonly utf8: number;
}
/**
 * A reference field: holds a reference (see `store.ref`) to a record of another struct's store, or of its own
 * store with `'self'`. Reads as that record's view or null; 8 bytes per record.
 */
export interface RefSpec {
  readonly ref: object | 'self';
}
/** What one field of a schema can be. */
export type FieldSpec = ScalarType | VectorSpec | EnumSpec | Utf8Spec | RefSpec;
/** A schema: field names to field specs, in declaration order. */
export type Schema = Readonly<Record<string, FieldSpec>>;

/** The kind of a field: its scalar type, or `'enum'`, `'utf8'` or `'ref'`. Vectors have their element's type. */
export type FieldKind = ScalarType | 'enum' | 'utf8' | 'ref';

/** How one field is stored; `Struct.fields` lists these in declaration order. */
export interface FieldInfo {
  readonly name: string;
  readonly kind: FieldKind;
  /** True for `['f32', 3]`-style fields, which read as live array-likes. */
  readonly vector: boolean;
  /** Column elements per record: 1 for scalars and enums, n for vectors, the byte size for utf8. */
  readonly length: number;
  /** Bytes per record this field takes. */
  readonly bytes: number;
  /** The column's element type (enums: the smallest unsigned type that fits; utf8 and bool: u8). */
  readonly storage: ScalarType;
  /** Enum members in declaration order; the column holds their index. Empty for other kinds. */
  readonly members: readonly string[];
  /** A reference field's target: the struct its records are of, or `'self'`. Undefined for other kinds. */
  readonly target?: object | 'self';
}

// Names the view needs for itself: a field called `toJSON` would break JSON.stringify, and the
// Object.prototype names would shadow methods every JavaScript object is expected to have.
const reservedNames = new Set([...Object.getOwnPropertyNames(Object.prototype), 'toJSON']);
const identifier = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/** True when `name` can be a struct or field name: a JavaScript identifier. */
export function isIdentifier(name: string): boolean {
  return identifier.test(name);
}

function fail(structName: string, field: string, problem: string, kind: 'type' | 'range' = 'type'): never {
  const shown = field.length > 60 ? `${field.slice(0, 60)}…` : field; // a hostile name must not make a huge message
  return refuse(`${structName}.${shown}: ${problem}`, kind);
}

function unsignedFor(count: number): ScalarType {
  if (count <= 0x100) return 'u8';
  if (count <= 0x1_0000) return 'u16';
  return 'u32';
}

/**
 * The longest vector, in elements. Generated code, error messages and per-record copies all handle a vector as
 * a whole, and a record is meant to be small: a longer array belongs in its own store, one record per element.
 */
export const maxVectorLength = 65_536;
/** The largest utf8 field, in bytes (the same bound as vectors, for the same reason). */
export const maxUtf8Bytes = 65_536;
/**
 * The largest record, in bytes over all fields. It keeps a record's offsets (`handle * length + k`) exact for
 * every capacity up to 2^32 - 1, and a store's memory growing by at most 1 MiB per record.
 */
export const maxRecordBytes = 1_048_576;

/** The members of every field that is not an enum: frozen, like everything `Struct.fields` hands out. */
const noMembers: readonly string[] = Object.freeze([]);

/** Reads a spec object's single key; refuses objects with other own keys (`{ enum: [...], utf8: 4 }` is ambiguous). */
function specKey(structName: string, name: string, spec: object): 'enum' | 'utf8' | undefined {
  const keys = Reflect.ownKeys(spec);
  const known = keys.filter((key) => key === 'enum' || key === 'utf8');
  if (known.length === 0) return undefined;
  if (keys.length !== 1) {
    const listed = keys.slice(0, 5).map((key) => describe(key)).join(', ') + (keys.length > 5 ? ', …' : '');
    fail(structName, name, `a field spec object has exactly one key, enum or utf8; got the keys ${listed}`);
  }
  return known[0] as 'enum' | 'utf8';
}

function parseField(structName: string, name: string, spec: unknown): FieldInfo {
  if (isScalarType(spec)) {
    const { bytes } = scalarKinds[spec];
    return { name, kind: spec, vector: false, length: 1, bytes, storage: spec, members: noMembers };
  }
  if (Array.isArray(spec)) {
    // Read by index, each item once: no iterator a hostile array could override.
    const items = spec.length;
    const element: unknown = spec[0];
    const length: unknown = spec[1];
    if (items !== 2 || !isScalarType(element) || element === 'bool') {
      fail(structName, name, `a vector is [type, length] with a scalar type other than bool; got ${describe(spec)}`);
    }
    if (typeof length !== 'number') fail(structName, name, `vector length must be a number; got ${describe(length)}`);
    if (!Number.isInteger(length) || length < 1 || length > maxVectorLength) {
      fail(structName, name, `vector length must be an integer from 1 to ${maxVectorLength}; got ${describe(length)}`, 'range');
    }
    const bytes = scalarKinds[element].bytes * length;
    return { name, kind: element, vector: true, length, bytes, storage: element, members: noMembers };
  }
  const key = spec !== null && typeof spec === 'object' ? specKey(structName, name, spec) : undefined;
  if (key === 'enum') {
    const members: unknown = (spec as EnumSpec).enum;
    if (!Array.isArray(members) || members.length === 0) {
      fail(structName, name, `enum needs a non-empty array of strings; got ${describe(members)}`);
    }
    const count = members.length;
    const copy: string[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < count; index++) {
      const member: unknown = members[index];
      if (typeof member !== 'string') fail(structName, name, `enum members must be strings; got ${describe(member)}`);
      if (seen.has(member)) fail(structName, name, `enum member ${describe(member)} is listed twice`);
      seen.add(member);
      copy.push(member);
    }
    const storage = unsignedFor(count);
    const { bytes } = scalarKinds[storage];
    return { name, kind: 'enum', vector: false, length: 1, bytes, storage, members: Object.freeze(copy) };
  }
  if (key === 'utf8') {
    const size: unknown = (spec as Utf8Spec).utf8;
    if (typeof size !== 'number') fail(structName, name, `utf8 size must be a number of bytes; got ${describe(size)}`);
    if (!Number.isInteger(size) || size < 1 || size > maxUtf8Bytes) {
      fail(structName, name, `utf8 size must be an integer number of bytes from 1 to ${maxUtf8Bytes}; got ${describe(size)}`, 'range');
    }
    return { name, kind: 'utf8', vector: false, length: size, bytes: size, storage: 'u8', members: noMembers };
  }
  if (spec !== null && typeof spec === 'object' && 'ref' in spec) {
    const target: unknown = spec.ref;
    if (target !== 'self' && (target === null || typeof target !== 'object' || typeof (target as { createStore?: unknown }).createStore !== 'function')) {
      fail(structName, name, `a reference field is { ref: Struct } or { ref: 'self' }; got ${describe(target)}`);
    }
    return { name, kind: 'ref', vector: false, length: 1, bytes: 8, storage: 'f64', members: [], target: target as object | 'self' };
  }
  return fail(
    structName,
    name,
    `unknown field type ${describe(spec)}; expected one of ${Object.keys(scalarKinds).join(', ')}, ` +
      `[type, length], { enum: [...] } or { utf8: bytes }`,
  );
}

/**
 * Checks a schema and describes its fields in declaration order.
 *
 * @throws TypeError or RangeError naming the struct and field, for an empty schema, an unknown type, a bad
 * vector length or utf8 size, an empty or repeated enum, a name that is not an identifier or a reserved name.
 */
export function parseSchema(structName: string, schema: unknown): FieldInfo[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new TypeError(`${structName}: a schema is an object of field names to types; got ${describe(schema)}`);
  }
  const symbol = Object.getOwnPropertySymbols(schema)[0];
  if (symbol !== undefined) throw new TypeError(`${structName}: field names are strings; got the key ${describe(symbol)}`);
  const names = Object.keys(schema);
  if (names.length === 0) throw new TypeError(`${structName}: a schema needs at least one field`);
  let recordBytes = 0;
  return names.map((name) => {
    if (!isIdentifier(name)) fail(structName, name, 'a field name must be a JavaScript identifier');
    if (reservedNames.has(name)) {
      fail(structName, name, `"${name}" is reserved: every view needs it for itself`);
    }
    const field = parseField(structName, name, (schema as Record<string, unknown>)[name]);
    recordBytes += field.bytes;
    if (recordBytes > maxRecordBytes) {
      fail(structName, name, `a record is limited to ${maxRecordBytes} bytes, and with this field it takes ${recordBytes}`, 'range');
    }
    return field;
  });
}
