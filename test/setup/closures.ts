/**
 * Setup of the closures run (vitest.closures.config.ts): refuses to run the suite unless structs really are
 * built by the closures fallback, so that run can never silently test the generated code instead.
 */
import { codegenMode } from '../../src/codegen';
import { defineStruct } from '../../src/index';
import { generatedSource } from '../../src/struct';

if (process.env.SLOTTED_CODEGEN !== 'closures' || codegenMode() !== 'closures') {
  throw new Error('the closures run needs SLOTTED_CODEGEN=closures (set by vitest.closures.config.ts)');
}
const probe = defineStruct({ x: 'u8' }, { name: 'Probe' });
if (!generatedSource(probe)?.includes('built from closures')) {
  throw new Error('SLOTTED_CODEGEN=closures is set, yet defineStruct generated code');
}
