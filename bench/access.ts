/**
 * Creation, random access by handle, and churn (delete and re-add a tenth of the records per tick).
 */
import { defineStruct } from '../src/index';
import { byIdOf, classesOf, columnOf, mapsOf, objectsOf, storeOf } from './data';
import { cursorOf, whenCursor } from './cursor';
import type { BenchTask } from './sampler';

interface PersonaRecord {
  nombre: number;
  identificador: number;
}

// Keys in another order than the competitors' objects, for the reason given in sequential.ts.
const Persona = defineStruct({ identificador: 'u32', nombre: 'u32' }, { name: 'Persona' });

class PersonaClass {
  constructor(
    public nombre: number,
    public identificador: number,
  ) {}
}

/** Adds `records` records from scratch; every task returns the sum of the last record's fields. */
export function creationTasks(records: number): BenchTask[] {
  const expected = 2 * (records - 1);
  return [
    { name: 'typed arrays', expect: expected, prepare: () => () => { const a = new Uint32Array(records), b = new Uint32Array(records); for (let i = 0; i < records; i++) { a[i] = i; b[i] = i; } return (a[records - 1] as number) + (b[records - 1] as number); } },
    { name: 'slotted add, preallocated', expect: expected, prepare: () => () => { const store = Persona.createStore({ capacity: records }); for (let i = 0; i < records; i++) store.add({ nombre: i, identificador: i }); return store.get(records - 1).nombre + store.get(records - 1).identificador; } },
    { name: 'slotted add, growing from 64', expect: expected, prepare: () => () => { const store = Persona.createStore(); for (let i = 0; i < records; i++) store.add({ nombre: i, identificador: i }); return store.get(records - 1).nombre + store.get(records - 1).identificador; } },
    { name: 'objects', expect: expected, prepare: () => () => { const list: { nombre: number; identificador: number }[] = []; for (let i = 0; i < records; i++) list.push({ nombre: i, identificador: i }); const last = list[records - 1] as { nombre: number; identificador: number }; return last.nombre + last.identificador; } },
    { name: 'classes', expect: expected, prepare: () => () => { const list: PersonaClass[] = []; for (let i = 0; i < records; i++) list.push(new PersonaClass(i, i)); const last = list[records - 1] as PersonaClass; return last.nombre + last.identificador; } },
    { name: 'Map per record', expect: expected, prepare: () => () => { const list: Map<string, number>[] = []; for (let i = 0; i < records; i++) list.push(new Map([['nombre', i], ['identificador', i]])); const last = list[records - 1] as Map<string, number>; return (last.get('nombre') as number) + (last.get('identificador') as number); } },
    { name: 'Map by id', expect: expected, prepare: () => () => { const byId = new Map<number, { nombre: number; identificador: number }>(); for (let i = 0; i < records; i++) byId.set(i, { nombre: i, identificador: i }); const last = byId.get(records - 1) as { nombre: number; identificador: number }; return last.nombre + last.identificador; } },
  ];
}

/** A deterministic pseudo-random sequence (xorshift32), so every run reads the same handles. */
export function randomIndexes(count: number, below: number, seed = 0x9e3779b9): Uint32Array {
  const indexes = new Uint32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    indexes[i] = (state >>> 0) % below;
  }
  return indexes;
}

