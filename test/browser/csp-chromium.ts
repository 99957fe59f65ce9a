/**
 * slotted in Chromium under a strict Content-Security-Policy, self-contained (playwright-core only, no vitest):
 * serves the built dist/index.js from 127.0.0.1 to two pages, one with `Content-Security-Policy: script-src
 * 'self'` (no 'unsafe-eval', as on many sites and in browser extensions) and one without, runs the same checks
 * in both, and fails unless the strict page really refuses `new Function`, every check passes there, both pages
 * report the same results, and the refusal is logged once at most (the one trial of `new Function`).
 *
 *   npm run build && npx tsx test/browser/csp-chromium.ts     # exit code 0 when it all holds
 *
 * Chromium: $CHROMIUM, else /usr/bin/chromium (Debian's package). Also prints what the checks' loops took in
 * each page, as a rough measure of the fallback in a browser.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');
const strictCsp = "script-src 'self'";

/** The checks, run in the page as an ES module; results go to window.slottedReport. */
const pageScript = `
import { defineStruct } from '/dist/index.js';
const message = (error) => error instanceof Error ? error.constructor.name + ': ' + error.message : 'thrown ' + String(error);
const attempt = (run) => { try { return run(); } catch (error) { return message(error); } };
let evalRefused = 'allowed';
try { new Function('return 1'); } catch (error) { evalRefused = error.constructor.name; }
const results = {};
const timings = {};
try {
  const Unit = defineStruct(
    { hp: 'u16', x: 'f32', id: 'u64', alive: 'bool', pos: ['f32', 3], state: { enum: ['idle', 'walk', 'run'] }, name: { utf8: 8 } },
    { name: 'Unit' },
  );
  const units = Unit.createStore({ capacity: 2 });
  const h = units.add({ hp: 100, x: 0.5, id: 7n, alive: true, pos: [0, 1, 2], state: 'walk', name: 'Ñandú' });
  const unit = units.get(h);
  unit.hp -= 10;
  unit.pos[1] = 1.5;
  unit.pos.fill(4, 2);
  results.view = { hp: unit.hp, x: unit.x, id: String(unit.id), alive: unit.alive, pos: [...unit.pos], state: unit.state, name: unit.name };
  results.text = [String(unit), String(unit.pos), Object.prototype.toString.call(unit.pos), unit.constructor.name, unit.pos.constructor.name];
  results.json = JSON.stringify(unit);
  results.instance = [unit instanceof Unit, units.cursor().record instanceof Unit];
  results.refused = [
    attempt(() => { unit.hp = -1; }),
    attempt(() => { unit.state = 'fly'; }),
    attempt(() => { unit.pos = [1, 2]; }),
    attempt(() => { unit.pos[1] = 'a'; }),
    attempt(() => { unit.name = 'much too long'; }),
    attempt(() => { unit.speed = 1; }),
    attempt(() => units.add({ hp: 1, speed: 2 })),
    attempt(() => units.get(99)),
  ];
  results.afterRefusals = JSON.stringify(units);
  units.add();
  results.grown = [units.add({ hp: 3 }), units.capacity >= 3, units.size];
  results.iterated = [...units].map((view) => view.hp);
  const seen = [];
  units.forEach((view, handle) => seen.push([handle, view.state]));
  results.forEach = seen;
  const cursor = units.cursor();
  let sum = 0;
  for (const record of cursor) { record.x += 1; sum += record.hp; }
  results.cursor = [sum, cursor.handle, attempt(() => cursor.record.hp), cursor.moveTo(2).hp, String(cursor.record)];
  units.delete(2);
  results.deleted = [attempt(() => cursor.record.hp), units.has(2), attempt(() => unit.hp)];
  results.restored = Unit.fromBytes(units.toBytes()).toArray().map((record) => [record.hp, record.name, String(record.id)]);
  results.columns = [Object.keys(units.columns), units.columns.hp.constructor.name, Array.from(units.columns.hp.subarray(0, 2))];
  units.delete(h);
  results.stale = [attempt(() => unit.hp), String(unit)];
  units.clear();
  results.cleared = [units.size, attempt(() => cursor.record.hp)];

  // A rough measure: 1,000,000 records, sums through get(h) and a cursor (best of 5 passes).
  const AB = defineStruct({ a: 'u32', b: 'u32' }, { name: 'AB' });
  const best = (pass) => { let least = Infinity; for (let r = 0; r < 5; r++) { const t0 = performance.now(); pass(); least = Math.min(least, performance.now() - t0); } return least; };
  let big;
  timings.add = best(() => { big = AB.createStore({ capacity: 1_000_000 }); for (let i = 0; i < 1_000_000; i++) big.add({ a: i & 0xff, b: 0 }); });
  let sink = 0;
  timings.getSum = best(() => { let t = 0; for (let k = 0; k < big.end; k++) t += big.get(k).a; sink += t; });
  const bigCursor = big.cursor();
  timings.cursorSum = best(() => { let t = 0; for (const r of bigCursor) t += r.a; sink += t; });
  timings.cursorUpdate = best(() => { for (const r of bigCursor) r.b = (r.b + r.a) | 0; });
  results.sink = sink > 0;
} catch (error) {
  results.failure = message(error);
}
window.slottedReport = { evalRefused, results, timings };
`;

