/**
 * The sort tasks `npm run bench` runs as the 'sort' scenario: `store.sort('x')` by an f32 field against
 * `Array.prototype.sort` of the same records as plain objects by that key, and the comparator sort. Each pass
 * first scatters the keys again (the same pseudo-random keys for every competitor, a loop that costs about 1% of
 * a sort), so every pass sorts unsorted data. No Node API here: the browser bundle includes this module.
 */
import { defineStruct, type Store } from '../src/index';

// Declared in another key order than the plain objects below, so the schema literal does not share their hidden class.
const bodySchema = { id: 'u32', vy: 'f32', vx: 'f32', y: 'f32', x: 'f32' } as const;
type BodySchema = typeof bodySchema;
const Body = defineStruct(bodySchema, { name: 'SortBody' });

/** The same pseudo-random f32 keys (xorshift) for every competitor, pass and run. */
export function keys(count: number): Float32Array {
  const values = new Float32Array(count);
  let state = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values[i] = ((state >>> 0) / 2 ** 32) * 2000 - 1000;
  }
  return values;
}

/** The tasks, over `records` records; each pass returns the id of the record sorted first. */
export function sortTasks(records: number): { name: string; prepare: () => () => number }[] {
  // Each pass scatters the keys again (through the ids, so the same record gets the same key), then sorts.
  const storeSort = (name: string, sort: (made: Store<BodySchema>) => void) => ({
    name,
    prepare: () => {
      const x = keys(records);
      const made = Body.createStore({ capacity: records });
      for (let i = 0; i < records; i++) made.add({ id: i });
      return () => {
        const ids = made.columns.id, column = made.columns.x;
        for (let i = 0; i < records; i++) column[i] = x[ids[i] as number] as number;
        sort(made);
        return made.columns.id[0] as number;
      };
    },
  });
  return [
    {
      name: 'Array.prototype.sort objects',
      prepare: () => {
        const x = keys(records);
        const list = Array.from({ length: records }, (_, i) => ({ x: 0, y: 0, vx: 0, vy: 0, id: i }));
        return () => {
          for (let i = 0; i < records; i++) (list[i] as { x: number }).x = x[(list[i] as { id: number }).id] as number;
          list.sort((a, b) => a.x - b.x);
          return (list[0] as { id: number }).id;
        };
      },
    },
    storeSort("store.sort('x')", (made) => made.sort('x')),
    storeSort('store.sort(comparator)', (made) => made.sort((a, b) => a.x - b.x)),
  ];
}
