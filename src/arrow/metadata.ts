/**
 * The schema metadata `toArrow` writes and `fromArrow` reads: the struct's description and the handle column.
 */
import type { StructDescriptor } from '../index';
import { specOf } from './internal';

/** Metadata key: the format of the keys below. */
export const versionKey = 'slotted.version';
/** The metadata format this build writes and reads. */
export const metadataVersion = 1;
/** Metadata key: the struct's description as JSON (name, fields with kind, vector, length, storage, members). */
export const structKey = 'slotted.struct';
/** Metadata key: the handle column's name, or '' when the table has none. */
export const handleKey = 'slotted.handle';

/** Why the description `found` (JSON from a table's metadata) is not `expected`, or undefined when it is. */
export function descriptionMismatch(expected: StructDescriptor, json: string): string | undefined {
  let found: unknown;
  try {
    found = JSON.parse(json);
  } catch {
    return `its ${structKey} metadata is not valid JSON`;
  }
  if (found === null || typeof found !== 'object') return `its ${structKey} metadata is not a struct description`;
  const { name, fields } = found as Partial<StructDescriptor>;
  if (name !== expected.name) return `it holds struct ${JSON.stringify(name)}, not ${JSON.stringify(expected.name)}`;
  if (!Array.isArray(fields)) return `its ${structKey} metadata has no field list`;
  const count = Math.max(fields.length, expected.fields.length);
  for (let k = 0; k < count; k++) {
    const mine = expected.fields[k];
    const theirs = fields[k] as StructDescriptor['fields'][number] | undefined;
    if (mine === undefined) return `it has an extra field ${JSON.stringify(theirs?.name)}`;
    if (theirs === undefined || theirs === null || typeof theirs !== 'object') return `it lacks field ${mine.name}`;
    if (theirs.name !== mine.name) return `it has field ${JSON.stringify(theirs.name)} where ${expected.name} has ${mine.name}`;
    const same =
      theirs.kind === mine.kind &&
      theirs.vector === mine.vector &&
      theirs.length === mine.length &&
      theirs.storage === mine.storage &&
      Array.isArray(theirs.members) &&
      theirs.members.length === mine.members.length &&
      theirs.members.every((member, index) => member === mine.members[index]);
    if (!same) return `it was written with ${mine.name}: ${specOf(theirs)}, but ${expected.name} has ${mine.name}: ${specOf(mine)}`;
  }
  return undefined;
}
