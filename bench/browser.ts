/**
 * `npm run bench -- --browser`: the sequential-loop scenarios in Chromium, driven by playwright-core with
 * Debian's chromium (Playwright's own browser download is not reachable here).
 *
 * The page is served from 127.0.0.1 by a small HTTP server with COOP/COEP headers, so the page is cross-origin
 * isolated (SharedArrayBuffer available, timers at 5 us rather than 100 us). Each round runs in a new browser
 * context: a context never shares a renderer process with another, so each round gets a fresh V8 isolate, as a
 * Node round gets a fresh process. `--js-flags=--expose-gc` gives the page `gc()`, which the sampler calls between
 * building data and measuring.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { chromiumArgs as testChromiumArgs, chromiumPath as findChromium } from '../test/browser/chromium';
import { bundle } from './bundle';
import type { Options } from './cli';
import type { RoundJobOutput } from './round';
import { assemble, finish, machine, progress, runScenarios } from './run';
import { type Mode, planFor, scenarios } from './scenarios';

/** Debian's Chromium, found as the tests find it (test/browser/chromium.ts); an error that says how to install it. */
export function chromiumPath(): string {
  const found = findChromium();
  if (found === undefined) throw new Error('no chromium found: install it with `apt-get install -y chromium`');
  return found;
}

/** The tests' launch switches, plus `gc()` in the page for the garbage-collection hygiene between passes. */
export const chromiumArgs = [...testChromiumArgs, '--js-flags=--expose-gc'];

const page = `<!doctype html><meta charset="utf-8"><title>slotted bench</title><script type="module" src="/page.mjs"></script>`;

/** Serves the page and its bundle from 127.0.0.1 on a free port, cross-origin isolated. */
async function serve(script: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
    if (request.url === '/' || request.url === '/index.html') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    } else if (request.url === '/page.mjs') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Runs the browser scenarios and prints the report; returns the exit code. */
export async function runBrowser(options: Options): Promise<number> {
  const loadBefore = loadavg();
  const date = new Date().toISOString();
  const selected = scenarios(options.mode).filter((scenario) => scenario.browser && (options.only.length === 0 || options.only.includes(scenario.name)));
  if (selected.length === 0) {
    process.stderr.write('npm run bench: none of the --only scenarios runs in the browser (the loops and ticks do)\n');
    return 2;
  }
  progress('bundling the benchmark for the page (esbuild)');
  const script = readFileSync(await bundle('./browser-page.ts', 'page.mjs', 'browser'), 'utf8');
  const { server, url } = await serve(script);
  const executablePath = chromiumPath();
  // One browser per set of V8 flags: the low-inlining tick needs its own (--js-flags is per browser).
  const browsers = new Map<string, Browser>();
  const browserFor = async (flags: readonly string[]): Promise<Browser> => {
    const key = flags.join(' ');
    let browser = browsers.get(key);
    if (browser === undefined) {
      progress(`launching ${executablePath}${key === '' ? '' : ` with --js-flags=${key}`}`);
      const args = chromiumArgs.map((arg) => (arg.startsWith('--js-flags=') && key !== '' ? `${arg} ${key}` : arg));
      browser = await chromium.launch({ executablePath, args });
      browsers.set(key, browser);
    }
    return browser;
  };
  try {
    const version = (await browserFor([])).version();
    const rounds = options.rounds ?? planFor(options.mode).rounds;
    const mode: Mode = options.mode;
    const { results: timed } = await runScenarios(
      selected,
      rounds,
      async (scenario, round) => {
        const context = await (await browserFor(scenario.v8Flags ?? [])).newContext();
        try {
          const tab = await context.newPage();
          const errors: string[] = [];
          tab.on('pageerror', (error) => errors.push(error.message));
          await tab.goto(url);
          await tab.waitForFunction(() => typeof (globalThis as { runScenarioRound?: unknown }).runScenarioRound === 'function', undefined, { timeout: 30_000 });
          if (!(await tab.evaluate(() => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true))) throw new Error('the page is not cross-origin isolated');
          const output = await tab.evaluate(
            ([name, index, runMode]) =>
              (globalThis as unknown as { runScenarioRound: (name: string, round: number, mode: string) => unknown }).runScenarioRound(name, index, runMode),
            [scenario.name, round, mode] as const,
          );
          if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`);
          return output as RoundJobOutput;
        } finally {
          await context.close();
        }
      },
      { done: 0, total: selected.length },
    );
    const results = assemble(options, { engine: { name: 'Chromium', version }, machine: machine(loadBefore), date, scenarios: timed });
    return finish(results, options, () => []);
  } finally {
    for (const browser of browsers.values()) await browser.close();
    server.close();
  }
}
