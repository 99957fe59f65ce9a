/**
 * Slot bookkeeping: which handles are live, their generations, and the free slots to reuse.
 *
 * One generation counter per slot does double duty: odd means live, even means free, and a view remembers the
 * generation it was made at, so a view of a deleted (or deleted and reused) record is detected with one
 * comparison. Counters start as one byte per slot and widen only when some slot has been reused past what the
 * width holds, so a store that never deletes pays exactly one byte per slot for all of its bookkeeping.
 *
 * A shared store keeps all of this in SharedArrayBuffers, sized for its fixed capacity up front, so that every
 * thread attached to it sees the same slots: 4-byte counters (shared memory cannot be swapped for a wider
 * array later), a free stack with room for every slot, and the end/size/free counts in a small shared array.
 */

import { sharedMemory } from './columns';

/** The generation counters; they widen as slots are reused. */
export type GenerationArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

const END = 0;
const SIZE = 1;
const FREE = 2;
const initialFreeStack = 64;

/** The memory a `Slots` is made of; what a snapshot saves and a shared store hands to other threads. */
export interface SlotsState {
  readonly generations: GenerationArray;
  /** The free stack: its first `counters[2]` entries are freed handles, the last one is reused next. */
  readonly free: Uint32Array | undefined;
  /** end, size and free count. */
  readonly counters: Uint32Array;
}

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

/**
 * The retired value of a counter array: the one even value no slot ever leaves. A slot whose next generation
 * would reach it is retired instead of freed (or, where the counters can still widen, the counters widen first),
 * so no generation a view holds is ever handed out twice: live generations stay odd and below it. It is the
 * largest even value the array holds exactly (2^53 for f64: beyond it doubles no longer count by one).
 */
export function retiredGeneration(counters: GenerationArray): number {
  if (counters instanceof Uint8Array) return 0xfe;
  if (counters instanceof Uint16Array) return 0xfffe;
  if (counters instanceof Uint32Array) return 0xffff_fffe;
  return 2 ** 53;
}

/** Handles, liveness and reuse for one store. */
export class Slots {
  /** Generation per slot: odd while live. Replaced (widened or grown) by `release`, `clear` and `grow`. */
  generations: GenerationArray;
  /** `retiredGeneration(generations)`; cached, since working it out on every release measured 90% of churn. */
  private retired: number;
  /**
   * True once a retired slot may sit at or past END, where `allocate` takes fresh slots: after a `clear` that
   * found one, or for bookkeeping restored from a snapshot. Until then `allocate` skips the check (it measured
   * 5-13% of `add` on a loaded machine).
   */
  private retiredAhead: boolean;
  /** Freed handles, a stack; allocated on the first delete (up front for a shared store). */
  private free: Uint32Array | undefined;
  private readonly counters: Uint32Array;
  /** True when the memory is a SharedArrayBuffer other threads may be attached to. */
  readonly shared: boolean;
  /** True on a thread that attached to another thread's shared store: it never hands out slots. */
  readonly attached: boolean;
  /**
   * Set while `addMany` reads a batch straight into the free slots at and past END: called before anything
   * writes there (a fresh slot handed out, another bulk load), so that the store can move out of the batch's way.
   */
  tailGuard: (() => void) | undefined = undefined;

  constructor(capacity: number, options: { shared?: boolean; attached?: boolean; state?: SlotsState } = {}) {
    this.shared = options.shared ?? false;
    this.attached = options.attached ?? false;
    if (options.state !== undefined) {
      this.generations = options.state.generations;
      this.free = options.state.free;
      this.counters = options.state.counters;
    } else if (this.shared) {
      this.generations = new Uint32Array(sharedMemory(capacity * 4));
      this.free = new Uint32Array(sharedMemory(capacity * 4));
      this.counters = new Uint32Array(sharedMemory(3 * 4));
    } else {
      this.generations = new Uint8Array(capacity);
      this.free = undefined;
      this.counters = new Uint32Array(3);
    }
    this.retired = retiredGeneration(this.generations);
    this.retiredAhead = options.state !== undefined;
  }

