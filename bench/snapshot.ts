/**
 * Snapshot cost: toBytes / fromBytes of a store against JSON.stringify / JSON.parse of the same records as plain
 * objects.
 */
import { defineStruct } from '../src/index';
import { objectsOf, storeOf } from './data';
import type { BenchTask } from './sampler';

const Body = defineStruct({ vy: 'f32', vx: 'f32', y: 'f32', x: 'f32', id: 'u32' }, { name: 'Body' });

/** Bytes of a snapshot against JSON of the same records. */
export interface SnapshotSizes {
  readonly records: number;
  readonly snapshotBytes: number;
  readonly jsonBytes: number;
}

/** `toBytes` / `fromBytes` against `JSON.stringify` / `JSON.parse` of `records` records. */
export function snapshotTasks(records: number): { tasks: BenchTask[]; sizes: () => SnapshotSizes } {
  const body = (i: number) => ({ x: i * 0.5, y: -i * 0.25, vx: (i % 7) - 3.5, vy: (i % 5) - 2.5, id: i });
  return {
    sizes: () => {
      const bytes = storeOf(Body, records, body).toBytes();
      return { records, snapshotBytes: bytes.length, jsonBytes: new TextEncoder().encode(JSON.stringify(objectsOf(records, body))).length };
    },
    tasks: [
      { name: 'slotted toBytes', prepare: () => { const store = storeOf(Body, records, body); return () => store.toBytes().length; } },
      { name: 'slotted fromBytes', expect: records, prepare: () => { const bytes = storeOf(Body, records, body).toBytes(); return () => Body.fromBytes(bytes).size; } },
      { name: 'JSON.stringify objects', prepare: () => { const list = objectsOf(records, body); return () => JSON.stringify(list).length; } },
      { name: 'JSON.parse objects', expect: records, prepare: () => { const json = JSON.stringify(objectsOf(records, body)); return () => (JSON.parse(json) as unknown[]).length; } },
    ],
  };
}