async function serve(): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const strict = path.startsWith('/strict/');
      const headers: Record<string, string> = strict ? { 'Content-Security-Policy': strictCsp } : {};
      const local = path.replace(/^\/(strict|open)\//, '/');
      if (local === '/') {
        response.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
        response.end('<!doctype html><meta charset="utf-8"><title>slotted CSP</title><script type="module" src="page.js"></script>');
      } else if (local === '/page.js') {
        response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' });
        response.end(pageScript);
      } else if (/^\/dist\/[\w.-]+\.js$/.test(path)) {
        response.writeHead(200, { 'Content-Type': 'text/javascript' });
        response.end(await readFile(join(root, path)));
      } else if (path === '/favicon.ico') {
        response.writeHead(204).end();
      } else {
        response.writeHead(404).end();
      }
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

interface Report {
  readonly evalRefused: string;
  readonly results: Record<string, unknown>;
  readonly timings: Record<string, number>;
}

async function main(): Promise<number> {
  await readFile(join(root, 'dist', 'index.js')).catch(() => {
    throw new Error('dist/index.js is missing: run npm run build first');
  });
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const visit = async (kind: 'strict' | 'open') => {
      const page = await browser.newPage();
      const console: string[] = [];
      page.on('console', (entry) => console.push(`${entry.type()}: ${entry.text()}`));
      page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
      await page.goto(`${server.url}/${kind}/`);
      await page.waitForFunction(() => 'slottedReport' in globalThis, undefined, { timeout: 60_000 });
      const report = (await page.evaluate(() => (globalThis as unknown as { slottedReport: unknown }).slottedReport)) as Report;
      await page.close();
      return { report, console };
    };
    const strict = await visit('strict');
    const open = await visit('open');
    const problems: string[] = [];
    if (strict.report.evalRefused !== 'EvalError') problems.push(`the strict page did not refuse new Function: ${strict.report.evalRefused}`);
    if (open.report.evalRefused !== 'allowed') problems.push(`the open page refused new Function: ${open.report.evalRefused}`);
    if (strict.report.results.failure !== undefined) problems.push(`the strict page failed: ${String(strict.report.results.failure)}`);
    if (JSON.stringify(strict.report.results) !== JSON.stringify(open.report.results)) {
      problems.push(`the pages differ:\n strict: ${JSON.stringify(strict.report.results)}\n open:   ${JSON.stringify(open.report.results)}`);
    }
    const expected = {
      view: { hp: 90, x: 0.5, id: '7', alive: true, pos: [0, 1.5, 4], state: 'walk', name: 'Ñandú' },
      instance: [true, true],
      grown: [2, true, 3],
      iterated: [90, 0, 3],
    };
    for (const [key, value] of Object.entries(expected)) {
      if (JSON.stringify(strict.report.results[key]) !== JSON.stringify(value)) {
        problems.push(`${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(strict.report.results[key])}`);
      }
    }
    const refusals = strict.console.filter((line) => /unsafe-eval|Refused to evaluate/i.test(line));
    if (refusals.length > 1) problems.push(`the refusal was logged ${refusals.length} times:\n${refusals.join('\n')}`);
    const others = [...strict.console.filter((line) => !refusals.includes(line)), ...open.console];
    if (others.length > 0) problems.push(`console output:\n${others.join('\n')}`);
    console.log(`strict page (closures fallback): ${JSON.stringify(strict.report.results)}`);
    console.log(`console of the strict page: ${JSON.stringify(strict.console)}`);
    const round = (timings: Record<string, number>) => Object.fromEntries(Object.entries(timings).map(([key, ms]) => [key, Math.round(ms * 10) / 10]));
    console.log(`ms, 1,000,000 records (best of 5): strict ${JSON.stringify(round(strict.report.timings))}, open ${JSON.stringify(round(open.report.timings))}`);
    console.log(problems.length === 0 ? 'csp-chromium: passed' : `csp-chromium: FAILED\n${problems.join('\n')}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
    server.close();
  }
}

process.exitCode = await main();
