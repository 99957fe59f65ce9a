/**
 * The errors a view or store throws for a value it refuses. Generated code only tests whether a value fits;
 * working out why, and saying so, happens here, off the hot path.
 */
import { describe } from './describe';
import { scalarKinds } from './kinds';
import type { FieldInfo } from './schema';
import { utf8Problem } from './utf8';

const f32Max = 3.4028234663852886e38;

/**
 * Throws `message` as a TypeError (the wrong kind of thing) or a RangeError (the right kind, a value that
 * cannot be accepted), the split every error of this library follows.
 */
export function refuse(message: string, kind: 'type' | 'range' = 'type'): never {
  throw kind === 'range' ? new RangeError(message) : new TypeError(message);
}

/** The fields an error lists: the first 20, then how many more, so a message stays short for any struct. */
const listedFields = 20;

function fieldNames(fields: readonly FieldInfo[]): string {
  const listed = fields.slice(0, listedFields).map((field) => field.name).join(', ');
  return fields.length > listedFields ? `${listed} and ${fields.length - listedFields} more` : listed;
}

/** The error for a key `add` was given that the struct does not declare. */
export function unknownField(structName: string, fields: readonly FieldInfo[], key: string): TypeError {
  return new TypeError(`${structName} has no field ${describe(key)}; its fields are ${fieldNames(fields)}`);
}

/** The message for assigning a property a view does not declare (the `__slots__` rule). */
export function undeclaredProperty(structName: string, fields: readonly FieldInfo[], key: unknown): string {
  return `${structName} has no field ${describe(key)}; its fields are ${fieldNames(fields)} (views hold nothing else)`;
}

/** The error for `add` given something other than a plain object (an object literal or `Object.create(null)`). */
export function notAnObject(structName: string, value: unknown): TypeError {
  return new TypeError(
    `${structName}: a record's initial values are a plain object of its fields (own enumerable properties); got ${describe(value)}`,
  );
}

/** The error for a callback that is not a function. */
export function notAFunction(structName: string, method: string, value: unknown): TypeError {
  return new TypeError(`${structName} store.${method}: the callback must be a function; got ${describe(value)}`);
}

/** The error for reading an enum field whose column holds an index that is no member (written through the raw column). */
export function corruptEnum(structName: string, field: FieldInfo, stored: number, handle?: number): RangeError {
  const at = handle === undefined ? '' : ` at handle ${handle}`;
  return new RangeError(`${structName}.${field.name}: the column holds ${stored}${at}, which is no member of the enum`);
}

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
  if (field.kind === 'ref') return new TypeError(`${label} must be a view, a reference or null; ${got}`);
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
