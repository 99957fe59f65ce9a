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
import { describe } from './describe';
import type { GenerationArray } from './slots';

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
