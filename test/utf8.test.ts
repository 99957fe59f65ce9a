import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8, utf8Fits, utf8Length, utf8Problem } from '../src/utf8';

const text = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\0'));

describe('utf8', () => {
  it('measures like TextEncoder', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(utf8Length(value)).toBe(new TextEncoder().encode(value).length);
      }),
    );
  });

  it('round-trips through a slot, zero-padded, without touching neighbours', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 8 }), (value, slack) => {
        const size = utf8Length(value) + slack;
        const bytes = new Uint8Array(size + 4).fill(0xee);
        if (size === 0) return;
        encodeUtf8(value, bytes, 2, size);
        expect(decodeUtf8(bytes, 2, size)).toBe(value);
        expect(Array.from(bytes.subarray(2, 2 + utf8Length(value)))).toEqual(Array.from(new TextEncoder().encode(value)));
        expect(bytes.subarray(2 + utf8Length(value), 2 + size).every((byte) => byte === 0)).toBe(true);
        expect([bytes[0], bytes[1], bytes[size + 2], bytes[size + 3]]).toEqual([0xee, 0xee, 0xee, 0xee]);
      }),
    );
  });

  it('fits exactly the strings that are well-formed, NUL-free and short enough', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer({ min: 1, max: 24 }), (value, size) => {
        const expected = value.isWellFormed() && !value.includes('\0') && new TextEncoder().encode(value).length <= size;
        expect(utf8Fits(value, size)).toBe(expected);
        expect(utf8Problem(value, size) === undefined).toBe(expected);
      }),
    );
    expect(utf8Fits(12, 4)).toBe(false);
    expect(utf8Problem(12, 4)).toBe('must be a string');
  });

  // Browsers refuse TextDecoder.decode on a view of a SharedArrayBuffer (Node accepts it): the browser project
  // runs this in Chromium, where it failed with "The provided ArrayBufferView value must not be shared".
  it('decodes non-ASCII text held in a SharedArrayBuffer', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 8 }), (value, slack) => {
        const size = utf8Length(value) + slack;
        if (size === 0) return;
        const bytes = new Uint8Array(new SharedArrayBuffer(size + 3));
        encodeUtf8(value, bytes, 3, size);
        expect(decodeUtf8(bytes, 3, size)).toBe(value);
      }),
    );
    const bytes = new Uint8Array(new SharedArrayBuffer(300));
    encodeUtf8('Ñandú', bytes, 1, 7);
    expect(decodeUtf8(bytes, 1, 7)).toBe('Ñandú');
    encodeUtf8('ü'.repeat(149), bytes, 1, 298); // longer than any scratch buffer made so far
    expect(decodeUtf8(bytes, 1, 298)).toBe('ü'.repeat(149));
  });

  // Bytes written through the raw column need not be UTF-8: mixes of valid sequences, cut sequences and stray bytes.
  const rawText = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }).map((value) => Array.from(new TextEncoder().encode(value))),
        fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 0xff }), { minLength: 1, maxLength: 3 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => Uint8Array.from(parts.flat().filter((byte) => byte !== 0)));

  it('decodes any bytes as TextDecoder does, short strings (decoded in JS) and long ones alike', () => {
    fc.assert(
      fc.property(rawText, (raw) => {
        const bytes = new Uint8Array(raw.length + 2);
        bytes.set(raw, 1);
        expect(decodeUtf8(bytes, 1, raw.length)).toBe(new TextDecoder().decode(raw));
      }),
      { numRuns: 2000 },
    );
    const edges = [[0xf0, 0x9f, 0x98, 0x80], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xef, 0xbf, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf]];
    for (const edge of edges) expect(decodeUtf8(Uint8Array.from(edge), 0, edge.length)).toBe(new TextDecoder().decode(Uint8Array.from(edge)));
  });

  it('decodes invalid bytes (written through the raw column) the same from shared and unshared memory', () => {
    fc.assert(
      fc.property(rawText, (raw) => {
        const plain = Uint8Array.from(raw);
        const shared = new Uint8Array(new SharedArrayBuffer(raw.length));
        shared.set(raw);
        expect(decodeUtf8(shared, 0, raw.length)).toBe(decodeUtf8(plain, 0, raw.length));
      }),
    );
  });
});
