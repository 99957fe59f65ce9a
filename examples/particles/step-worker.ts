/**
 * A module worker that steps a range of the shared particle store: the browser's version of a Node worker thread
 * with parentPort. It attaches to the store's memory once, then steps its range on every 'step' message.
 */
import type { SharedStoreHandle } from '../../src/index';
import { Particle, type ParticleColumns, stepColumns } from './simulation';

/** What the page posts to a step worker. */
export type StepRequest =
  | { readonly kind: 'attach'; readonly handle: SharedStoreHandle; readonly start: number; readonly end: number }
  | { readonly kind: 'step'; readonly dt: number };

let columns: ParticleColumns | undefined;
let range = { start: 0, end: 0 };

self.onmessage = (event: MessageEvent<StepRequest>) => {
  const request = event.data;
  if (request.kind === 'attach') {
    columns = Particle.attach(request.handle).columns; // the same memory as the page's store: no copy
    range = { start: request.start, end: request.end };
    return;
  }
  if (columns === undefined) throw new Error('step before attach');
  stepColumns(columns, range.start, range.end, request.dt);
  self.postMessage('stepped'); // writes made before postMessage are visible to the page once it has the message
};
