/**
 * What a real program has done before its hot loops run (issue #7): caught a stale-view error and a refused
 * write. Once an accessor's error path has run after the accessor was warm, V8 (Node 20 and Chromium 156)
 * allocated every later view in optimised code: about 465 scavenges per 10 passes of 1,000,000 reads in Node 20,
 * and about 3x slower. The "after-error" scenarios call this in their child process before any data is built.
 */
import type { Schema, Struct } from '../src/index';

/**
 * For each struct: warms every field's getter and setter on a small store of its own, then reads every field of a
 * view whose record was deleted, and writes a value every numeric field refuses (a string), catching each error.
 * @throws Error when an access that must throw does not, since then nothing was exercised.
 */
export function catchErrorsAfterWarmUp(structs: readonly Struct<Schema>[]): void {
  for (const struct of structs) {
    const names = struct.fields.map((field) => field.name);
    const store = struct.createStore({ capacity: 64 });
    for (let i = 0; i < 64; i++) store.add();
    let sink = 0;
    for (let j = 0; j < 4096; j++) {
      const view = store.get(j & 63) as Record<string, number>;
      for (const name of names) {
        const value = view[name] as number;
        view[name] = value;
        sink += value;
      }
    }
    let caught = 0;
    const stale = store.get(7) as Record<string, number>;
    store.delete(7);
    for (const name of names) {
      try {
        sink += stale[name] as number;
      } catch {
        caught++;
      }
    }
    const live = store.get(8) as Record<string, unknown>;
    for (const name of names) {
      try {
        live[name] = 'not a number';
      } catch {
        caught++;
      }
    }
    if (caught !== 2 * names.length || Number.isNaN(sink)) {
      throw new Error(`${struct.name}: expected ${2 * names.length} caught errors, got ${caught}`);
    }
  }
}
