/**
 * A module worker served with the strict CSP header itself (a worker is governed by the policy of its own
 * script's response, not its page's): defines a struct and attaches to the page's shared store.
 */
import type { SharedStoreHandle } from '../../src/index';
import { defineCspStruct } from './csp-struct';

/** What the CSP worker posts back. */
export interface CspWorkerReport {
  readonly evalRefused: boolean;
  readonly name?: string;
  readonly failure?: string;
}

self.onmessage = (event: MessageEvent<{ handle: SharedStoreHandle; target: number }>) => {
  let evalRefused = false;
  try {
    new Function('return 1')();
  } catch (error) {
    evalRefused = error instanceof EvalError;
  }
  try {
    const store = defineCspStruct().attach(event.data.handle);
    const view = store.get(event.data.target);
    const name = view.name;
    view.name = 'wörker';
    self.postMessage({ evalRefused, name } satisfies CspWorkerReport);
  } catch (error) {
    self.postMessage({ evalRefused, failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies CspWorkerReport);
  }
};
