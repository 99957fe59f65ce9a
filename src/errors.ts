/**
 * The errors a view or store throws for a value it refuses. Generated code only tests whether a value fits;
 * working out why, and saying so, happens here, off the hot path.
 */
import { describe } from './describe';
import { scalarKinds } from './kinds';
import type { FieldInfo } from './schema';
import { utf8Problem } from './utf8';

const f32Max = 3.4028234663852886e38;

/** The error for `value` refused by `field` (element `index` of a vector when given). */
export function invalidValue(structName: string, field: FieldInfo, value: unknown, index?: number): TypeError | RangeError {
  const label = `${structName}.${field.name}${index === undefined ? '' : `[${index}]`}`;
  const got = `got ${describe(value)}`;
  if (field.kind === 'enum') {
    const members = field.members.map((member) => JSON.stringify(member)).join(', ');
    return typeof value === 'string'
      ? new RangeError(`${label} must be one of ${members}; ${got}`)
      : new TypeError(`${label} must be a string, one of ${members}; ${got}`);
  }
  if (field.kind === 'utf8') {
    const problem = utf8Problem(value, field.length) ?? 'was refused';
    const error = typeof value === 'string' ? RangeError : TypeError;
    return new error(`${label} (utf8, ${field.length} bytes) ${problem}; ${got}`);
  }
  const kind = scalarKinds[field.kind];
  if (typeof value !== kind.jsType) {
    return new TypeError(`${label} must be a ${kind.jsType} (${kind.type}); ${got}`);
  }
  if (kind.min === undefined) {
    return new RangeError(`${label} must be within the f32 range of ±${f32Max}; ${got}`);
  }
  const suffix = kind.jsType === 'bigint' ? 'n' : '';
  const what = kind.jsType === 'bigint' ? 'a bigint' : 'an integer';
  return new RangeError(
    `${label} must be ${what} from ${kind.min}${suffix} to ${kind.max}${suffix} (${kind.type}); ${got}`,
  );
}

/** The error for a whole-vector assignment or initial value that is not an array-like of the right length. */
export function invalidVector(structName: string, field: FieldInfo, value: unknown): TypeError {
  return new TypeError(
    `${structName}.${field.name} must be an array-like of length ${field.length} (${field.kind}); got ${describe(value)}`,
  );
}
