/**
 * `defineStruct`: the schema compiler's front door.
 */
import { compileStruct } from './codegen';
import { describe } from './describe';
import { corruptEnum, invalidValue, invalidVector, notAFunction, notAnObject, undeclaredProperty, unknownField } from './errors';
import { type FieldInfo, isIdentifier, parseSchema, type Schema } from './schema';
import { openHandle, type SharedStoreHandle } from './shared';
import { Slots } from './slots';
import { describeStruct, readSnapshot } from './snapshot';
import { referenceAccessors } from './references';
import { allocateColumns } from './columns';
import { Store, type StoreOptions } from './store';
import type { ColumnArray } from './kinds';
import type { CheckedSchema, RecordOf, SchemaInput, ViewOf } from './types';
import { decodeUtf8, encodeUtf8, utf8Fits } from './utf8';
import { cursorMovedDuringWrite, deadHandle, deletedUnderCursor, inspectSymbol, namedObjectFactory, slotsGuard, staleView, vectorIndexes } from './views';

/** Options of `defineStruct`. */
export interface StructOptions {
  /** The struct's name, shown by `console.log` and in every error message. Default `'Struct'`. */
  readonly name?: string;
}

/** Options of `Struct.fromBytes`. */
export interface FromBytesOptions {
  /**
   * Restore into SharedArrayBuffers, as a store made with `shared: true` (fixed capacity, `share()` works).
   * Default false: a snapshot of a shared store restores as an ordinary store with the saved `growable`.
   */
  readonly shared?: boolean;
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
  /**
   * Restores a store from `store.toBytes()`: the same capacity, live handles, values and free slots. The store
   * is shared only when asked (`{ shared: true }`), whatever the saved store was: a snapshot holds data, not
   * memory other threads could still be using.
   * @throws RangeError for bytes that are truncated, extended, corrupted or of another format version;
   * TypeError for bytes that are not a Uint8Array or hold another struct (another name or other fields), or for
   * bad options. Nothing half-built is returned.
   */
  fromBytes(bytes: Uint8Array, options?: FromBytesOptions): Store<S>;
  /**
   * A store over the memory of another thread's shared store, from the handle its `share()` returned.
   * Fields read and write the same memory (no copy). Only the creating thread adds, deletes or clears;
   * on an attached store those throw a TypeError.
   * @throws TypeError or RangeError for a handle of another struct, or one whose buffers do not fit it.
   */
  attach(handle: SharedStoreHandle): Store<S>;
  /** True for views of records of this struct. */
  [Symbol.hasInstance](value: unknown): value is ViewOf<S>;
}

/** The plain-object type of one record of a struct: `Infer<typeof Persona>`. */
export type Infer<T> = T extends Struct<infer S> ? RecordOf<S> : never;
/** The view type of one record of a struct: `InferView<typeof Persona>`. */
export type InferView<T> = T extends Struct<infer S> ? ViewOf<S> : never;

const defaultCapacity = 64;
const storeOptionNames = new Set(['capacity', 'growable', 'shared']);

