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
 * Strings up to this many bytes are decoded in JavaScript; longer ones by TextDecoder. For short strings the
 * JavaScript loop measured 190-410 ns a string against 620-630 for `subarray` + `TextDecoder.decode` (mixed
 * 5-15 byte strings, 3/4 of them non-ASCII; machine load 8-11), and strings are what made `toArray` slow.
 */
const shortString = 64;

/** Decodes well-formed UTF-8 in `bytes[start .. end)`, or returns undefined at the first malformed sequence. */
function decodeShort(bytes: Uint8Array, start: number, end: number): string | undefined {
  let text = '';
  let at = start;
  while (at < end) {
    const byte = bytes[at] as number;
    if (byte < 0x80) {
      text += String.fromCharCode(byte);
      at += 1;
      continue;
    }
    // Continuation bytes are 10xxxxxx; reading past `end` gives undefined, which fails the test.
    const c1 = bytes[at + 1] as number;
    if (at + 1 >= end || (c1 & 0xc0) !== 0x80) return undefined;
    if (byte >= 0xc2 && byte <= 0xdf) {
      text += String.fromCharCode(((byte & 0x1f) << 6) | (c1 & 0x3f));
      at += 2;
      continue;
    }
    const c2 = bytes[at + 2] as number;
    if (at + 2 >= end || (c2 & 0xc0) !== 0x80) return undefined;
    if (byte >= 0xe0 && byte <= 0xef) {
      const code = ((byte & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
      if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) return undefined; // overlong, or a surrogate
      text += String.fromCharCode(code);
      at += 3;
      continue;
    }
    const c3 = bytes[at + 3] as number;
    if (at + 3 >= end || (c3 & 0xc0) !== 0x80 || byte < 0xf0 || byte > 0xf4) return undefined;
    const code = ((byte & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
    if (code < 0x1_0000 || code > 0x10_ffff) return undefined;
    text += String.fromCodePoint(code);
    at += 4;
  }
  return text;
}

/**
 * Reads the string in `bytes[offset .. offset + size)`: up to the first zero byte. Bytes that are not well-formed
 * UTF-8 (only raw column writes or a forged snapshot put them there) read as U+FFFD, as TextDecoder reads them.
 */
export function decodeUtf8(bytes: Uint8Array, offset: number, size: number): string {
  const limit = offset + size;
  let end = offset;
  while (end < limit && bytes[end] !== 0) end++;
  if (end - offset <= shortString) {
    const text = decodeShort(bytes, offset, end);
    if (text !== undefined) return text;
  }
  // Browsers refuse to decode a view of a SharedArrayBuffer (Node does not): decode a copy of a shared column.
  const encoded = bytes.buffer instanceof ArrayBuffer ? bytes.subarray(offset, end) : bytes.slice(offset, end);
  return decoder.decode(encoded);
}
