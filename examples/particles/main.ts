/**
 * The particle demo's page: one slotted store and one array of plain objects holding the same particles, each
 * stepped and drawn every frame, with step time, draw time and memory shown under each.
 *
 * Query parameters: `n` (particles, default 100,000) and `workers` (module workers stepping the slotted store
 * on shared memory, default 0; needs a cross-origin isolated page). `window.particlesDemo` exposes the frame
 * count, errors and lit pixels for the test that drives the page (test/browser/particles-demo.test.ts).
 */
import { Picture } from './draw';
import { fillStore, makeObjects, Particle, type PlainParticle, stepColumns, stepObjects, worldSize } from './simulation';
import type { StepRequest } from './step-worker';

/** What the page reports to whoever drives it. */
interface DemoStatus {
  frames: number;
  readonly errors: string[];
  readonly particles: number;
  readonly workers: number;
  lit: { slotted: number; objects: number };
  stepMs: { slotted: number; objects: number };
}

const parameters = new URLSearchParams(location.search);
const count = Number(parameters.get('n') ?? 100_000);
const workerCount = Number(parameters.get('workers') ?? 0);
const seed = 7;
const dt = 1 / 60;

const status: DemoStatus = {
  frames: 0,
  errors: [],
  particles: count,
  workers: workerCount,
  lit: { slotted: 0, objects: 0 },
  stepMs: { slotted: 0, objects: 0 },
};
(window as unknown as { particlesDemo: DemoStatus }).particlesDemo = status;

function report(error: unknown): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  status.errors.push(text);
  console.error(text);
}
window.addEventListener('error', (event) => report(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => report(event.reason));

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}

function context(id: string): CanvasRenderingContext2D {
  const drawing = element<HTMLCanvasElement>(id).getContext('2d');
  if (drawing === null) throw new Error(`no 2d context for #${id}`);
  return drawing;
}

/** The JS heap in use, where Chromium exposes it (`performance.memory`, coarse unless precise info is on). */
function heapUsed(): number | undefined {
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Rolling mean over the last 60 frames. */
class Mean {
  private readonly samples = new Float64Array(60);
  private filled = 0;
  private next = 0;

  add(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.samples.length;
    this.filled = Math.min(this.filled + 1, this.samples.length);
  }

  get value(): number {
    let sum = 0;
    for (let k = 0; k < this.filled; k++) sum += this.samples[k] as number;
    return this.filled === 0 ? 0 : sum / this.filled;
  }
}

if (workerCount > 0 && !crossOriginIsolated) {
  throw new Error('workers need SharedArrayBuffer: serve the page with COOP/COEP headers (npm run demo does)');
}

const store = Particle.createStore({ capacity: count, shared: workerCount > 0 });
fillStore(store, count, seed);
const heapBefore = heapUsed();
const objects: PlainParticle[] = makeObjects(count, seed);
const heapAfter = heapUsed();

const workers = Array.from({ length: workerCount }, (_, index) => {
  const worker = new Worker(new URL('./step-worker.ts', import.meta.url), { type: 'module' });
  worker.onerror = (event) => report(`step worker ${index}: ${event.message}`);
  const start = Math.floor((count * index) / workerCount);
  const end = Math.floor((count * (index + 1)) / workerCount);
  worker.postMessage({ kind: 'attach', handle: store.share(), start, end } satisfies StepRequest);
  return worker;
});

/** Steps the shared store on every worker and resolves once all have posted back. */
function stepOnWorkers(): Promise<void> {
  return new Promise((resolve) => {
    let waiting = workers.length;
    for (const worker of workers) {
      worker.onmessage = () => {
        waiting--;
        if (waiting === 0) resolve();
      };
      worker.postMessage({ kind: 'step', dt } satisfies StepRequest);
    }
  });
}

element('count').textContent = count.toLocaleString('en');
element('mode').innerHTML =
  (workerCount > 0
    ? `The slotted store is shared and stepped by ${workerCount} module workers. `
    : 'Both sides are stepped on the main thread. ') +
  `Left: a slotted store, stepped through its typed-array columns. Right: an array of plain objects. ` +
  `<a href="?n=${count}&workers=${workerCount > 0 ? 0 : 2}">${workerCount > 0 ? 'main thread only' : 'step on 2 workers'}</a>`;

const pictures = { slotted: new Picture(context('slotted')), objects: new Picture(context('objects')) };
const times = { slottedStep: new Mean(), slottedDraw: new Mean(), objectsStep: new Mean(), objectsDraw: new Mean() };
const memory = {
  slotted: `${mib(store.byteLength)} in typed arrays (store.byteLength, exact)`,
  objects:
    heapBefore === undefined || heapAfter === undefined
      ? 'JS heap: not exposed by this browser'
      : `JS heap grew ${mib(heapAfter - heapBefore)} while they were made (performance.memory, coarse)`,
};

async function frame(): Promise<void> {
  const { x, y } = store.columns;
  const t0 = performance.now();
  if (workers.length > 0) await stepOnWorkers();
  else stepColumns(store.columns, 0, store.end, dt);
  const t1 = performance.now();
  pictures.slotted.clear();
  for (let i = 0; i < store.end; i++) pictures.slotted.plot(x[i] as number, y[i] as number, worldSize);
  status.lit.slotted = pictures.slotted.show();
  const t2 = performance.now();
  stepObjects(objects, dt);
  const t3 = performance.now();
  pictures.objects.clear();
  for (let i = 0; i < objects.length; i++) {
    const particle = objects[i] as PlainParticle;
    pictures.objects.plot(particle.x, particle.y, worldSize);
  }
  status.lit.objects = pictures.objects.show();
  const t4 = performance.now();

  times.slottedStep.add(t1 - t0);
  times.slottedDraw.add(t2 - t1);
  times.objectsStep.add(t3 - t2);
  times.objectsDraw.add(t4 - t3);
  status.stepMs = { slotted: times.slottedStep.value, objects: times.objectsStep.value };
  status.frames++;
  if (status.frames % 15 === 1) {
    element('slotted-stats').innerHTML =
      `<b>slotted store</b>${workers.length > 0 ? ` (${workers.length} workers)` : ''}\n` +
      `step ${times.slottedStep.value.toFixed(2)} ms · draw ${times.slottedDraw.value.toFixed(2)} ms\n${memory.slotted}`;
    element('objects-stats').innerHTML =
      `<b>plain objects</b>\nstep ${times.objectsStep.value.toFixed(2)} ms · draw ${times.objectsDraw.value.toFixed(2)} ms\n${memory.objects}`;
  }
}

function loop(): void {
  frame().then(() => requestAnimationFrame(loop), report);
}
requestAnimationFrame(loop);
