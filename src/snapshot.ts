/**
 * Snapshots: a store as self-describing bytes, and back.
 *
 * Layout, little-endian whatever the platform, every section starting at a multiple of 8:
 *
 * | bytes | what |
 * | --- | --- |
 * | 4 | magic "SLOT" |
 * | 2 | format version (1) |
 * | 2 | reserved, 0 |
 * | 4 | total length in bytes, checksum included |
 * | 4 | descriptor length d |
 * | d | descriptor: UTF-8 JSON of the struct (name, fields with kinds, lengths, enum members, string sizes) and the store (capacity, end, size, free count, generation width, growable) |
 * | capacity × width | generation counters |
 * | free × 4 | the free stack, in order |
 * | per field | its column for handles 0 .. end |
 * | 4 | checksum: FNV-1a over the little-endian 32-bit words before it |
 *
 * Sections are copied as whole typed arrays: no per-record work on a little-endian machine.
 */
import { allocateColumns, columnZero, sharedMemory } from './columns';
import { describe } from './describe';
import { refuse } from './errors';
import { type ColumnArray, scalarKinds } from './kinds';
import type { FieldInfo } from './schema';
import { type GenerationArray, retiredGeneration, type Slots, type SlotsState } from './slots';

const magic = [0x53, 0x4c, 0x4f, 0x54]; // "SLOT"
/** The snapshot format version this build writes and reads. */
export const snapshotVersion = 1;
const headerBytes = 16;
const checksumBytes = 4;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const generationTypes = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;
type GenerationType = keyof typeof generationTypes;

/** A struct as it is written into snapshots and share handles: enough to tell whether two structs match. */
export interface StructDescriptor {
  readonly name: string;
  readonly fields: readonly Pick<FieldInfo, 'name' | 'kind' | 'vector' | 'length' | 'storage' | 'members'>[];
}

interface SnapshotDescriptor {
  readonly struct: StructDescriptor;
  readonly capacity: number;
  readonly end: number;
  readonly size: number;
  readonly free: number;
  readonly generations: GenerationType;
  readonly growable: boolean;
}

/** What a snapshot holds, ready to become a store. */
export interface StoreContents {
  readonly capacity: number;
  readonly growable: boolean;
  readonly slots: SlotsState;
  /** In field order. */
  readonly columns: ColumnArray[];
}

/**
 * The descriptor of a struct's fields, as snapshots and share handles carry it. Frozen all the way down: every
 * share handle hands out this one object, and snapshots are written from it.
 */
export function describeStruct(name: string, fields: readonly FieldInfo[]): StructDescriptor {
  return Object.freeze({
    name,
    fields: Object.freeze(
      fields.map(({ name: field, kind, vector, length, storage, members }) =>
        Object.freeze({ name: field, kind, vector, length, storage, members: Object.freeze([...members]) }),
      ),
    ),
  });
}

/**
 * A field description as an error message shows it. `field` may come from a forged snapshot or handle, so any
 * part may be missing or of the wrong type, and every part is shown bounded in length.
 */
function fieldSpec(field: unknown): string {
  const { kind, vector, length, members } = field as Partial<Record<keyof StructDescriptor['fields'][number], unknown>>;
  const shownKind = typeof kind === 'string' && kind.length <= 40 ? kind : describe(kind);
  if (kind === 'enum') {
    if (!Array.isArray(members)) return `enum (with no member list: ${describe(members)})`;
    const listed = members.slice(0, 10).map((member) => describe(member)).join(', ');
    return `enum [${listed}${members.length > 10 ? `, … ${members.length - 10} more` : ''}]`;
  }
  if (kind === 'utf8') return `utf8 (${describe(length)} bytes)`;
  return vector === true ? `[${shownKind}, ${describe(length)}]` : shownKind;
}

/**
 * Why `found` does not describe the same struct as `expected`, or undefined when it does.
 * `what` names where `found` came from, for the message.
 */
