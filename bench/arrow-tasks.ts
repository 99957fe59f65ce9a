/**
 * The Arrow and bulk-loading tasks, over records { vy, vx, y, x: f32, id: u32 }: what `npm run bench` runs as the
 * 'arrow' scenario and bench/arrow.ts runs on its own. No Node API here: the browser bundle includes this module.
 */
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { fromArrow, toArrow } from '../src/arrow/index';
import { defineStruct } from '../src/index';

const Body = defineStruct({ vy: 'f32', vx: 'f32', y: 'f32', x: 'f32', id: 'u32' }, { name: 'Body' });
const body = (i: number) => ({ x: i * 0.5, y: -i * 0.25, vx: (i % 7) - 3.5, vy: (i % 5) - 2.5, id: i });

/** A benchmark task: `prepare` builds its data and returns one pass, which returns a checksum. */
export interface ArrowBenchTask {
  readonly name: string;
  readonly prepare: () => () => number;
  readonly expect?: number;
}

function filled(records: number, holes = false) {
  const store = Body.createStore({ capacity: records });
  store.addMany(Array.from({ length: records }, (_, i) => body(i)));
  if (holes) for (let handle = 0; handle < records; handle += 10) store.delete(handle);
  return store;
}

/** The tasks, over `records` records. */
export function arrowTasks(records: number): ArrowBenchTask[] {
  const objects = () => Array.from({ length: records }, (_, i) => body(i));
  return [
    { name: 'toArrow', expect: records, prepare: () => { const store = filled(records); return () => toArrow(store).numRows; } },
    { name: 'toArrow, no handle column', expect: records, prepare: () => { const store = filled(records); return () => toArrow(store, { handle: false }).numRows; } },
    { name: 'toArrow, 10% deleted', expect: records - Math.ceil(records / 10), prepare: () => { const store = filled(records, true); return () => toArrow(store).numRows; } },
    { name: 'toArrow + IPC stream', prepare: () => { const store = filled(records); return () => tableToIPC(toArrow(store), 'stream').length; } },
    { name: 'toArrow + IPC file', prepare: () => { const store = filled(records); return () => tableToIPC(toArrow(store), 'file').length; } },
    { name: 'toBytes', prepare: () => { const store = filled(records); return () => store.toBytes().length; } },
    { name: 'JSON.stringify objects', prepare: () => { const list = objects(); return () => JSON.stringify(list).length; } },
    { name: 'fromArrow (table)', expect: records, prepare: () => { const table = toArrow(filled(records)); return () => fromArrow(Body, table).size; } },
    { name: 'IPC stream read + fromArrow', expect: records, prepare: () => { const bytes = tableToIPC(toArrow(filled(records))); return () => fromArrow(Body, tableFromIPC(bytes)).size; } },
    { name: 'fromBytes', expect: records, prepare: () => { const bytes = filled(records).toBytes(); return () => Body.fromBytes(bytes).size; } },
    { name: 'addMany, fresh store', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore(); store.addMany(list); return store.size; }; } },
    { name: 'add loop, fresh store', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore(); for (let i = 0; i < list.length; i++) store.add(list[i]); return store.size; }; } },
    { name: 'addMany, presized', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore({ capacity: records }); store.addMany(list); return store.size; }; } },
    { name: 'add loop, presized', expect: records, prepare: () => { const list = objects(); return () => { const store = Body.createStore({ capacity: records }); for (let i = 0; i < list.length; i++) store.add(list[i]); return store.size; }; } },
  ];
}

