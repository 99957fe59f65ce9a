import { describe, expect, it } from 'vitest';
import { defineStruct } from '../src/index';
import { parseSchema } from '../src/schema';

describe('parseSchema', () => {
  it('describes every field kind in declaration order', () => {
    const fields = parseSchema('T', {
      a: 'u8',
      b: 'i64',
      c: 'bool',
      d: ['f32', 3],
      e: { enum: ['x', 'y'] },
      f: { utf8: 10 },
    });
    expect(fields.map(({ name, kind, vector, length, bytes, storage }) => [name, kind, vector, length, bytes, storage])).toEqual([
      ['a', 'u8', false, 1, 1, 'u8'],
      ['b', 'i64', false, 1, 8, 'i64'],
      ['c', 'bool', false, 1, 1, 'bool'],
      ['d', 'f32', true, 3, 12, 'f32'],
      ['e', 'enum', false, 1, 1, 'u8'],
      ['f', 'utf8', false, 10, 10, 'u8'],
    ]);
    expect(fields[4]?.members).toEqual(['x', 'y']);
  });

  it('stores an enum in the smallest unsigned type that indexes it', () => {
    const members = (count: number) => Array.from({ length: count }, (_, i) => `m${i}`);
    expect(parseSchema('T', { e: { enum: members(256) } })[0]?.storage).toBe('u8');
    expect(parseSchema('T', { e: { enum: members(257) } })[0]?.storage).toBe('u16');
    expect(parseSchema('T', { e: { enum: members(65_537) } })[0]?.storage).toBe('u32');
  });

  it.each([
    ['an empty schema', {}, TypeError, /at least one field/],
    ['a schema that is not an object', 'u8', TypeError, /schema is an object/],
    ['an unknown type', { a: 'u128' }, TypeError, /T\.a: unknown field type "u128"/],
    ['a vector of bool', { a: ['bool', 2] }, TypeError, /T\.a: a vector is \[type, length\]/],
    ['a vector of length 0', { a: ['f32', 0] }, RangeError, /T\.a: vector length must be an integer from 1 to 65536; got 0/],
    ['a fractional vector length', { a: ['f32', 1.5] }, RangeError, /T\.a: vector length .* got 1\.5/],
    ['a vector with extra items', { a: ['f32', 2, 3] }, TypeError, /T\.a: a vector/],
    ['an empty enum', { a: { enum: [] } }, TypeError, /T\.a: enum needs a non-empty array/],
    ['a repeated enum member', { a: { enum: ['x', 'x'] } }, TypeError, /T\.a: enum member "x" is listed twice/],
    ['a non-string enum member', { a: { enum: ['x', 1] } }, TypeError, /T\.a: enum members must be strings; got 1/],
    ['a utf8 size of 0', { a: { utf8: 0 } }, RangeError, /T\.a: utf8 size .* got 0/],
    ['a name that is not an identifier', { 'a-b': 'u8' }, TypeError, /T\.a-b: a field name must be a JavaScript identifier/],
    ['toJSON', { toJSON: 'u8' }, TypeError, /T\.toJSON: "toJSON" is reserved/],
    ['constructor', { constructor: 'u8' }, TypeError, /T\.constructor: "constructor" is reserved/],
    ['__proto__ through JSON', JSON.parse('{"__proto__": "u8"}'), TypeError, /"__proto__" is reserved/],
    ['hasOwnProperty', { hasOwnProperty: 'u8' }, TypeError, /"hasOwnProperty" is reserved/],
  ])('refuses %s, naming the field', (_, schema, error, message) => {
    expect(() => parseSchema('T', schema)).toThrow(error);
    expect(() => parseSchema('T', schema)).toThrow(message);
  });

  it('accepts non-ASCII identifiers', () => {
    expect(parseSchema('T', { año: 'u16', ñandú: 'u8' }).map((field) => field.name)).toEqual(['año', 'ñandú']);
  });
});

describe('defineStruct', () => {
  it('describes the struct', () => {
    const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
    expect(Persona.name).toBe('Persona');
    expect(Persona.bytesPerRecord).toBe(8);
    expect(Persona.fields.map((field) => [field.name, field.kind, field.length, field.bytes])).toEqual([
      ['nombre', 'u32', 1, 4],
      ['identificador', 'u32', 1, 4],
    ]);
    expect(Object.isFrozen(Persona.fields)).toBe(true);
    expect(Object.isFrozen(Persona.fields[0])).toBe(true);
  });

  it('sums field widths into bytesPerRecord', () => {
    const T = defineStruct({ a: 'u8', b: ['f64', 2], c: { utf8: 5 }, d: 'bool', e: { enum: ['x'] } });
    expect(T.bytesPerRecord).toBe(1 + 16 + 5 + 1 + 1);
    expect(T.name).toBe('Struct');
  });

  it('refuses a struct name that is not an identifier', () => {
    expect(() => defineStruct({ a: 'u8' }, { name: 'no spaces' })).toThrow(/name must be a JavaScript identifier/);
  });

  it('keeps structs whose fields share names with generated code apart', () => {
    const T = defineStruct({ gen: 'u8', c0: 'u8', slots: 'u8', init: 'u8', h: 'u8', i: 'u8', View: 'u8' }, { name: 'View' });
    const store = T.createStore();
    const handle = store.add({ gen: 1, c0: 2, slots: 3, init: 4, h: 5, i: 6, View: 7 });
    expect(store.toArray()).toEqual([{ gen: 1, c0: 2, slots: 3, init: 4, h: 5, i: 6, View: 7 }]);
    expect(store.get(handle).View).toBe(7);
  });
});