function readStoreOptions(structName: string, options: unknown): { capacity: number; growable: boolean; shared: boolean } {
  if (options === undefined) return { capacity: defaultCapacity, growable: true, shared: false };
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${structName}.createStore: options must be an object; got ${describe(options)}`);
  }
  for (const key of Reflect.ownKeys(options)) {
    if (typeof key !== 'string' || !storeOptionNames.has(key)) {
      throw new TypeError(`${structName}.createStore: unknown option ${describe(key)}; options are capacity, growable, shared`);
    }
  }
  const { capacity = defaultCapacity, shared = false } = options as StoreOptions;
  if (typeof shared !== 'boolean') {
    throw new TypeError(`${structName}.createStore: shared must be a boolean; got ${describe(shared)}`);
  }
  const { growable = !shared } = options as StoreOptions;
  if (typeof capacity !== 'number') {
    throw new TypeError(`${structName}.createStore: capacity must be a number; got ${describe(capacity)}`);
  }
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 0xffff_ffff) {
    throw new RangeError(
      `${structName}.createStore: capacity must be an integer from 0 to 4294967295; got ${describe(capacity)}`,
    );
  }
  if (typeof growable !== 'boolean') {
    throw new TypeError(`${structName}.createStore: growable must be a boolean; got ${describe(growable)}`);
  }
  if (shared && growable) {
    throw new TypeError(
      `${structName}.createStore: a shared store has a fixed capacity (growing would leave other threads on the old memory); drop growable: true`,
    );
  }
  return { capacity, growable, shared };
}

/** The struct's name from `defineStruct`'s options, refusing anything but `undefined` or `{ name?: identifier }`. */
function readStructName(options: unknown): string {
  if (options === undefined) return 'Struct';
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`defineStruct: options must be an object such as { name: 'Unit' }; got ${describe(options)}`);
  }
  for (const key of Reflect.ownKeys(options)) {
    if (key !== 'name') throw new TypeError(`defineStruct: unknown option ${describe(key)}; the only option is name`);
  }
  const name: unknown = (options as StructOptions).name ?? 'Struct';
  if (typeof name !== 'string' || !isIdentifier(name)) {
    throw new TypeError(`defineStruct: the name must be a JavaScript identifier; got ${describe(name)}`);
  }
  return name;
}

function readFromBytesOptions(structName: string, options: unknown): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${structName}.fromBytes: options must be an object; got ${describe(options)}`);
  }
  for (const key of Reflect.ownKeys(options)) {
    if (key !== 'shared') throw new TypeError(`${structName}.fromBytes: unknown option ${describe(key)}; the only option is shared`);
  }
  const { shared = false } = options as FromBytesOptions;
  if (typeof shared !== 'boolean') throw new TypeError(`${structName}.fromBytes: shared must be a boolean; got ${describe(shared)}`);
  return shared;
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
// S is inferred from CheckedSchema<S> (a mapped type TypeScript inverts), so a bad field fails with a message
// naming what is expected; the default `{}` is what an empty schema infers, which CheckedSchema refuses.
export function defineStruct<const S extends SchemaInput = {}>(
  schema: CheckedSchema<S>,
  options?: StructOptions,
): Struct<S extends Schema ? S : never>;
export function defineStruct<S extends Schema>(schema: S, options?: StructOptions): Struct<S> {
  const name = readStructName(options);
  const fields = Object.freeze(parseSchema(name, schema).map((field) => Object.freeze(field)));
  const viewPrototype = Object.create(
    slotsGuard((key) => undeclaredProperty(name, fields, key)),
  ) as object;
  const compiled = compileStruct({
    structName: name,
    fields,
    StoreBase: Store,
    viewPrototype,
    vectorPrototypes: fields.map((field) =>
      field.vector
        ? vectorIndexes(field.length, (key) => `${name}.${field.name} has no element ${describe(key)}; its length is ${field.length}`)
        : undefined,
    ),
    memberIndexes: fields.map((field) =>
      field.kind === 'enum' ? new Map(field.members.map((member, index) => [member, index])) : undefined,
    ),
    invalidValue,
    invalidVector,
    corruptEnum,
    staleView,
    deletedUnderCursor,
    cursorMovedDuringWrite,
    deadHandle,
    unknownField,
    notAnObject,
    notAFunction,
    utf8Fits,
    encodeUtf8,
    decodeUtf8,
    named: namedObjectFactory(name),
    inspectSymbol,
    ...referenceAccessors(name, fields),
  });

  const descriptor = describeStruct(name, fields);
  const GeneratedStore = compiled.Store as unknown as new (...args: ConstructorParameters<typeof Store>) => Store<S>;
  const build = (slots: Slots, columns: ColumnArray[], growable: boolean): Store<S> => {
    const holder = compiled.holder(columns, slots.generations, slots);
    const store = new GeneratedStore({ structName: name, descriptor, fields, slots, columns, growable, compiled, holder, struct });
    fields.forEach((field) => field.target === 'self' && store.link(field.name as never, store as never)); // a self reference points into its own store
    return store;
  };

  const struct: Struct<S> = {
    name,
    fields,
    bytesPerRecord: fields.reduce((sum, field) => sum + field.bytes, 0),
    createStore(storeOptions?: StoreOptions): Store<S> {
      const { capacity, growable, shared } = readStoreOptions(name, storeOptions);
      let slots: Slots;
      try {
        slots = new Slots(capacity, { shared });
      } catch (error) {
        if (!(error instanceof RangeError)) throw error; // the TypeError of a context without SharedArrayBuffer
        throw new RangeError(`${name}.createStore: cannot allocate the bookkeeping of ${capacity} slots`, { cause: error });
      }
      return build(slots, allocateColumns(name, fields, capacity, shared), growable);
    },
    fromBytes(bytes: Uint8Array, restoreOptions?: FromBytesOptions): Store<S> {
      const shared = readFromBytesOptions(name, restoreOptions);
      const contents = readSnapshot(descriptor, fields, bytes, shared);
      return build(new Slots(contents.capacity, { shared, state: contents.slots }), contents.columns, contents.growable);
    },
    attach(handle: SharedStoreHandle): Store<S> {
      const opened = openHandle(descriptor, fields, handle);
      return build(new Slots(opened.capacity, { shared: true, attached: true, state: opened.slots }), opened.columns, false);
    },
    [Symbol.hasInstance](value: unknown): value is ViewOf<S> {
      return typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(viewPrototype, value);
    },
  };
  sources.set(struct, compiled.source);
  return Object.freeze(struct);
}

const sources = new WeakMap<object, string>();

/**
 * The JavaScript generated for a struct, for contributors reading what V8 runs (`npm run source`). Not part of
 * the public entry: its text changes with every release.
 */
export function generatedSource(struct: object): string | undefined {
  return sources.get(struct);
}
