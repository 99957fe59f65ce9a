/**
 * The cursor: one record object moved by the caller. It must show exactly the record it was moved to, never
 * another one, and fail loudly wherever misuse can be seen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';

const Unit = defineStruct(
  { hp: 'u16', x: 'f32', pos: ['f32', 2], state: { enum: ['idle', 'run'] }, name: { utf8: 8 }, alive: 'bool', id: 'u64' },
  { name: 'Unit' },
);

function filled(count: number) {
  const store = Unit.createStore({ capacity: 2 });
  for (let i = 0; i < count; i++) store.add({ hp: i, x: i / 2, pos: [i, -i], name: `u${i}`, alive: i % 2 === 0, id: BigInt(i) });
  return store;
}

describe('cursor', () => {
  it('visits every live record once, in handle order, with for...of and advance()', () => {
    const store = filled(6);
    store.delete(1);
    store.delete(4);
    const cursor = store.cursor();
    const seen: number[] = [];
    for (const unit of cursor) seen.push(unit.hp);
    expect(seen).toEqual([0, 2, 3, 5]);
    const again: number[] = [];
    while (cursor.advance()) again.push(cursor.handle);
    expect(again).toEqual([0, 2, 3, 5]);
    // advance() returned false: the next pass starts over
    expect(cursor.advance()).toBe(true);
    expect(cursor.handle).toBe(0);
  });

  it('hands out the same record object at every step', () => {
    const store = filled(3);
    const records = new Set<object>();
    for (const unit of store.cursor()) records.add(unit);
    expect(records.size).toBe(1);
  });

  it('reads and writes every kind through the record, checked like a view', () => {
    const store = filled(3);
    const cursor = store.cursor();
    const unit = cursor.moveTo(2);
    unit.hp += 1;
    unit.x = 1.5;
    unit.pos = [7, 8];
    unit.state = 'run';
    unit.name = 'ñandú';
    unit.alive = true;
    unit.id = 2n ** 63n;
    expect(store.toArray()[2]).toEqual({ hp: 3, x: 1.5, pos: [7, 8], state: 'run', name: 'ñandú', alive: true, id: 2n ** 63n });
    expect(unit.pos.at(1)).toBe(8);
    expect(() => (unit.hp = 70_000)).toThrow(RangeError);
    expect(() => (unit.state = 'walk' as never)).toThrow(/one of "idle", "run"/);
    expect(() => (unit.name = 'toolongname')).toThrow(RangeError);
    expect(() => (unit.pos = [1] as never)).toThrow(TypeError);
    expect(store.toArray()[2]).toMatchObject({ hp: 3, state: 'run', name: 'ñandú', pos: [7, 8] });
  });

  it('throws when used before it is moved, after its loop is over, or on a dead handle', () => {
    const store = filled(2);
    const cursor = store.cursor();
    expect(() => cursor.record.hp).toThrow(/cursor is on no record/);
    expect(() => (cursor.record.hp = 1)).toThrow(/cursor is on no record/);
    for (const unit of cursor) void unit.hp;
    expect(() => cursor.record.hp).toThrow(/cursor is on no record/);
    expect(cursor.handle).toBe(-1);
    expect(() => cursor.moveTo(5)).toThrow(RangeError);
    expect(() => cursor.moveTo(-1)).toThrow(RangeError);
    expect(() => cursor.moveTo('0' as never)).toThrow(TypeError);
    expect(() => JSON.stringify(cursor.record)).toThrow(/cursor is on no record/);
  });

  it('never shows another record after its record is deleted, even once the slot is reused', () => {
    const store = filled(3);
    const cursor = store.cursor();
    const unit = cursor.moveTo(1);
    store.delete(1);
    expect(() => unit.hp).toThrow(/deleted .* while the cursor was on it/);
    const reused = store.add({ hp: 99 });
    expect(reused).toBe(1);
    expect(() => unit.hp).toThrow(RangeError);
    expect(() => (unit.hp = 5)).toThrow(RangeError);
    expect(store.get(1).hp).toBe(99);
    expect(cursor.moveTo(1).hp).toBe(99);
    store.clear();
    expect(() => unit.hp).toThrow(RangeError);
  });

  it('follows its record when the store grows', () => {
    const store = filled(2);
    const cursor = store.cursor();
    const unit = cursor.moveTo(1);
    for (let i = 0; i < 100; i++) store.add();
    unit.hp = 500;
    expect(store.columns.hp[1]).toBe(500);
  });

  it('does not visit records added during a pass', () => {
    const store = filled(3);
    let visits = 0;
    for (const unit of store.cursor()) {
      visits++;
      store.add({ hp: unit.hp });
    }
    expect(visits).toBe(3);
    expect(store.size).toBe(6);
  });

  it('stops a pass early with break and starts over next time', () => {
    const store = filled(4);
    const cursor = store.cursor();
    for (const unit of cursor) if (unit.hp === 1) break;
    expect(() => cursor.record.hp).toThrow(/no record/);
    expect([...cursor].length).toBe(4);
  });

  it('refuses undeclared properties and keeps its state out of keys and JSON', () => {
    const store = filled(1);
    const unit = store.cursor().moveTo(0);
    expect(() => ((unit as unknown as Record<string, number>).extra = 1)).toThrow(TypeError);
    expect(Object.keys(unit)).toEqual([]);
    expect(JSON.parse(JSON.stringify(unit))).toEqual({ hp: 0, x: 0, pos: [0, 0], state: 'idle', name: 'u0', alive: true, id: '0' });
    expect(unit instanceof Unit).toBe(true);
  });

  it('reads a vector field on no record or a deleted one with the same RangeError as every other field', () => {
    const store = filled(2);
    const cursor = store.cursor();
    expect(() => cursor.record.pos).toThrow(/cursor is on no record/);
    cursor.moveTo(1);
    store.delete(1);
    expect(() => cursor.record.pos).toThrow(/cursor's record was deleted/);
    store.clear();
    expect(() => cursor.record.pos).toThrow(RangeError);
  });

  it('matches get(h) through random histories of adds, deletes and moves', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(20).map((n) => ({ add: n })), fc.nat(30).map((h) => ({ del: h })), fc.nat(30).map((h) => ({ move: h }))), { maxLength: 80 }), (steps) => {
        const store = Unit.createStore({ capacity: 4 });
        const cursor = store.cursor();
        let on = -1;
        for (const step of steps) {
          if ('add' in step) store.add({ hp: step.add });
          else if ('del' in step) {
            if (store.delete(step.del) && step.del === on) on = -1;
          } else if (store.has(step.move)) {
            cursor.moveTo(step.move);
            on = step.move;
          } else expect(() => cursor.moveTo(step.move)).toThrow(RangeError);
          if (on >= 0) expect(cursor.record.hp).toBe(store.get(on).hp);
          else if (cursor.handle === -1) expect(() => cursor.record.hp).toThrow(RangeError);
        }
      }),
    );
  });

  it('follows the pass rules through random histories of passes, moves, writes, adds, deletes and clears', () => {
    // A model of the documented rules: a pass reads the end once, at its start, and visits each slot below it
    // that is live when the pass reaches it; moveTo does not disturb a pass; a record deleted (or cleared)
    // under the cursor throws until the cursor is moved.
    type Step = { advance: true } | { move: number } | { del: number } | { add: number } | { write: number } | { reset: true } | { clear: true };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { arbitrary: fc.constant({ advance: true as const }), weight: 6 },
      { arbitrary: fc.nat(40).map((move) => ({ move })), weight: 1 },
      { arbitrary: fc.nat(40).map((del) => ({ del })), weight: 2 },
      { arbitrary: fc.nat(1000).map((add) => ({ add })), weight: 2 },
      { arbitrary: fc.nat(1000).map((write) => ({ write })), weight: 1 },
      { arbitrary: fc.constant({ reset: true as const }), weight: 1 },
      { arbitrary: fc.constant({ clear: true as const }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.nat(12), fc.array(step, { maxLength: 120 }), (initial, steps) => {
        const store = Unit.createStore({ capacity: 2 });
        for (let i = 0; i < initial; i++) store.add({ hp: i });
        const cursor = store.cursor();
        let on: number | 'nowhere' | 'deleted' = 'nowhere';
        let passEnd = -1;
        let next = 0;
        for (const s of steps) {
          if ('advance' in s) {
            if (passEnd < 0) {
              passEnd = store.end;
              next = 0;
            }
            while (next < passEnd && !store.has(next)) next++;
            const expected = next < passEnd;
            if (expected) on = next++;
            else {
              on = 'nowhere';
              passEnd = -1;
            }
            expect(cursor.advance()).toBe(expected);
          } else if ('move' in s) {
            if (store.has(s.move)) {
              cursor.moveTo(s.move);
              on = s.move;
            } else expect(() => cursor.moveTo(s.move)).toThrow(RangeError);
          } else if ('del' in s) {
            if (store.delete(s.del) && on === s.del) on = 'deleted';
          } else if ('add' in s) store.add({ hp: s.add % 65536 });
          else if ('write' in s) {
            if (typeof on === 'number') {
              cursor.record.hp = s.write;
              expect(store.get(on).hp).toBe(s.write);
            } else expect(() => (cursor.record.hp = s.write)).toThrow(RangeError);
          } else if ('reset' in s) {
            cursor.reset();
            on = 'nowhere';
            passEnd = -1;
          } else {
            store.clear();
            if (typeof on === 'number') on = 'deleted';
          }
          if (typeof on === 'number') {
            expect(cursor.handle).toBe(on);
            expect(cursor.record.hp).toBe(store.get(on).hp);
            expect(cursor.record.x).toBe(store.get(on).x);
          } else {
            expect(cursor.handle).toBe(-1);
            expect(() => cursor.record.hp).toThrow(on === 'deleted' ? /deleted or moved/ : /on no record/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

