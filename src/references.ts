/**
 * References that detect reuse: a record's slot and generation packed into one number.
 *
 * A handle is a bare slot number: once its record is deleted and the slot reused, the handle names the new
 * record. A reference also carries the generation the slot had while the record lived, so resolving it after
 * the record was deleted (or moved by `compact`/`sort`) answers "gone" (-1), never another record.
 *
 * Layout: `generation * 2^32 + slot`, with the generation taken modulo 2^21 so that the number stays an exact
 * integer (2^21 * 2^32 = 2^53). A live slot's generation is odd, so no live record ever has the reference 0:
 * 0 works as "no reference" (a zeroed column holds it). The price of fitting in one number is that a stale
 * reference whose slot was reused exactly a multiple of 2^20 = 1,048,576 times while it was held would resolve
 * again (slot counters go up by 2 per delete and re-add). Stored, a reference is one f64: 8 bytes.
 */
import type { Holder } from './codegen';
import { describe } from './describe';
import type { FieldInfo, RefSpec, Schema } from './schema';
import type { GenerationArray } from './slots';
import type { Store } from './store';
import type { Struct } from './struct';

const slotSpan = 2 ** 32;
const generationSpan = 2 ** 21;

/** The reference of the record in slot `handle` whose slot has generation `generation` (odd: live). */
export function makeReference(handle: number, generation: number): number {
  return (generation % generationSpan) * slotSpan + handle;
}

/** The slot a reference names, whether or not its record still lives. */
export function referenceSlot(reference: number): number {
  return reference % slotSpan;
}

/**
 * The handle `reference` names if its record is still live in a store with these generations and end, or -1.
 * @throws TypeError for a non-number, RangeError for a number no reference can be (negative, fractional, NaN,
 * or above 2^53 - 1).
 */
export function resolveReference(structName: string, generations: GenerationArray, end: number, reference: unknown): number {
  if (typeof reference !== 'number') {
    throw new TypeError(`${structName} store.resolve: a reference is a number from store.ref(); got ${describe(reference)}`);
  }
  if (!Number.isSafeInteger(reference) || reference < 0) {
    throw new RangeError(`${structName} store.resolve: a reference is an integer from 0 to 2^53 - 1; got ${describe(reference)}`);
  }
  const slot = reference % slotSpan;
  if (slot >= end) return -1; // past the end: from a larger store or a snapshot of one
  const generation = generations[slot] as number;
  return generation % 2 === 1 && generation % generationSpan === (reference - slot) / slotSpan ? slot : -1;
}

/** What a reference field needs of the store it is linked to (the `Store` class provides it). */
export interface LinkedStore {
  resolve(reference: number): number;
  ref(handle: number): number;
  get(handle: number): unknown;
  /** The handle a live view of this store is on, or -1 for any other value. */
  locateView(value: unknown): number;
  readonly structName: string;
}

/** The store reference field `K` of schema `S` can be linked to: one of the struct it names (`'self'`: `S`). */
export type LinkTargetOf<S extends Schema, K extends keyof S> = K extends keyof S // distributes over a union of fields
  ? S[K] extends { readonly ref: 'self' }
    ? Store<S>
    : S[K] extends { readonly ref: Struct<infer T> }
      ? Store<T>
      : never
  : never;

/** The fields of schema `S` that hold references. */
export type RefFieldOf<S extends Schema> = { [K in keyof S]: S[K] extends RefSpec ? K : never }[keyof S] & string;

function linksOf(holder: Holder): (LinkedStore | undefined)[] {
  return (holder as unknown as { links: (LinkedStore | undefined)[] }).links;
}

/**
 * The two functions generated code calls for reference fields of struct `structName`: the setter's conversion of
 * a value into the number to store, and the getter's resolution of a stored reference. Neither runs user code:
 * a view is recognised by its private fields, never by a getter or a Proxy trap, so a setter can check its value
 * and then write without anything changing in between.
 */
export function referenceAccessors(
  structName: string,
  fields: readonly FieldInfo[],
): { referenceValue: (holder: Holder, k: number, value: unknown) => number; referenceTarget: (holder: Holder, k: number, reference: number) => unknown } {
  const linked = (holder: Holder, k: number): LinkedStore => {
    const target = linksOf(holder)[k];
    if (target !== undefined) return target;
    const name = (fields[k] as FieldInfo).name;
    throw new TypeError(`${structName}.${name} is not linked to a store: call store.link('${name}', targetStore) first`);
  };
  return {
    referenceValue(holder, k, value) {
      if (value === null) return 0;
      const label = `${structName}.${(fields[k] as FieldInfo).name}`;
      const target = linked(holder, k);
      if (typeof value === 'number') {
        if (!Number.isSafeInteger(value) || value < 0) {
          throw new RangeError(`${label} must be a view, a reference (an integer from store.ref) or null; got ${describe(value)}`);
        }
        if (target.resolve(value) < 0) {
          throw new RangeError(`${label}: reference ${value} names no live record of the linked ${target.structName} store`);
        }
        return value;
      }
      const handle = target.locateView(value);
      if (handle >= 0) return target.ref(handle);
      throw new TypeError(
        `${label} must be a live view of the linked ${target.structName} store, a reference or null; got ${describe(value)}`,
      );
    },
    referenceTarget(holder, k, reference) {
      const target = linked(holder, k);
      const handle = target.resolve(reference);
      return handle < 0 ? null : target.get(handle);
    },
  };
}