  private widen(): void {
    this.generations = widerCounters(this.generations);
    this.retired = retiredGeneration(this.generations);
  }

  /** The memory this bookkeeping is made of (live, not a copy). */
  get state(): SlotsState {
    return { generations: this.generations, free: this.free, counters: this.counters };
  }

  /** Slots there is room for. */
  get capacity(): number {
    return this.generations.length;
  }

  /** One past the highest handle handed out since the last clear: live handles are all below it. */
  get end(): number {
    return this.counters[END] as number;
  }

  /** Live records. */
  get size(): number {
    return this.counters[SIZE] as number;
  }

  /** Bytes of per-slot bookkeeping: generations and the free stack (not the 12 fixed bytes of counters). */
  get byteLength(): number {
    return this.generations.byteLength + (this.free?.byteLength ?? 0);
  }

  /**
   * True when `handle` is a live record's handle. The one handle rule, which `has`, `delete` and `get` all follow:
   * a live handle is a number, an integer from 0 to 4294967295, whose slot is live. Nothing else is converted
   * into one: `"7"`, `null` or an object with `valueOf` is simply not a handle (and `valueOf` is never called).
   * `has` and `delete` answer false for it; `get` throws (TypeError for a non-number, RangeError for a number).
   */
  isLive(handle: unknown): boolean {
    // typeof first, so that `>>>` never calls an object's valueOf. A number that is no index reads undefined
    // from the counters, and (undefined & 1) is 0: not live.
    return typeof handle === 'number' && (handle >>> 0) === handle && ((this.generations[handle] as number) & 1) === 1;
  }

  /** Takes a free slot, reusing freed ones first, and marks it live; -1 when every slot is taken. */
  allocate(): number {
    // Only the creating thread changes which slots are live; two threads allocating at once would race.
    if (this.attached) return -1;
    const counters = this.counters;
    const freeCount = counters[FREE] as number;
    let handle: number;
    if (freeCount > 0) {
      handle = (this.free as Uint32Array)[freeCount - 1] as number;
      counters[FREE] = freeCount - 1;
    } else {
      // Slots at or past END are fresh, or were freed by clear(): all may be reused, except retired ones.
      if (this.tailGuard !== undefined) this.tailGuard();
      const generations = this.generations;
      handle = counters[END] as number;
      if (this.retiredAhead) while (handle < generations.length && generations[handle] === this.retired) handle++;
      if (handle >= generations.length) return -1;
      counters[END] = handle + 1;
    }
    this.generations[handle] = (this.generations[handle] as number) + 1;
    counters[SIZE] = (counters[SIZE] as number) + 1;
    return handle;
  }

  /**
   * Moves live slot `handle` to an even (free) generation. Returns false when the slot is retired instead: its
   * next generation would reach the retired value and its counters cannot widen (shared counters cannot be
   * swapped for wider ones, and f64 counters are the widest). A retired slot is never handed out again.
   */
  private markFree(handle: number): boolean {
    const next = (this.generations[handle] as number) + 1;
    if (next >= this.retired) {
      if (this.shared || this.generations instanceof Float64Array) {
        this.generations[handle] = this.retired;
        return false;
      }
      this.widen();
    }
    this.generations[handle] = next;
    return true;
  }

  /** Marks the live slot `handle` free for reuse. */
  release(handle: number): void {
    const counters = this.counters;
    counters[SIZE] = (counters[SIZE] as number) - 1;
    if (!this.markFree(handle)) return;
    const freeCount = counters[FREE] as number;
    if (this.free === undefined) this.free = new Uint32Array(Math.min(initialFreeStack, this.capacity));
    if (freeCount === this.free.length) {
      const larger = new Uint32Array(Math.min(this.free.length * 2, this.capacity));
      larger.set(this.free);
      this.free = larger;
    }
    this.free[freeCount] = handle;
    counters[FREE] = freeCount + 1;
  }

