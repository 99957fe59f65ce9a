/**
 * The messages TypeScript prints for schemas `defineStruct` refuses at compile time: the type tests
 * (types.test-d.ts) prove that they fail, these prove that the message says what is expected.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const index = fileURLToPath(new URL('../src/index', import.meta.url));

/** The diagnostics tsc gives for `source`, a module importing slotted's sources. */
function compile(source: string): string[] {
  const file = fileURLToPath(new URL('./__schema-messages__.ts', import.meta.url));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? `import { defineStruct } from ${JSON.stringify(index)};\n${source}` : readFile(name));
  host.fileExists = ((exists) => (name: string) => name === file || exists(name))(host.fileExists.bind(host));
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === file)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('defineStruct type errors', () => {
  it('list the valid names for a misspelt type, and say what is wrong otherwise', () => {
    const messages = compile(`
defineStruct({ a: 'float32' });
defineStruct({ a: ['float', 2] });
defineStruct({ a: ['f32', 0] });
defineStruct({});
defineStruct({ a: { enum: [] } });
defineStruct({ a: { utf8: 0 } });
defineStruct({ a: 'u8', b: ['f32', 3], c: { enum: ['x'] }, d: { utf8: 4 } });
`);
    expect(messages).toHaveLength(6);
    const [scalar, element, length, empty, members, size] = messages;
    expect(scalar).toMatch(/Type '"float32"' is not assignable to type '"[a-z0-9]+"( \| "[a-z0-9]+"){10}'/);
    for (const name of ['u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'f32', 'f64', 'bool', 'u64', 'i64']) expect(scalar).toContain(`"${name}"`);
    expect(element).toMatch(/Type '"float"' is not assignable to type '"[a-z0-9]+"( \| "[a-z0-9]+"){9}'/);
    expect(element).not.toContain('"bool"');
    expect(length).toContain('a vector length is an integer >= 1');
    expect(empty).toContain('a schema needs at least one field');
    expect(members).toContain('an enum needs at least one member');
    expect(size).toContain('a utf8 size is an integer >= 1');
  }, 30_000);
});