export function structMismatch(expected: StructDescriptor, found: unknown, what: string): string | undefined {
  if (found === null || typeof found !== 'object') return `${what} carries no struct description`;
  const { name, fields } = found as Partial<StructDescriptor>;
  if (name !== expected.name) return `${what} is of struct ${describe(name)}, not ${JSON.stringify(expected.name)}`;
  if (!Array.isArray(fields)) return `${what} carries no field list`;
  const count = Math.max(fields.length, expected.fields.length);
  for (let k = 0; k < count; k++) {
    const mine = expected.fields[k];
    const theirs = fields[k] as StructDescriptor['fields'][number] | undefined;
    if (mine === undefined) return `${what} has an extra field ${describe(theirs?.name)}`;
    if (theirs === undefined || theirs === null || typeof theirs !== 'object') return `${what} lacks field ${JSON.stringify(mine.name)}`;
    if (theirs.name !== mine.name) return `${what} has field ${describe(theirs.name)} where ${expected.name} has ${JSON.stringify(mine.name)}`;
    const same =
      theirs.kind === mine.kind &&
      theirs.vector === mine.vector &&
      theirs.length === mine.length &&
      theirs.storage === mine.storage &&
      Array.isArray(theirs.members) &&
      theirs.members.length === mine.members.length &&
      theirs.members.every((member, index) => member === mine.members[index]);
    if (!same) return `${what} has ${mine.name}: ${fieldSpec(theirs)}, but ${expected.name} has ${mine.name}: ${fieldSpec(mine)}`;
  }
  return undefined;
}

// Float arithmetic, not `(n + 7) & ~7`: bitwise operators work on 32-bit integers and turned lengths past 2 GiB
// negative.
const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * The largest snapshot, in bytes: the header stores the total length as a u32, and a snapshot's length is 4 more
 * than a multiple of 8. It is also about the largest Uint8Array Node 20 makes (2^32 bytes).
 */
export const maxSnapshotBytes = 2 ** 32 - 4;

function generationType(generations: GenerationArray): GenerationType {
  if (generations instanceof Uint8Array) return 'u8';
  if (generations instanceof Uint16Array) return 'u16';
  if (generations instanceof Uint32Array) return 'u32';
  return 'f64';
}

/** Reverses each `width`-byte group in place: big-endian <-> little-endian. */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let at = 0; at + width <= bytes.length; at += width) bytes.subarray(at, at + width).reverse();
}

/** Copies `count` elements of `source` into `target` at `offset`, little-endian. */
function writeElements(target: Uint8Array, offset: number, source: ColumnArray | GenerationArray | Uint32Array, count: number): void {
  const length = count * source.BYTES_PER_ELEMENT;
  target.set(new Uint8Array(source.buffer, source.byteOffset, length), offset);
  if (!littleEndian) swapBytes(target.subarray(offset, offset + length), source.BYTES_PER_ELEMENT);
}

/** Fills the first `count` elements of `target` from little-endian bytes at `offset`. */
function readElements(source: Uint8Array, offset: number, target: ColumnArray | GenerationArray | Uint32Array, count: number): void {
  const length = count * target.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(target.buffer, target.byteOffset, length);
  bytes.set(source.subarray(offset, offset + length));
  if (!littleEndian) swapBytes(bytes, target.BYTES_PER_ELEMENT);
}

