/**
 * Opens the particle demo (examples/particles, the page `npm run demo` serves) in Chromium as a visitor would:
 * lets it run, checks that both panels draw and that nothing logged an error, and saves screenshots to
 * test-results/ (untracked). Runs in the node project: it drives the browser from outside, like a user.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumLaunchOptions } from './chromium';

const demoConfig = fileURLToPath(new URL('../../examples/particles/vite.config.ts', import.meta.url));
const results = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** What the demo exposes as `window.particlesDemo`. */
interface DemoStatus {
  frames: number;
  errors: string[];
  particles: number;
  workers: number;
  lit: { slotted: number; objects: number };
  stepMs: { slotted: number; objects: number };
}

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await createServer({ configFile: demoConfig, server: { port: 0 }, logLevel: 'error' });
  await server.listen();
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the demo with `query`, waits for 60 frames, and returns its status and every problem it showed. */
async function run(query: string, screenshot: string): Promise<{ status: DemoStatus; problems: string[]; caption: string | null }> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 680 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  try {
    await page.goto(new URL(query, server.resolvedUrls?.local[0]).href);
    const frames = () => (window as unknown as { particlesDemo?: DemoStatus }).particlesDemo?.frames ?? 0;
    await page.waitForFunction(`(${frames.toString()})() >= 60`, undefined, { timeout: 45_000 });
    const status = await page.evaluate(() => (window as unknown as { particlesDemo: DemoStatus }).particlesDemo);
    if (!(await page.evaluate(() => crossOriginIsolated))) problems.push('the page is not cross-origin isolated');
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: `${results}${screenshot}` });
    return { status, problems, caption: await page.locator('#slotted-stats').textContent() };
  } finally {
    await page.close();
  }
}

function expectDrawn(status: DemoStatus): void {
  // 100,000 particles in three arms light tens of thousands of the 480 × 480 pixels; a page that did not draw lights none.
  expect(status.lit.slotted).toBeGreaterThan(5_000);
  expect(status.lit.objects).toBeGreaterThan(5_000);
  // Both sides hold the same particles (f32 against f64 positions), so they light about as many pixels.
  expect(status.lit.slotted / status.lit.objects).toBeGreaterThan(0.8);
  expect(status.lit.slotted / status.lit.objects).toBeLessThan(1.25);
}

it('draws 100,000 particles from a slotted store and from plain objects, logging no error', async () => {
  const { status, problems, caption } = await run('/', 'particles-demo.png');
  expect(problems).toEqual([]);
  expect(status.errors).toEqual([]);
  expect(status).toMatchObject({ particles: 100_000, workers: 0 });
  expectDrawn(status);
  expect(caption).toMatch(/step \d+\.\d\d ms · draw \d+\.\d\d ms/);
});

it('steps the shared store on two module workers, logging no error', async () => {
  const { status, problems, caption } = await run('/?workers=2', 'particles-demo-workers.png');
  expect(problems).toEqual([]);
  expect(status.errors).toEqual([]);
  expect(status).toMatchObject({ particles: 100_000, workers: 2 });
  expectDrawn(status);
  expect(caption).toMatch(/\(2 workers\)/);
});
