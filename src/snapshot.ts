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
import { allocateColumns } from './columns';
import { describe } from './describe';
import { refuse } from './errors';
import type { ColumnArray } from './kinds';
import type { FieldInfo } from './schema';
import type { GenerationArray, Slots, SlotsState } from './slots';

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

/** The descriptor of a struct's fields, as snapshots and share handles carry it. */
export function describeStruct(name: string, fields: readonly FieldInfo[]): StructDescriptor {
  return {
    name,
    fields: fields.map(({ name: field, kind, vector, length, storage, members }) => ({ name: field, kind, vector, length, storage, members: [...members] })),
  };
}

const fieldSpec = (field: StructDescriptor['fields'][number]): string =>
  field.kind === 'enum'
    ? `enum [${field.members.map((member) => JSON.stringify(member)).join(', ')}]`
    : field.kind === 'utf8'
      ? `utf8 (${field.length} bytes)`
      : field.vector
        ? `[${field.kind}, ${field.length}]`
        : field.kind;

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

const pad8 = (n: number): number => (n + 7) & ~7;

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
 * @throws RangeError, writing nothing, when a live record's enum column holds an index that is no member.
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
  let length = pad8(headerBytes + json.length);
  const offsets = sections.map((section) => {
    const at = length;
    length = pad8(length + section.count * section.source.BYTES_PER_ELEMENT);
    return at;
  });
  const total = length + checksumBytes;
  const bytes = new Uint8Array(total);
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

function corrupt(structName: string, problem: string, kind: 'range' | 'type' = 'range'): never {
  return refuse(`${structName}.fromBytes: ${problem}`, kind);
}

const isCount = (value: unknown, max = 0xffff_ffff): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/**
 * Reads a snapshot written by `writeSnapshot` for the struct `struct`, checking everything before building
 * anything: a snapshot that is cut, extended, corrupted, of another version or of another struct throws.
 * With `shared`, the contents land in SharedArrayBuffers laid out as a shared store keeps them (4-byte
 * generation counters, a free stack with room for every slot, a fixed capacity).
 */
export function readSnapshot(struct: StructDescriptor, fields: readonly FieldInfo[], bytes: unknown, shared = false): StoreContents {
  const name = struct.name;
  if (!(bytes instanceof Uint8Array)) corrupt(name, `expected a Uint8Array; got ${describe(bytes)}`, 'type');
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
  let descriptor: SnapshotDescriptor;
  try {
    descriptor = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(headerBytes, headerBytes + jsonLength))) as SnapshotDescriptor;
  } catch {
    return corrupt(name, 'corrupted: the descriptor is not valid JSON');
  }
  const mismatch = structMismatch(struct, descriptor?.struct, 'the snapshot');
  if (mismatch !== undefined) corrupt(name, mismatch, 'type');

  const { capacity, end, size, free, generations: generationKind, growable } = descriptor;
  if (!isCount(capacity) || !isCount(end, capacity) || !isCount(size, end) || !isCount(free, end) || size + free > end) {
    corrupt(name, `corrupted: impossible counts (capacity ${describe(capacity)}, end ${describe(end)}, size ${describe(size)}, free ${describe(free)})`);
  }
  if (typeof growable !== 'boolean' || !Object.hasOwn(generationTypes, generationKind)) corrupt(name, 'corrupted: bad store options');

  const generations = new generationTypes[generationKind](capacity);
  const freeStack = free === 0 ? undefined : new Uint32Array(free);
  const columns = allocateColumns(fields, capacity, shared);
  const sections = [
    { target: generations as GenerationArray | ColumnArray | Uint32Array, count: capacity },
    { target: freeStack ?? new Uint32Array(0), count: free },
    ...fields.map((field, k) => ({ target: columns[k] as ColumnArray, count: end * field.length })),
  ];
  let offset = pad8(headerBytes + jsonLength);
  for (const section of sections) {
    const length = section.count * section.target.BYTES_PER_ELEMENT;
    if (offset + length > body) corrupt(name, 'corrupted: the sections run past the end');
    readElements(bytes, offset, section.target, section.count);
    offset = pad8(offset + length);
  }
  if (offset !== body) corrupt(name, 'corrupted: the sections do not fill the snapshot');

  // The checksum catches accidents; these catch a well-formed snapshot whose bookkeeping cannot be right.
  let live = 0;
  for (let handle = 0; handle < capacity; handle++) {
    const generation = generations[handle] as number;
    if (!Number.isSafeInteger(generation) || generation < 0) corrupt(name, `corrupted: bad generation at slot ${handle}`);
    if ((generation & 1) === 1) {
      if (handle >= end) corrupt(name, `corrupted: slot ${handle} is live beyond the end (${end})`);
      live++;
    }
  }
  if (live !== size) corrupt(name, `corrupted: ${live} live slots, but the size says ${size}`);
  const seen = new Set<number>();
  for (const handle of freeStack ?? []) {
    if (handle >= end || ((generations[handle] as number) & 1) === 1 || seen.has(handle)) {
      corrupt(name, `corrupted: bad free slot ${handle}`);
    }
    seen.add(handle);
  }
  fields.forEach((field, k) => {
    const found = field.kind === 'enum' ? nonMember(field, columns[k] as ColumnArray, generations, end) : undefined;
    if (found !== undefined) corrupt(name, `corrupted: ${field.name} holds ${found[1]} at handle ${found[0]}, which is no member of the enum`);
  });
  if (!shared) {
    return { capacity, growable, slots: { generations, free: freeStack, counters: new Uint32Array([end, size, free]) }, columns };
  }
  const sharedArray = (length: number): Uint32Array => new Uint32Array(new SharedArrayBuffer(length * 4));
  const sharedGenerations = sharedArray(capacity);
  for (let handle = 0; handle < capacity; handle++) {
    const generation = generations[handle] as number;
    if (generation > 0xffff_ffff) {
      refuse(`${name}.fromBytes: slot ${handle} has generation ${generation}, past the 4-byte counters of a shared store; restore it unshared`, 'range');
    }
    sharedGenerations[handle] = generation;
  }
  const sharedFree = sharedArray(capacity);
  if (freeStack !== undefined) sharedFree.set(freeStack);
  const counters = sharedArray(3);
  counters.set([end, size, free]);
  return { capacity, growable: false, slots: { generations: sharedGenerations, free: sharedFree, counters }, columns };
}