/** FNV-1a over the little-endian 32-bit words of `bytes[0 .. length)`; `length` is a multiple of 4. */
export function checksum(bytes: Uint8Array, length: number): number {
  let hash = 0x811c9dc5;
  if (littleEndian && bytes.byteOffset % 4 === 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, length / 4);
    for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ (words[i] as number), 0x01000193);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, length);
    for (let at = 0; at < length; at += 4) hash = Math.imul(hash ^ view.getUint32(at, true), 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Where each section starts, given the descriptor's length and each section's byte length: every section at a
 * multiple of 8, then the checksum. `body` is where the checksum goes, `total` the snapshot's length.
 */
export function snapshotLayout(descriptorBytes: number, sectionBytes: readonly number[]): { offsets: number[]; body: number; total: number } {
  let body = pad8(headerBytes + descriptorBytes);
  const offsets = sectionBytes.map((bytes) => {
    const at = body;
    body = pad8(body + bytes);
    return at;
  });
  return { offsets, body, total: body + checksumBytes };
}

/**
 * The first live record (as `[handle, stored index]`) whose enum field `k` holds an index that is no member, or
 * undefined. Such an index can only come from a raw column write; every checked path refuses it (view reads,
 * `toArray`, `JSON.stringify`), and so do `toBytes` and `fromBytes`, so that no snapshot carries a record no view
 * could read. One pass over one column per enum field: ~1 ms per million records.
 */
function nonMember(field: FieldInfo, column: ColumnArray, generations: GenerationArray, end: number): [number, number] | undefined {
  const count = field.members.length;
  for (let handle = 0; handle < end; handle++) {
    const index = column[handle] as number;
    if (index >= count && ((generations[handle] as number) & 1) === 1) return [handle, index];
  }
  return undefined;
}

/**
 * Writes a store's snapshot.
 * @throws RangeError, writing nothing, when a live record's enum column holds an index that is no member, or
 * when the snapshot would be larger than `maxSnapshotBytes`.
 */
export function writeSnapshot(
  struct: StructDescriptor,
  fields: readonly FieldInfo[],
  slots: Slots,
  columns: readonly ColumnArray[],
  growable: boolean,
): Uint8Array {
  const free = slots.freeHandles();
  const { generations } = slots.state;
  fields.forEach((field, k) => {
    const found = field.kind === 'enum' ? nonMember(field, columns[k] as ColumnArray, generations, slots.end) : undefined;
    if (found !== undefined) {
      refuse(
        `${struct.name}.toBytes: ${struct.name}.${field.name} holds ${found[1]} at handle ${found[0]}, which is no member of the enum (written through the raw column)`,
        'range',
      );
    }
  });
  const descriptor: SnapshotDescriptor = {
    struct,
    capacity: slots.capacity,
    end: slots.end,
    size: slots.size,
    free: free.length,
    generations: generationType(generations),
    growable,
  };
  const json = new TextEncoder().encode(JSON.stringify(descriptor));
  const sections = [
    { source: generations as GenerationArray | ColumnArray | Uint32Array, count: slots.capacity },
    { source: free, count: free.length },
    ...fields.map((field, k) => ({ source: columns[k] as ColumnArray, count: slots.end * field.length })),
  ];
  const { offsets, body: length, total } = snapshotLayout(
    json.length,
    sections.map((section) => section.count * section.source.BYTES_PER_ELEMENT),
  );
  if (total > maxSnapshotBytes) {
    throw new RangeError(
      `${struct.name}.toBytes: the snapshot would be ${total} bytes, more than the ${maxSnapshotBytes} a snapshot can hold ` +
        '(its header stores the length in 32 bits); snapshot a smaller store',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(total);
  } catch (error) {
    throw new RangeError(`${struct.name}.toBytes: cannot allocate the ${total} bytes of the snapshot`, { cause: error });
  }
  const view = new DataView(bytes.buffer);
  bytes.set(magic, 0);
  view.setUint16(4, snapshotVersion, true);
  view.setUint32(8, total, true);
  view.setUint32(12, json.length, true);
  bytes.set(json, headerBytes);
  sections.forEach((section, index) => writeElements(bytes, offsets[index] as number, section.source, section.count));
  view.setUint32(length, checksum(bytes, length), true);
  return bytes;
}

const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const intrinsicGetter = <T>(name: string): ((this: unknown) => T) =>
  (Object.getOwnPropertyDescriptor(typedArrayPrototype, name) as { get: (this: unknown) => T }).get;
const typedArrayBuffer = intrinsicGetter<ArrayBufferLike>('buffer');
const typedArrayOffset = intrinsicGetter<number>('byteOffset');
const typedArrayLength = intrinsicGetter<number>('byteLength');

function corrupt(structName: string, problem: string, kind: 'range' | 'type' = 'range', cause?: unknown): never {
  const message = `${structName}.fromBytes: ${problem}`;
  if (cause === undefined) return refuse(message, kind);
  throw kind === 'range' ? new RangeError(message, { cause }) : new TypeError(message, { cause });
}

/** The message of what a decoder or parser threw, for the error that reports it. */
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const isCount = (value: unknown, max = 0xffff_ffff): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/**
 * Reads a snapshot written by `writeSnapshot` for the struct `struct`, checking everything before building
 * anything: a snapshot that is cut, extended, corrupted, of another version or of another struct throws.
 * With `shared`, the contents land in SharedArrayBuffers laid out as a shared store keeps them (4-byte
 * generation counters, a free stack with room for every slot, a fixed capacity).
 */
export function readSnapshot(struct: StructDescriptor, fields: readonly FieldInfo[], given: unknown, shared = false): StoreContents {
  const name = struct.name;
  if (!(given instanceof Uint8Array)) corrupt(name, `expected a Uint8Array; got ${describe(given)}`, 'type');
  // A plain Uint8Array over the same bytes, made with the engine's own getters: a subclass could override
  // length, subarray or buffer to show the checksum one thing and the reads another.
  const bytes = new Uint8Array(typedArrayBuffer.call(given), typedArrayOffset.call(given), typedArrayLength.call(given));
  if (bytes.length < headerBytes + checksumBytes) corrupt(name, `truncated: ${bytes.length} bytes is shorter than any snapshot`);
  if (magic.some((byte, index) => bytes[index] !== byte)) corrupt(name, 'not a slotted snapshot (the magic number is wrong)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== snapshotVersion) corrupt(name, `snapshot format version ${version}; this slotted reads version ${snapshotVersion}`);
  const total = view.getUint32(8, true);
  if (total > bytes.length) corrupt(name, `truncated: the snapshot is ${total} bytes, only ${bytes.length} were given`);
  if (total < bytes.length) corrupt(name, `${bytes.length - total} extra bytes after the end of the snapshot`);
  if (total % 8 !== checksumBytes) corrupt(name, 'corrupted: impossible total length');
  const body = total - checksumBytes;
  if (checksum(bytes, body) !== view.getUint32(body, true)) corrupt(name, 'checksum mismatch: the snapshot is corrupted');

  const jsonLength = view.getUint32(12, true);
  if (headerBytes + jsonLength > body) corrupt(name, 'corrupted: the descriptor runs past the end');
  let text: string;
  try {
    // slice, not subarray: a copy in a plain ArrayBuffer, since browsers refuse to decode a view of a
    // SharedArrayBuffer, and bytes may be one (Node accepts it).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(headerBytes, headerBytes + jsonLength));
  } catch (error) {
    return corrupt(name, `corrupted: the descriptor is not valid UTF-8 (${reason(error)})`, 'range', error);
  }
  let descriptor: SnapshotDescriptor;
  try {
    descriptor = JSON.parse(text) as SnapshotDescriptor;
  } catch (error) {
    return corrupt(name, `corrupted: the descriptor is not valid JSON (${reason(error)})`, 'range', error);
  }
  const mismatch = structMismatch(struct, descriptor?.struct, 'the snapshot');
  if (mismatch !== undefined) corrupt(name, mismatch, 'type');

  const { capacity, end, size, free, generations: generationKind, growable } = descriptor;
  if (!isCount(capacity) || !isCount(end, capacity) || !isCount(size, end) || !isCount(free, end) || size + free > end) {
    corrupt(name, `corrupted: impossible counts (capacity ${describe(capacity)}, end ${describe(end)}, size ${describe(size)}, free ${describe(free)})`);
  }
  if (typeof growable !== 'boolean' || !Object.hasOwn(generationTypes, generationKind)) corrupt(name, 'corrupted: bad store options');

  // Every size the descriptor claims is checked against the bytes actually present before anything is allocated:
  // the sections must tile the snapshot exactly.
  const Generations = generationTypes[generationKind];
  const sizes = [capacity * Generations.BYTES_PER_ELEMENT, free * 4, ...fields.map((field) => end * field.length * scalarKinds[field.storage].bytes)];
  const { offsets, total: claimed } = snapshotLayout(jsonLength, sizes);
  if (claimed > total) corrupt(name, `corrupted: the descriptor claims ${claimed} bytes of snapshot, but it is ${total} bytes`);
  if (claimed !== total) corrupt(name, 'corrupted: the sections do not fill the snapshot');

  // Bookkeeping first (its bytes are present, so its size is bounded by the input), checked whole before the
  // columns are allocated: the checksum catches accidents; these catch a well-formed snapshot whose bookkeeping
  // cannot be right.
  const generations = new Generations(capacity);
  readElements(bytes, offsets[0] as number, generations, capacity);
  const freeStack = free === 0 ? undefined : new Uint32Array(free);
  if (freeStack !== undefined) readElements(bytes, offsets[1] as number, freeStack, free);
  const retired = retiredGeneration(generations);
  let live = 0;
  const retiredBelowEnd: number[] = [];
  for (let handle = 0; handle < capacity; handle++) {
    const generation = generations[handle] as number;
    // Past the retired value a counter can no longer be advanced (an f64 counter stops counting by one at 2^53).
    if (!Number.isInteger(generation) || generation < 0 || generation > retired) {
      corrupt(name, `corrupted: bad generation ${generation} at slot ${handle} (a ${generationKind} counter holds 0 to ${retired})`);
    }
    if (generation === retired && handle < end) retiredBelowEnd.push(handle);
    if ((generation & 1) === 1) {
      if (handle >= end) corrupt(name, `corrupted: slot ${handle} is live beyond the end (${end})`);
      live++;
    }
  }
  if (live !== size) corrupt(name, `corrupted: ${live} live slots, but the size says ${size}`);
  const seen = new Set<number>();
  for (const handle of freeStack ?? []) {
    const generation = generations[handle] as number;
    if (handle >= end || (generation & 1) === 1 || generation === retired || seen.has(handle)) {
      corrupt(name, `corrupted: bad free slot ${handle}`);
    }
    seen.add(handle);
  }
  // Every slot below the end is live, on the free stack or retired; a free slot missing from the stack would
  // never be reused.
  if (size + free + retiredBelowEnd.length !== end) {
    corrupt(name, `corrupted: of the ${end} slots below the end, ${size} are live, ${free} on the free stack and ${retiredBelowEnd.length} retired; the rest are lost`);
  }

  // A shared store's counters are 4 bytes and never widen: checked here, before the columns are allocated.
  const sharedRetired = 0xffff_fffe;
  if (shared) {
    for (let handle = 0; handle < capacity; handle++) {
      const generation = generations[handle] as number;
      if (generation !== retired && generation >= sharedRetired) {
        refuse(`${name}.fromBytes: slot ${handle} has generation ${generation}, past the 4-byte counters of a shared store; restore it unshared`, 'range');
      }
    }
  }

  const columns = allocateColumns(name, fields, capacity, shared);
  fields.forEach((field, k) => {
    const column = columns[k] as ColumnArray;
    readElements(bytes, offsets[k + 2] as number, column, end * field.length);
    const found = field.kind === 'enum' ? nonMember(field, column, generations, end) : undefined;
    if (found !== undefined) corrupt(name, `corrupted: ${field.name} holds ${found[1]} at handle ${found[0]}, which is no member of the enum`);
    // Free slots read as zeros, as after delete, whatever raw column writes left in them before the snapshot.
    const zero = columnZero(field) as never;
    for (const handle of freeStack ?? []) column.fill(zero, handle * field.length, (handle + 1) * field.length);
    for (const handle of retiredBelowEnd) column.fill(zero, handle * field.length, (handle + 1) * field.length);
  });
  if (!shared) {
    return { capacity, growable, slots: { generations, free: freeStack, counters: new Uint32Array([end, size, free]) }, columns };
  }
  const sharedArray = (length: number): Uint32Array => new Uint32Array(sharedMemory(length * 4));
  const sharedGenerations = sharedArray(capacity);
  // A retired slot stays retired in the shared store's own counter width.
  for (let handle = 0; handle < capacity; handle++) {
    const generation = generations[handle] as number;
    sharedGenerations[handle] = generation === retired ? sharedRetired : generation;
  }
  const sharedFree = sharedArray(capacity);
  if (freeStack !== undefined) sharedFree.set(freeStack);
  const counters = sharedArray(3);
  counters.set([end, size, free]);
  return { capacity, growable: false, slots: { generations: sharedGenerations, free: sharedFree, counters }, columns };
}
