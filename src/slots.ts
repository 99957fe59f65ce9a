/**
 * Slot bookkeeping: which handles are live, their generations, and the free slots to reuse.
 *
 * One generation counter per slot does double duty: odd means live, even means free, and a view remembers the
 * generation it was made at, so a view of a deleted (or deleted and reused) record is detected with one
 * comparison. Counters start as one byte per slot and widen only when some slot has been reused past what the
 * width holds, so a store that never deletes pays exactly one byte per slot for all of its bookkeeping.
 */

/** The generation counters; they widen as slots are reused. */
export type GenerationArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

const initialFreeStack = 64;

function widerCounters(counters: GenerationArray): GenerationArray {
  const wider =
    counters instanceof Uint8Array
      ? new Uint16Array(counters.length)
      : counters instanceof Uint16Array
        ? new Uint32Array(counters.length)
        : new Float64Array(counters.length); // 2^53 generations: never exhausted in practice
  wider.set(counters);
  return wider;
}

function maxOf(counters: GenerationArray): number {
  return counters instanceof Float64Array ? Number.MAX_SAFE_INTEGER - 1 : 2 ** (8 * counters.BYTES_PER_ELEMENT) - 1;
}

/** Handles, liveness and reuse for one store. */
export class Slots {
  /** Generation per slot: odd while live. Replaced (widened or grown) by `release`, `clear` and `grow`. */
  generations: GenerationArray;
  /** Freed handles, a stack; allocated on the first delete. */
  private free: Uint32Array | undefined = undefined;
  private freeCount = 0;
  /** One past the highest handle handed out since the last clear: live handles are all below it. */
  end = 0;
  /** Live records. */
  size = 0;

  constructor(capacity: number, generations?: GenerationArray) {
    this.generations = generations ?? new Uint8Array(capacity);
  }

  /** Slots there is room for. */
  get capacity(): number {
    return this.generations.length;
  }

  /** Bytes this bookkeeping holds. */
  get byteLength(): number {
    return this.generations.byteLength + (this.free?.byteLength ?? 0);
  }

  /** True when `handle` is a live record's handle. */
  isLive(handle: number): boolean {
    // A non-index handle reads undefined, and (undefined & 1) is 0: not live.
    return (handle >>> 0) === handle && ((this.generations[handle] as number) & 1) === 1;
  }

  /** Takes a free slot, reusing freed ones first, and marks it live; -1 when every slot is taken. */
  allocate(): number {
    let handle: number;
    if (this.freeCount > 0) handle = (this.free as Uint32Array)[--this.freeCount] as number;
    else if (this.end < this.generations.length) handle = this.end++;
    else return -1;
    this.generations[handle] = (this.generations[handle] as number) + 1;
    this.size++;
    return handle;
  }

  /** Marks the live slot `handle` free for reuse. */
  release(handle: number): void {
    const generation = this.generations[handle] as number;
    if (generation === maxOf(this.generations)) this.generations = widerCounters(this.generations);
    this.generations[handle] = generation + 1;
    this.size--;
    if (this.free === undefined) this.free = new Uint32Array(initialFreeStack);
    if (this.freeCount === this.free.length) {
      const larger = new Uint32Array(Math.min(this.free.length * 2, Math.max(this.capacity, initialFreeStack)));
      larger.set(this.free);
      this.free = larger;
    }
    this.free[this.freeCount++] = handle;
  }

  /** Frees every slot; views of the old records become stale. */
  clear(): void {
    const max = maxOf(this.generations);
    for (let handle = 0; handle < this.end; handle++) {
      const generation = this.generations[handle] as number;
      if ((generation & 1) === 1) {
        if (generation === max) this.generations = widerCounters(this.generations);
        this.generations[handle] = generation + 1;
      }
    }
    this.end = 0;
    this.size = 0;
    this.freeCount = 0;
  }

  /** Makes room for `capacity` slots, keeping every handle and generation. */
  grow(capacity: number): void {
    const Counters = this.generations.constructor as new (length: number) => GenerationArray;
    const grown = new Counters(capacity);
    grown.set(this.generations);
    this.generations = grown;
  }

  /** Handles of the free slots below `end`, most recently freed last (the next `allocate` takes the last). */
  freeHandles(): Uint32Array {
    return this.free === undefined ? new Uint32Array(0) : this.free.slice(0, this.freeCount);
  }
}
