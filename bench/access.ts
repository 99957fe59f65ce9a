/**
 * Creation, random access by handle, and churn (delete and re-add a tenth of the records per tick).
 */
import { defineStruct } from '../src/index';
import type { BenchTask } from './suite';

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
    { name: 'typed arrays', expect: expected, run: () => { const a = new Uint32Array(records), b = new Uint32Array(records); for (let i = 0; i < records; i++) { a[i] = i; b[i] = i; } return (a[records - 1] as number) + (b[records - 1] as number); } },
    { name: 'slotted add, preallocated', expect: expected, run: () => { const store = Persona.createStore({ capacity: records }); for (let i = 0; i < records; i++) store.add({ nombre: i, identificador: i }); return store.get(records - 1).nombre + store.get(records - 1).identificador; } },
    { name: 'slotted add, growing from 64', expect: expected, run: () => { const store = Persona.createStore(); for (let i = 0; i < records; i++) store.add({ nombre: i, identificador: i }); return store.get(records - 1).nombre + store.get(records - 1).identificador; } },
    { name: 'objects', expect: expected, run: () => { const list: { nombre: number; identificador: number }[] = []; for (let i = 0; i < records; i++) list.push({ nombre: i, identificador: i }); const last = list[records - 1] as { nombre: number; identificador: number }; return last.nombre + last.identificador; } },
    { name: 'classes', expect: expected, run: () => { const list: PersonaClass[] = []; for (let i = 0; i < records; i++) list.push(new PersonaClass(i, i)); const last = list[records - 1] as PersonaClass; return last.nombre + last.identificador; } },
    { name: 'Map per record', expect: expected, run: () => { const list: Map<string, number>[] = []; for (let i = 0; i < records; i++) list.push(new Map([['nombre', i], ['identificador', i]])); const last = list[records - 1] as Map<string, number>; return (last.get('nombre') as number) + (last.get('identificador') as number); } },
    { name: 'Map by id', expect: expected, run: () => { const byId = new Map<number, { nombre: number; identificador: number }>(); for (let i = 0; i < records; i++) byId.set(i, { nombre: i, identificador: i }); const last = byId.get(records - 1) as { nombre: number; identificador: number }; return last.nombre + last.identificador; } },
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
  const store = Persona.createStore({ capacity: records });
  const a = new Uint32Array(records);
  const objects: { nombre: number; identificador: number }[] = [];
  const classes: PersonaClass[] = [];
  const maps: Map<string, number>[] = [];
  const byId = new Map<number, { nombre: number; identificador: number }>();
  for (let i = 0; i < records; i++) {
    const value = i & 0xffff;
    store.add({ nombre: value, identificador: i });
    a[i] = value;
    objects.push({ nombre: value, identificador: i });
    classes.push(new PersonaClass(value, i));
    maps.push(new Map([['nombre', value], ['identificador', i]]));
    byId.set(i, { nombre: value, identificador: i });
  }
  const at = randomIndexes(reads, records);
  let expected = 0;
  for (let k = 0; k < at.length; k++) expected += (at[k] as number) & 0xffff;
  return [
    { name: 'typed arrays', expect: expected, run: () => { let s = 0; for (let k = 0; k < at.length; k++) s += a[at[k] as number] as number; return s; } },
    { name: 'slotted columns', expect: expected, run: () => { const col = store.columns.nombre; let s = 0; for (let k = 0; k < at.length; k++) s += col[at[k] as number] as number; return s; } },
    { name: 'slotted get(h)', expect: expected, run: () => { let s = 0; for (let k = 0; k < at.length; k++) s += store.get(at[k] as number).nombre; return s; } },
    { name: 'objects', expect: expected, run: () => { let s = 0; for (let k = 0; k < at.length; k++) s += (objects[at[k] as number] as { nombre: number }).nombre; return s; } },
    { name: 'classes', expect: expected, run: () => { let s = 0; for (let k = 0; k < at.length; k++) s += (classes[at[k] as number] as PersonaClass).nombre; return s; } },
    { name: 'Map per record', expect: expected, run: () => { let s = 0; for (let k = 0; k < at.length; k++) s += (maps[at[k] as number] as Map<string, number>).get('nombre') as number; return s; } },
    { name: 'Map by id', expect: expected, run: () => { let s = 0; for (let k = 0; k < at.length; k++) s += (byId.get(at[k] as number) as { nombre: number }).nombre; return s; } },
  ];
}

/** `rounds` sets of `count` distinct indexes below `below`, back to back (a partial Fisher-Yates shuffle each). */
function distinctPicks(rounds: number, count: number, below: number): Uint32Array {
  const picks = new Uint32Array(rounds * count);
  const deck = Uint32Array.from({ length: below }, (_, i) => i);
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
  const pick = () => victims.subarray((tick % 16) * perTick, (tick % 16 + 1) * perTick);

  // Each competitor keeps, per record slot 0..records-1, the key it currently lives under.
  const store = Persona.createStore({ capacity: records });
  const handles = new Uint32Array(records);
  for (let i = 0; i < records; i++) handles[i] = store.add({ nombre: i, identificador: i });

  const byId = new Map<number, { nombre: number; identificador: number }>();
  const ids = new Float64Array(records);
  let nextId = 0;
  for (let i = 0; i < records; i++) {
    ids[i] = nextId;
    byId.set(nextId++, { nombre: i, identificador: i });
  }

  const objects: ({ nombre: number; identificador: number } | undefined)[] = [];
  const free: number[] = [];
  const slots = new Uint32Array(records);
  for (let i = 0; i < records; i++) {
    slots[i] = objects.length;
    objects.push({ nombre: i, identificador: i });
  }

  return [
    {
      name: 'slotted',
      expect: records,
      run: () => {
        const chosen = pick();
        tick++;
        for (let k = 0; k < chosen.length; k++) store.delete(handles[chosen[k] as number] as number);
        for (let k = 0; k < chosen.length; k++) {
          const victim = chosen[k] as number;
          handles[victim] = store.add({ nombre: victim, identificador: tick });
        }
        return store.size;
      },
    },
    {
      name: 'Map by id',
      expect: records,
      run: () => {
        const chosen = pick();
        tick++;
        for (let k = 0; k < chosen.length; k++) byId.delete(ids[chosen[k] as number] as number);
        for (let k = 0; k < chosen.length; k++) {
          const victim = chosen[k] as number;
          ids[victim] = nextId;
          byId.set(nextId++, { nombre: victim, identificador: tick });
        }
        return byId.size;
      },
    },
    {
      name: 'objects + free list',
      expect: records,
      run: () => {
        const chosen = pick();
        tick++;
        for (let k = 0; k < chosen.length; k++) {
          const slot = slots[chosen[k] as number] as number;
          objects[slot] = undefined;
          free.push(slot);
        }
        for (let k = 0; k < chosen.length; k++) {
          const victim = chosen[k] as number;
          const slot = free.pop() as number;
          objects[slot] = { nombre: victim, identificador: tick };
          slots[victim] = slot;
        }
        return objects.length - free.length;
      },
    },
  ];
}
