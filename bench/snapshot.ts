/**
 * Snapshot cost: toBytes / fromBytes of a store against JSON.stringify / JSON.parse of the same records as plain
 * objects.
 */
import { defineStruct } from '../src/index';
import type { BenchTask } from './suite';

const Body = defineStruct({ vy: 'f32', vx: 'f32', y: 'f32', x: 'f32', id: 'u32' }, { name: 'Body' });

export interface SnapshotSizes {
  readonly records: number;
  readonly snapshotBytes: number;
  readonly jsonBytes: number;
}

export function snapshotTasks(records: number): { tasks: BenchTask[]; sizes: SnapshotSizes } {
  const store = Body.createStore({ capacity: records });
  const objects: { x: number; y: number; vx: number; vy: number; id: number }[] = [];
  for (let i = 0; i < records; i++) {
    const record = { x: i * 0.5, y: -i * 0.25, vx: (i % 7) - 3.5, vy: (i % 5) - 2.5, id: i };
    store.add(record);
    objects.push({ ...record });
  }
  const bytes = store.toBytes();
  const json = JSON.stringify(objects);
  return {
    sizes: { records, snapshotBytes: bytes.length, jsonBytes: Buffer.byteLength(json) },
    tasks: [
      { name: 'slotted toBytes', run: () => store.toBytes().length },
      { name: 'slotted fromBytes', expect: records, run: () => Body.fromBytes(bytes).size },
      { name: 'JSON.stringify objects', run: () => JSON.stringify(objects).length },
      { name: 'JSON.parse objects', expect: records, run: () => (JSON.parse(json) as unknown[]).length },
    ],
  };
}
