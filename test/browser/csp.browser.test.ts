/**
 * slotted under a strict Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval'), as on many sites and in
 * browser extensions: the page in csp.html gets the real header from the browser project's server, so it
 * refuses `new Function`, and everything of the library must still work there.
 */
import { expect, it } from 'vitest';
import type { CspReport } from './csp-page';

function loadCspPage(): Promise<CspReport> {
  const frame = document.createElement('iframe');
  return new Promise<CspReport>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the CSP page sent no report within 20 s')), 20_000);
    window.addEventListener('message', function onMessage(event: MessageEvent) {
      if ((event.data as { kind?: unknown } | null)?.kind !== 'slotted-csp-report') return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve((event.data as { report: CspReport }).report);
    });
    frame.src = new URL('./csp.html', import.meta.url).href;
    document.body.append(frame);
  }).finally(() => frame.remove());
}

it("defineStruct and stores work in a page whose CSP is script-src 'self'", async () => {
  const report = await loadCspPage();
  expect(report.evalRefused).toBe(true); // the page really refuses new Function
  expect(report.failure).toBeUndefined();
  expect(report.results).toEqual({
    view: { hp: 90, pos: [0, 1.5, 2], state: 'walk', name: 'Ñandú', instance: true },
    json: '{"hp":90,"alive":false,"id":"0","pos":[0,1.5,2],"state":"walk","name":"Ñandú"}',
    refusedWrite: 'RangeError: Unit.hp must be an integer from 0 to 65535 (u16); got -1',
    grown: true,
    iterated: [90, 0, 3],
    restored: [90, 0, 3],
    attached: 'Ñandú',
    worker: { evalRefused: true, name: 'Ñandú' }, // a module worker served with the same policy
    writtenByWorker: 'wörker',
  });
});
