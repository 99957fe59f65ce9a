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
 * Non-shared bytes for `TextDecoder`: browsers refuse to decode a view of a SharedArrayBuffer (Node accepts it),
 * so text read from a shared store is copied here first. It grows to the longest string decoded and is reused.
 */
let scratch = new Uint8Array(64);

/** The non-ASCII bytes `bytes[start .. end)` decoded, copied out of shared memory first when they are in it. */
function decodeNonAscii(bytes: Uint8Array, start: number, end: number): string {
  // instanceof ArrayBuffer is false for a SharedArrayBuffer; testing it needs no SharedArrayBuffer global,
  // which a page that is not cross-origin isolated does not have.
  if (bytes.buffer instanceof ArrayBuffer) return decoder.decode(bytes.subarray(start, end));
  const length = end - start;
  if (length > scratch.length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
  for (let i = 0; i < length; i++) scratch[i] = bytes[start + i] as number;
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
