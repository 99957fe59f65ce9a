/**
 * Runs in test/browser/csp.html, a page served with `Content-Security-Policy: script-src 'self'` (no
 * 'unsafe-eval'), and posts what it saw to the page that framed it (csp.browser.test.ts).
 */
import type { CspWorkerReport } from './csp-worker';
import { defineCspStruct } from './csp-struct';

/** What the CSP page reports. */
export interface CspReport {
  /** True when the page really refuses `new Function` (else the test proves nothing). */
  readonly evalRefused: boolean;
  /** The steps below, each a value read back or an error message caught; or the error that stopped them. */
  readonly results: Record<string, unknown>;
  readonly failure?: string;
}

const message = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

let evalRefused = false;
try {
  new Function('return 1')();
} catch (error) {
  evalRefused = error instanceof EvalError;
}

const results: Record<string, unknown> = {};
let failure: string | undefined;
try {
  const Unit = defineCspStruct();
  const units = Unit.createStore({ capacity: 2 });
  const h = units.add({ hp: 100, pos: [0, 1, 2], state: 'walk', name: 'Ñandú' });
  const unit = units.get(h);
  unit.hp -= 10;
  unit.pos[1] = 1.5;
  results.view = { hp: unit.hp, pos: [...unit.pos], state: unit.state, name: unit.name, instance: unit instanceof Unit };
  results.json = JSON.stringify(unit);
  results.refusedWrite = (() => {
    try {
      unit.hp = -1;
      return 'no error';
    } catch (error) {
      return message(error);
    }
  })();
  units.add();
  results.grown = units.add({ hp: 3 }) === 2 && units.capacity >= 3;
  results.iterated = [...units].map((view) => view.hp);
  results.restored = Unit.fromBytes(units.toBytes()).toArray().map((record) => record.hp);
  const shared = Unit.createStore({ capacity: 4, shared: true });
  const sh = shared.add({ name: 'Ñandú' });
  results.attached = Unit.attach(shared.share()).get(sh).name;
  const worker = new Worker(new URL('./csp-worker.ts', import.meta.url), { type: 'module' });
  results.worker = await new Promise<CspWorkerReport | string>((resolve) => {
    worker.onmessage = (event: MessageEvent<CspWorkerReport>) => resolve(event.data);
    worker.onerror = (event) => resolve(`the worker failed: ${event.message}`);
    worker.postMessage({ handle: shared.share(), target: sh });
  });
  worker.terminate();
  results.writtenByWorker = shared.get(sh).name;
} catch (error) {
  failure = message(error);
}

const report: CspReport = failure === undefined ? { evalRefused, results } : { evalRefused, results, failure };
window.parent.postMessage({ kind: 'slotted-csp-report', report }, '*');
