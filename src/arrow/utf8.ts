/**
 * UTF-8 checks for strings that arrive as bytes (an Arrow Utf8 column), before they go into a store's utf8 slots,
 * whose reader would otherwise turn malformed bytes into U+FFFD and break the round trip.
 */

/** True when bytes[start .. end) are well-formed UTF-8. */
export function wellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let at = start;
  while (at < end) {
    const lead = bytes[at] as number;
    if (lead < 0x80) {
      at++;
      continue;
    }
    let extra: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) [extra, min] = [1, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [extra, min] = [2, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [extra, min] = [3, 0x1_0000];
    else return false;
    if (at + extra >= end) return false; // the sequence runs past the string
    let code = lead & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const next = bytes[at + k] as number;
      if ((next & 0xc0) !== 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10_ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    at += extra + 1;
  }
  return true;
}
