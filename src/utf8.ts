/**
 * Fixed-size UTF-8 string slots: encode into and decode from a byte column without allocating on the way in.
 *
 * A slot of n bytes holds the string's UTF-8 bytes followed by zero bytes. Zero marks the end, so a string
 * may not contain U+0000; a string that is not well-formed UTF-16 (a lone surrogate) has no UTF-8 form and
 * is refused rather than replaced with U+FFFD.
 */

const decoder = new TextDecoder('utf-8');

/** Bytes `text` takes as UTF-8. `text` must be well-formed. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one code point of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Why `value` cannot be stored in a slot of `size` bytes, or `undefined` when it can. */
export function utf8Problem(value: unknown, size: number): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.isWellFormed()) return 'must be well-formed UTF-16 (it has a lone surrogate)';
  if (value.includes('\0')) return 'must not contain U+0000, which marks the end of a stored string';
  const bytes = utf8Length(value);
  if (bytes > size) return `is ${bytes} bytes as UTF-8, more than the ${size} it holds`;
  return undefined;
}

/** True when `value` can be stored in a slot of `size` bytes. */
export function utf8Fits(value: unknown, size: number): boolean {
  return (
    typeof value === 'string' &&
    // Every UTF-16 unit is at least one UTF-8 byte, so a longer string cannot fit.
    value.length <= size &&
    value.isWellFormed() &&
    !value.includes('\0') &&
    utf8Length(value) <= size
  );
}

/** Writes `text` (already checked to fit) into `bytes[offset .. offset + size)`, zero-filling the rest. */
export function encodeUtf8(text: string, bytes: Uint8Array, offset: number, size: number): void {
  let at = offset;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes[at++] = code;
    } else if (code < 0x800) {
      bytes[at++] = 0xc0 | (code >> 6);
      bytes[at++] = 0x80 | (code & 0x3f);
    } else if (code >= 0xd800 && code <= 0xdbff) {
      code = 0x1_0000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      bytes[at++] = 0xf0 | (code >> 18);
      bytes[at++] = 0x80 | ((code >> 12) & 0x3f);
      bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[at++] = 0x80 | (code & 0x3f);
    } else {
      bytes[at++] = 0xe0 | (code >> 12);
      bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[at++] = 0x80 | (code & 0x3f);
    }
  }
  bytes.fill(0, at, offset + size);
}

/**
 * Non-ASCII text up to this many bytes is decoded in JS. For 16-byte strings that measured 2-3x faster than
 * TextDecoder, whose per-call cost dominates short strings (medians per read on a loaded 2-core machine:
 * Chromium 156 0.45-0.68 µs against 1.05-1.9 µs; Node 20 0.28-0.76 against 0.6-1.0 µs), and about 2.4x at
 * 64 bytes in Chromium; at 256 bytes TextDecoder was as fast or faster. It also needs no copy of shared memory.
 */
const decodeInJsUpTo = 64;

/** The text `bytes[start .. end)` decode to by the WHATWG UTF-8 decoder (TextDecoder's): U+FFFD for each bad sequence. */
function decodeInJs(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  let i = start;
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      text += String.fromCharCode(lead);
      i++;
      continue;
    }
    let needed: number;
    let code: number;
    // The range of the next byte: narrower after E0, ED, F0 and F4, which rules out overlong forms,
    // surrogates and code points past U+10FFFF.
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      needed = 1;
      code = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      if (lead === 0xe0) lower = 0xa0;
      else if (lead === 0xed) upper = 0x9f;
      needed = 2;
      code = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      if (lead === 0xf0) lower = 0x90;
      else if (lead === 0xf4) upper = 0x8f;
      needed = 3;
      code = lead & 0x07;
    } else {
      text += '\ufffd';
      i++;
      continue;
    }
    let k = 1;
    for (; k <= needed; k++) {
      const next = i + k < end ? (bytes[i + k] as number) : -1;
      if (next < lower || next > upper) break;
      code = (code << 6) | (next & 0x3f);
      lower = 0x80;
      upper = 0xbf;
    }
    // A sequence cut short is one U+FFFD, and the byte that cut it starts the next sequence (as TextDecoder does).
    if (k <= needed) text += '\ufffd';
    else if (code < 0x1_0000) text += String.fromCharCode(code);
    else text += String.fromCharCode(0xd7c0 + (code >> 10), 0xdc00 | (code & 0x3ff)); // a surrogate pair
    i += k;
  }
  return text;
}

/**
 * Non-shared bytes for `TextDecoder`: browsers refuse to decode a view of a SharedArrayBuffer (Node accepts it),
 * so long text read from a shared store is copied here first. It grows to the longest string decoded.
 */
let scratch = new Uint8Array(256);

/** The non-ASCII bytes `bytes[start .. end)` decoded: short text in JS, long text by TextDecoder. */
function decodeNonAscii(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= decodeInJsUpTo) return decodeInJs(bytes, start, end);
  // instanceof ArrayBuffer is false for a SharedArrayBuffer; testing it needs no SharedArrayBuffer global,
  // which a page that is not cross-origin isolated does not have.
  if (bytes.buffer instanceof ArrayBuffer) return decoder.decode(bytes.subarray(start, end));
  if (length > scratch.length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
  scratch.set(bytes.subarray(start, end));
  return decoder.decode(scratch.subarray(0, length));
}

/** Reads the string in `bytes[offset .. offset + size)`. */
export function decodeUtf8(bytes: Uint8Array, offset: number, size: number): string {
  const limit = offset + size;
  let end = offset;
  let ascii = true;
  while (end < limit) {
    const byte = bytes[end] as number;
    if (byte === 0) break;
    if (byte >= 0x80) ascii = false;
    end++;
  }
  if (!ascii) return decodeNonAscii(bytes, offset, end);
  let text = '';
  for (let i = offset; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}
