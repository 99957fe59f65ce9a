/**
 * Prints the source slotted generates for a struct, so contributors can read what V8 runs.
 *
 *   npm run source                                  # a sample struct with every kind of field
 *   npm run source -- '{"x":"f32","tag":{"enum":["a","b"]}}' Name
 *
 * In DevTools and CPU profiles the same code shows as slotted:///<Name>.<n>.js (its sourceURL).
 */
import { defineStruct, type Schema } from '../src/index';
import { generatedSource } from '../src/struct';

const sample: Schema = { x: 'f32', hp: 'u16', pos: ['f32', 3], state: { enum: ['idle', 'run'] }, label: { utf8: 8 }, alive: 'bool' };
const [schemaText, name = 'Sample'] = process.argv.slice(2);
const schema = schemaText === undefined ? sample : (JSON.parse(schemaText) as Schema);
process.stdout.write(`${generatedSource(defineStruct(schema, { name }))}\n`);