  /** Frees every slot; views of the old records become stale. */
  clear(): void {
    const end = this.end;
    for (let handle = 0; handle < end; handle++) {
      if (((this.generations[handle] as number) & 1) === 1) this.markFree(handle);
      // END goes back to 0, so from now on allocate must look out for the retired slots below the old end.
      if (this.generations[handle] === this.retired) this.retiredAhead = true;
    }
    this.counters.fill(0);
  }

  /**
   * Counters for `capacity` slots holding the current ones, for `grow`. Allocating is the step that can fail, so
   * a store allocates everything it grows first and only then commits (the store stays unchanged on failure).
   */
  grownGenerations(capacity: number): GenerationArray {
    const Counters = this.generations.constructor as new (length: number) => GenerationArray;
    const grown = new Counters(capacity);
    grown.set(this.generations);
    return grown;
  }

  /** Commits counters made by `grownGenerations` (made from the current ones; nothing is checked). Not for shared stores. */
  grow(grown: GenerationArray): void {
    this.generations = grown;
  }

  /**
   * Renumbers the slots for a reorder (`compact`, `sort`) that keeps the records of slots `order[0..n)` in that
   * order, and returns the slot each one goes to: the first `n` slots that can take a record, in order, so live
   * records end up in `0 .. n - 1` unless retired slots sit among them (they are skipped; no free slot is left
   * below the end). A slot whose record changed gets a higher generation (odd if it holds a record now, even if
   * not), so views and references of it go stale; a slot that keeps its record keeps its generation. Counters
   * widen when they must; where they cannot (shared or f64 counters), a slot with no generation left is retired.
   * The caller moves the columns to match.
   */
  settle(order: Uint32Array, structName: string): Uint32Array {
    const size = order.length;
    const end = this.end;
    if (!this.shared && !(this.generations instanceof Float64Array)) {
      let highest = 0;
      for (let slot = 0; slot < end; slot++) highest = Math.max(highest, this.generations[slot] as number);
      while (highest + 2 >= this.retired && !(this.generations instanceof Float64Array)) this.widen();
    }
    const generations = this.generations;
    const retired = this.retired;
    const capacity = generations.length;
    // First where each record goes, writing nothing: 1 marks a slot that gets a record, 2 one to retire.
    const targets = new Uint32Array(size);
    const marks = new Uint8Array(capacity);
    let slot = 0;
    for (let k = 0; k < size; k++) {
      const from = order[k] as number;
      for (; slot < capacity; slot++) {
        const generation = generations[slot] as number;
        if (generation === retired) continue;
        if (from === slot) break; // keeps its own record: its generation stays
        if ((generation % 2 === 1 ? generation + 2 : generation + 1) < retired) break;
        marks[slot] = 2; // no generation left for another record
      }
      if (slot === capacity) {
        throw new RangeError(`${structName} store cannot be reordered: too many slots have used up their generation counters`);
      }
      targets[k] = slot;
      marks[slot] = 1;
      slot++;
    }
    const newEnd = slot;
    const last = Math.max(end, newEnd);
    for (let other = 0; other < last; other++) {
      const generation = generations[other] as number;
      if (marks[other] === 2) generations[other] = retired;
      else if (marks[other] === 0 && generation % 2 === 1) generations[other] = generation + 1 >= retired ? retired : generation + 1; // moved out
    }
    for (let k = 0; k < size; k++) {
      const to = targets[k] as number;
      if (order[k] === to) continue;
      const generation = generations[to] as number;
      generations[to] = generation % 2 === 1 ? generation + 2 : generation + 1;
    }
    this.counters[END] = newEnd;
    this.counters[FREE] = 0;
    if (newEnd < end) this.retiredAhead = true; // retired slots may now sit at or past END
    return targets;
  }

  /** Slots that are retired (reused until their counter ran out) and will never be handed out again. */
  retiredCount(): number {
    let count = 0;
    for (let handle = 0; handle < this.generations.length; handle++) if (this.generations[handle] === this.retired) count++;
    return count;
  }

  /** Handles of the free slots below `end`, in stack order (the next `allocate` takes the last). */
  freeHandles(): Uint32Array {
    const count = this.counters[FREE] as number;
    return this.free === undefined ? new Uint32Array(0) : this.free.slice(0, count);
  }
}
