/**
 * Memory of the seed workload: 262,144 records { nombre: u32, identificador: u32 } per competitor, each measured
 * in a fresh process as heapUsed + arrayBuffers after forced GC, with the data kept alive.
 * `bench/child.ts` runs `measureHere` in a fresh process for each competitor.
 */
import { defineStruct, Store } from '../src/index';

/** The layouts measured, in order. */
export const memoryCompetitors = ['slotted', 'typed arrays', 'objects', 'classes', 'Map per record', 'Map by id'] as const;
/** One of {@link memoryCompetitors}. */
export type MemoryCompetitor = (typeof memoryCompetitors)[number];

/** One layout's memory. */
export interface MemoryResult {
  readonly competitor: MemoryCompetitor;
  readonly records: number;
  readonly bytes: number;
  readonly bytesPerRecord: number;
  /** For slotted: `store.byteLength / records`, every byte of its buffers counted exactly. */
  readonly exactBytesPerRecord?: number;
}

class PersonaClass {
  constructor(
    public nombre: number,
    public identificador: number,
  ) {}
}

let Persona: ReturnType<typeof definePersona> | undefined;
// Defined on first use, so that the warm-up build compiles it and only the slotted process holds its schema.
const definePersona = () => defineStruct({ identificador: 'u32', nombre: 'u32' }, { name: 'Persona' });

function build(competitor: MemoryCompetitor, records: number): unknown {
  switch (competitor) {
    case 'slotted': {
      Persona ??= definePersona();
      const store = Persona.createStore({ capacity: records });
      for (let i = 0; i < records; i++) store.add({ nombre: i, identificador: i * 2 });
      return store;
    }
    case 'typed arrays': {
      const nombre = new Uint32Array(records);
      const identificador = new Uint32Array(records);
      for (let i = 0; i < records; i++) {
        nombre[i] = i;
        identificador[i] = i * 2;
      }
      return { nombre, identificador };
    }
    case 'objects': {
      const list: { nombre: number; identificador: number }[] = [];
      for (let i = 0; i < records; i++) list.push({ nombre: i, identificador: i * 2 });
      return list;
    }
    case 'classes': {
      const list: PersonaClass[] = [];
      for (let i = 0; i < records; i++) list.push(new PersonaClass(i, i * 2));
      return list;
    }
    case 'Map per record': {
      const list: Map<string, number>[] = [];
      for (let i = 0; i < records; i++)
        list.push(
          new Map([
            ['nombre', i],
            ['identificador', i * 2],
          ]),
        );
      return list;
    }
    case 'Map by id': {
      const byId = new Map<number, { nombre: number; identificador: number }>();
      for (let i = 0; i < records; i++) byId.set(i, { nombre: i, identificador: i * 2 });
      return byId;
    }
  }
}

function used(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Measures one competitor in this process. */
export function measureHere(competitor: MemoryCompetitor, records: number): MemoryResult {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') throw new Error('run with node --expose-gc');
  // A small warm-up build first, so that compiled code and lazily made runtime state are not counted as data.
  build(competitor, 1024);
  const before = used();
  const kept = build(competitor, records);
  const bytes = used() - before;
  if (kept === undefined) throw new Error('nothing built');
  const result = { competitor, records, bytes, bytesPerRecord: bytes / records };
  return kept instanceof Store ? { ...result, exactBytesPerRecord: kept.byteLength / records } : result;
}
