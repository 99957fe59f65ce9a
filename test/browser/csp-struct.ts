import { defineStruct } from '../../src/index';

/** The struct the CSP page and its worker both define (defined on call, so a refusal is caught where it happens). */
export function defineCspStruct() {
  return defineStruct(
    { hp: 'u16', alive: 'bool', id: 'u64', pos: ['f32', 3], state: { enum: ['idle', 'walk'] }, name: { utf8: 8 } },
    { name: 'Unit' },
  );
}
