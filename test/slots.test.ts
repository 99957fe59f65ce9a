import { describe, expect, it } from 'vitest';
import { Slots } from '../src/slots';

describe('Slots', () => {
  it('hands out slots in order, then refuses when full', () => {
    const slots = new Slots(3);
    expect([slots.allocate(), slots.allocate(), slots.allocate(), slots.allocate()]).toEqual([0, 1, 2, -1]);
    expect(slots.size).toBe(3);
    expect(slots.end).toBe(3);
  });

  it('reuses the most recently freed slot first', () => {
    const slots = new Slots(4);
    for (let i = 0; i < 4; i++) slots.allocate();
    slots.release(1);
    slots.release(3);
    expect(slots.isLive(1)).toBe(false);
    expect(slots.allocate()).toBe(3);
    expect(slots.allocate()).toBe(1);
    expect(slots.allocate()).toBe(-1);
  });

  it('keeps odd generations for live slots and bumps them on every release', () => {
    const slots = new Slots(1);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      slots.allocate();
      seen.push(slots.generations[0] as number);
      slots.release(0);
    }
    expect(seen).toEqual([1, 3, 5]);
    expect(slots.generations[0]).toBe(6);
  });

  it('costs one byte per slot until something is freed', () => {
    const slots = new Slots(1000);
    for (let i = 0; i < 1000; i++) slots.allocate();
    expect(slots.byteLength).toBe(1000);
    slots.release(5);
    expect(slots.byteLength).toBeGreaterThan(1000);
  });

  it('widens its counters instead of wrapping them', () => {
    const slots = new Slots(2);
    slots.allocate();
    slots.allocate();
    for (let i = 0; i < 200; i++) {
      slots.release(0);
      slots.allocate();
    }
    expect(slots.generations).toBeInstanceOf(Uint16Array);
    expect(slots.generations[0]).toBe(401);
    expect(slots.generations[1]).toBe(1);
    expect(slots.isLive(0) && slots.isLive(1)).toBe(true);
  });

  it('grows keeping generations and liveness', () => {
    const slots = new Slots(2);
    slots.allocate();
    slots.allocate();
    slots.release(0);
    slots.grow(slots.grownGenerations(8));
    expect(slots.capacity).toBe(8);
    expect([slots.isLive(0), slots.isLive(1)]).toEqual([false, true]);
    expect(slots.allocate()).toBe(0);
    expect(slots.allocate()).toBe(2);
  });

  it('clear frees everything and invalidates live generations', () => {
    const slots = new Slots(3);
    slots.allocate();
    slots.allocate();
    slots.clear();
    expect([slots.size, slots.end, slots.isLive(0), slots.isLive(1)]).toEqual([0, 0, false, false]);
    expect(slots.allocate()).toBe(0);
    expect(slots.generations[0]).toBe(3);
  });

  it('tells live handles and rejects non-handles', () => {
    const slots = new Slots(2);
    slots.allocate();
    expect([slots.isLive(0), slots.isLive(1), slots.isLive(2), slots.isLive(-1), slots.isLive(0.5)]).toEqual([true, false, false, false, false]);
  });

  it('never converts a non-number into a handle, nor calls its valueOf', () => {
    const slots = new Slots(2);
    slots.allocate();
    let calls = 0;
    const hostile = { valueOf: () => ++calls && 0 };
    for (const handle of ['0', 0n, null, undefined, true, [0], Object(0), hostile]) expect(slots.isLive(handle), String(handle)).toBe(false);
    expect(calls).toBe(0);
    expect(slots.isLive(-0)).toBe(true); // the number 0
  });
});

describe('shared Slots', () => {
  it('keep 4-byte counters in shared memory and retire a slot whose counter is exhausted', () => {
    const slots = new Slots(4, { shared: true });
    expect(slots.generations).toBeInstanceOf(Uint32Array);
    expect(slots.generations.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(slots.state.counters.buffer).toBeInstanceOf(SharedArrayBuffer);
    slots.allocate();
    slots.allocate();
    slots.generations[0] = 0xffff_ffff; // as if slot 0 had been reused 2^31 times
    slots.release(0);
    expect(slots.isLive(0)).toBe(false);
    expect(slots.generations[0]).toBe(0xffff_fffe);
    expect(slots.freeHandles()).toEqual(new Uint32Array(0));
    expect(slots.allocate()).toBe(2); // slot 0 is never handed out again
  });

  it('never hand out slots on an attached side', () => {
    const owner = new Slots(4, { shared: true });
    const attached = new Slots(4, { shared: true, attached: true, state: owner.state });
    expect(attached.allocate()).toBe(-1);
    owner.allocate();
    expect(attached.size).toBe(1);
    expect(attached.isLive(0)).toBe(true);
  });
});