/** `reads` reads of one field by random handle over `records` records. */
export function randomAccessTasks(records: number, reads: number): BenchTask[] {
  const nombre = (i: number): number => i & 0xffff;
  const persona = (i: number): PersonaRecord => ({ nombre: nombre(i), identificador: i });
  const at = randomIndexes(reads, records);
  let expect = 0;
  for (let k = 0; k < at.length; k++) expect += nombre(at[k] as number);
  return [
    { name: 'typed arrays', expect, prepare: () => { const a = columnOf(Uint32Array, records, (i) => nombre(i)); return () => { let s = 0; for (let k = 0; k < at.length; k++) s += a[at[k] as number] as number; return s; }; } },
    { name: 'slotted columns', expect, prepare: () => { const store = storeOf(Persona, records, persona); return () => { const col = store.columns.nombre; let s = 0; for (let k = 0; k < at.length; k++) s += col[at[k] as number] as number; return s; }; } },
    { name: 'slotted get(h)', expect, prepare: () => { const store = storeOf(Persona, records, persona); return () => { let s = 0; for (let k = 0; k < at.length; k++) s += store.get(at[k] as number).nombre; return s; }; } },
    ...whenCursor(Persona, [{ name: 'slotted cursor', expect, prepare: () => { const store = storeOf(Persona, records, persona); const cursor = cursorOf(store); return () => { let s = 0; for (let k = 0; k < at.length; k++) s += cursor.moveTo(at[k] as number).nombre; return s; }; } }]),
    { name: 'objects', expect, prepare: () => { const list = objectsOf(records, persona); return () => { let s = 0; for (let k = 0; k < at.length; k++) s += (list[at[k] as number] as PersonaRecord).nombre; return s; }; } },
    { name: 'classes', expect, prepare: () => { const list = classesOf(records, (i) => new PersonaClass(nombre(i), i)); return () => { let s = 0; for (let k = 0; k < at.length; k++) s += (list[at[k] as number] as PersonaClass).nombre; return s; }; } },
    { name: 'Map per record', expect, prepare: () => { const list = mapsOf(records, persona); return () => { let s = 0; for (let k = 0; k < at.length; k++) s += (list[at[k] as number] as Map<string, number>).get('nombre') as number; return s; }; } },
    { name: 'Map by id', expect, prepare: () => { const byId = byIdOf(records, persona); return () => { let s = 0; for (let k = 0; k < at.length; k++) s += (byId.get(at[k] as number) as PersonaRecord).nombre; return s; }; } },
  ];
}

/** `rounds` sets of `count` distinct indexes below `below`, back to back (a partial Fisher-Yates shuffle each). */
function distinctPicks(rounds: number, count: number, below: number): Uint32Array {
  const picks = new Uint32Array(rounds * count);
  const deck = columnOf(Uint32Array, below, (i) => i);
  const random = randomIndexes(rounds * count, 0x7fffffff, 777);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < count; k++) {
      const j = k + ((random[round * count + k] as number) % (below - k));
      const swap = deck[k] as number;
      deck[k] = deck[j] as number;
      deck[j] = swap;
      picks[round * count + k] = deck[k] as number;
    }
  }
  return picks;
}

/**
 * Churn: each tick deletes a tenth of `records` records, picked at random, and adds as many new ones.
 * Returns the live count, which must stay `records`.
 */
export function churnTasks(records: number): BenchTask[] {
  const perTick = Math.max(1, Math.floor(records / 10));
  const victims = distinctPicks(16, perTick, records);
  let tick = 0;
  const pick = () => victims.subarray((tick % 16) * perTick, ((tick % 16) + 1) * perTick);
  const persona = (i: number): PersonaRecord => ({ nombre: i, identificador: i });

  // Each competitor keeps, for every record 0 .. records - 1, the key it currently lives under.
  return [
    {
      name: 'slotted',
      expect: records,
      prepare: () => {
        const store = Persona.createStore({ capacity: records });
        const handles = columnOf(Uint32Array, records, (i) => store.add(persona(i)));
        return () => {
          const chosen = pick();
          tick++;
          for (let k = 0; k < chosen.length; k++) store.delete(handles[chosen[k] as number] as number);
          for (let k = 0; k < chosen.length; k++) {
            const victim = chosen[k] as number;
            handles[victim] = store.add({ nombre: victim, identificador: tick });
          }
          return store.size;
        };
      },
    },
    {
      name: 'Map by id',
      expect: records,
      prepare: () => {
        const byId = byIdOf(records, persona);
        const ids = Float64Array.from({ length: records }, (_, i) => i);
        let nextId = records;
        return () => {
          const chosen = pick();
          tick++;
          for (let k = 0; k < chosen.length; k++) byId.delete(ids[chosen[k] as number] as number);
          for (let k = 0; k < chosen.length; k++) {
            const victim = chosen[k] as number;
            ids[victim] = nextId;
            byId.set(nextId++, { nombre: victim, identificador: tick });
          }
          return byId.size;
        };
      },
    },
    {
      name: 'objects + free list',
      expect: records,
      prepare: () => {
        const list: (PersonaRecord | undefined)[] = objectsOf(records, persona);
        const free: number[] = [];
        const slots = columnOf(Uint32Array, records, (i) => i);
        return () => {
          const chosen = pick();
          tick++;
          for (let k = 0; k < chosen.length; k++) {
            const slot = slots[chosen[k] as number] as number;
            list[slot] = undefined;
            free.push(slot);
          }
          for (let k = 0; k < chosen.length; k++) {
            const victim = chosen[k] as number;
            const slot = free.pop() as number;
            list[slot] = { nombre: victim, identificador: tick };
            slots[victim] = slot;
          }
          return list.length - free.length;
        };
      },
    },
  ];
}
