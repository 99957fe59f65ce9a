/**
 * `defineStruct`: the schema compiler's front door.
 */
import { compileStruct } from './codegen';
import { describe } from './describe';
import { invalidValue, invalidVector } from './errors';
import { type FieldInfo, isIdentifier, parseSchema, type Schema } from './schema';
import { Slots } from './slots';
import { allocateColumns, Store, type StoreOptions } from './store';
import type { RecordOf, ViewOf } from './types';
import { decodeUtf8, encodeUtf8, utf8Fits } from './utf8';
import { deadHandle, inspectSymbol, namedObjectFactory, slotsGuard, staleView } from './views';

/** Options of `defineStruct`. */
export interface StructOptions {
  /** The struct's name, shown by `console.log` and in every error message. Default `'Struct'`. */
  readonly name?: string;
}

/**
 * A compiled struct: its description, and the factory of stores of its records.
 * `view instanceof Persona` is true for views of any store of `Persona`.
 */
export interface Struct<S extends Schema> {
  /** The struct's name. */
  readonly name: string;
  /** How each field is stored, in declaration order. */
  readonly fields: readonly FieldInfo[];
  /** Bytes one record takes in the columns: the sum of the fields' widths. */
  readonly bytesPerRecord: number;
  /**
   * Makes an empty store with preallocated columns.
   * @throws TypeError or RangeError for an unknown option, a capacity that is not an integer from 0 to
   * 4294967295, or a `growable` that is not boolean.
   */
  createStore(options?: StoreOptions): Store<S>;
  /** True for views of records of this struct. */
  [Symbol.hasInstance](value: unknown): value is ViewOf<S>;
}

/** The plain-object type of one record of a struct: `Infer<typeof Persona>`. */
export type Infer<T> = T extends Struct<infer S> ? RecordOf<S> : never;
/** The view type of one record of a struct: `InferView<typeof Persona>`. */
export type InferView<T> = T extends Struct<infer S> ? ViewOf<S> : never;

const defaultCapacity = 64;
const storeOptionNames = new Set(['capacity', 'growable']);

function readStoreOptions(structName: string, options: unknown): { capacity: number; growable: boolean } {
  if (options === undefined) return { capacity: defaultCapacity, growable: true };
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${structName}.createStore: options must be an object; got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!storeOptionNames.has(key)) {
      throw new TypeError(`${structName}.createStore: unknown option "${key}"; options are capacity, growable`);
    }
  }
  const { capacity = defaultCapacity, growable = true } = options as StoreOptions;
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 0 || capacity > 0xffff_ffff) {
    throw new RangeError(
      `${structName}.createStore: capacity must be an integer from 0 to 4294967295; got ${describe(capacity)}`,
    );
  }
  if (typeof growable !== 'boolean') {
    throw new TypeError(`${structName}.createStore: growable must be a boolean; got ${describe(growable)}`);
  }
  return { capacity, growable };
}

function fieldNames(fields: readonly FieldInfo[]): string {
  return fields.map((field) => field.name).join(', ');
}

/**
 * Compiles a schema into a struct whose stores hold each field in its own typed-array column.
 *
 * The record type is inferred from the literal; no `as const` is needed.
 *
 * @example
 * ```ts
 * const Particle = defineStruct(
 *   { pos: ['f32', 3], state: { enum: ['idle', 'moving'] }, label: { utf8: 16 } },
 *   { name: 'Particle' },
 * );
 * const particles = Particle.createStore({ capacity: 100_000 });
 * const h = particles.add({ pos: [0, 1, 2], state: 'moving' });
 * particles.get(h).pos[1] += 0.5;
 * ```
 * @throws TypeError or RangeError naming the field, for a schema it cannot compile.
 */
export function defineStruct<const S extends Schema>(schema: S, options: StructOptions = {}): Struct<S> {
  const name = options.name ?? 'Struct';
  if (typeof name !== 'string' || !isIdentifier(name)) {
    throw new TypeError(`defineStruct: the name must be a JavaScript identifier; got ${describe(name)}`);
  }
  const fields = Object.freeze(parseSchema(name, schema).map((field) => Object.freeze(field)));
  const viewPrototype = Object.create(
    slotsGuard(
      (key) => `${name} has no field ${describe(key)}; its fields are ${fieldNames(fields)} (views hold nothing else)`,
    ),
  ) as object;
  const compiled = compileStruct({
    structName: name,
    fields,
    StoreBase: Store,
    viewPrototype,
    vectorPrototypes: fields.map((field) =>
      field.vector
        ? slotsGuard((key) => `${name}.${field.name} has no element ${describe(key)}; its length is ${field.length}`)
        : undefined,
    ),
    memberIndexes: fields.map((field) =>
      field.kind === 'enum' ? new Map(field.members.map((member, index) => [member, index])) : undefined,
    ),
    invalidValue,
    invalidVector,
    corruptEnum: (structName: string, field: FieldInfo, stored: number) =>
      new RangeError(`${structName}.${field.name}: the column holds ${stored}, which is no member of the enum`),
    staleView,
    deadHandle,
    unknownField: (structName: string, key: string) =>
      new TypeError(`${structName} has no field ${describe(key)}; its fields are ${fieldNames(fields)}`),
    notAnObject: (structName: string, value: unknown) =>
      new TypeError(`${structName}: a record's initial values are an object; got ${describe(value)}`),
    utf8Fits,
    encodeUtf8,
    decodeUtf8,
    named: namedObjectFactory(name),
    inspectSymbol,
  });

  const struct: Struct<S> = {
    name,
    fields,
    bytesPerRecord: fields.reduce((sum, field) => sum + field.bytes, 0),
    createStore(storeOptions?: StoreOptions): Store<S> {
      const { capacity, growable } = readStoreOptions(name, storeOptions);
      const slots = new Slots(capacity);
      const columns = allocateColumns(fields, capacity);
      const holder = compiled.holder(columns, slots.generations, slots);
      const GeneratedStore = compiled.Store as unknown as new (...args: ConstructorParameters<typeof Store>) => Store<S>;
      return new GeneratedStore({ structName: name, fields, slots, columns, growable, compiled, holder });
    },
    [Symbol.hasInstance](value: unknown): value is ViewOf<S> {
      return typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(viewPrototype, value);
    },
  };
  return Object.freeze(struct);
}
