/**
 * A Content-Security-Policy can start refusing `new Function` after the first struct was compiled (a policy
 * set later). Whatever is compiled from then on falls back to closures: a new struct, and the `addMany` staging
 * pass of a struct defined before, which is compiled at its first use. (Its own file: the refusal is remembered
 * for the rest of the module graph.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';
import { generatedSource } from '../src/struct';

const RealFunction = globalThis.Function;
afterEach(() => {
  globalThis.Function = RealFunction;
});

function refuseEval(): void {
  globalThis.Function = function refused() {
    throw new EvalError('Code generation from strings disallowed for this context');
  } as unknown as FunctionConstructor;
}

describe('new Function refused after the first struct', () => {
  it('falls back for a later struct and for the first struct\'s addMany', () => {
    const Before = defineStruct({ hp: 'u16', x: 'f32' }, { name: 'Before' });
    const generated = process.env['SLOTTED_CODEGEN'] !== 'closures';
    expect(generatedSource(Before)?.includes('built from closures')).toBe(!generated);
    refuseEval();
    const store = Before.createStore();
    expect(Array.from(store.addMany([{ hp: 1, x: 0.5 }, { hp: 2 }]))).toEqual([0, 1]);
    expect(() => store.addMany([{ hp: -1 }])).toThrow('Before.addMany: record 0: Before.hp must be an integer from 0 to 65535 (u16); got -1');
    expect(store.toArray()).toEqual([{ hp: 1, x: 0.5 }, { hp: 2, x: 0 }]);
    const After = defineStruct({ hp: 'u16' }, { name: 'After' });
    expect(generatedSource(After)).toContain('built from closures');
    const later = After.createStore();
    later.add({ hp: 3 });
    expect(later.get(0).hp).toBe(3);
  });
});
