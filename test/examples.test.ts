/**
 * The README's examples, as a newcomer meets them: every ```ts block of README.md is a file under examples/
 * (or a `// #region readme` of one), and this test checks the README still quotes those files word for word,
 * builds the package, compiles the examples as a consumer project would (strict, NodeNext, `import 'slotted'`
 * through the package's own exports and its published .d.ts), and runs them with plain Node.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

/** Runs a Node script of the repository (a CLI or a compiled example) and returns its stdout. */
function node(script: string, args: readonly string[] = []): string {
  try {
    return execFileSync(process.execPath, [`${root}${script}`, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${script} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The examples a reader runs, with what each must print. Modules they import (a worker, a shared struct) are not listed. */
const runs: Record<string, (stdout: string) => void> = {
  'examples/intro.ts': (out) => expect(out).toBe('Persona { nombre: 2, identificador: 42 } { nombre: 2, identificador: 42 }\n'),
  'examples/quick-start.ts': (out) => {
    expect(out).toContain("Unit {\n  hp: 90,\n  alive: false,\n  id: 0n,\n  pos: [ 4, 5, 6 ],\n  state: 'walk',\n  name: 'Ñandú'\n}\n");
    expect(out).toContain('{"hp":90,"alive":false,"id":"0","pos":[4,5,6],"state":"walk","name":"Ñandú"}\n');
  },
  'examples/snapshots.ts': (out) => {
    expect(out).toContain('TypeError: Soldier.fromBytes: the snapshot is of struct "Unit", not "Soldier"\n');
    expect(out).toContain('[ { hp: 100, pos: [ 1, 2, 3 ] } ] false\n');
  },
  'examples/views.ts': (out) =>
    expect(out).toBe(
      "{ hp: 90, pos: [ 1, 2, 3 ], state: 'walk' }\n{}\n" +
        'RangeError: Unit.state must be one of "idle", "walk"; got "fly"\n80\n',
    ),
  'examples/cursor.ts': (out) => expect(out).toBe('0.5/99 1.5/99 2.5/99 0/39\nRangeError: Unit cursor\'s record was del\n'),
  'examples/shared-workers/main.ts': (out) => expect(out).toBe('0.5 -0.5\n'),
  'examples/references.ts': (out) => expect(out).toBe('50 0\nnull -1\n'),
  'examples/reorder.ts': (out) =>
    expect(out).toBe('[ 2, 4, 3 ] [ -1, 0, 2, 1 ]\ntrue\nRangeError: Sprite view of handle 3 is\n[ 4, 3, 2 ]\n'),
  'examples/arrow.ts': (out) => {
    expect(out).toContain('hp: Uint16, pos: FixedSizeList[3]<Float32>, state: Dictionary<Uint8, Utf8>, _handle: Uint32\n');
    expect(out).toContain("{ hp: 80, pos: [ 0, 0, 0 ], state: 'walk' }");
    expect(out).toMatch(/ 2\n$/);
  },
};

/** Every ```ts block of the README, with the example file (and region) the comment before it names. */
function readmeBlocks(): { source: string | undefined; code: string }[] {
  const blocks: { source: string | undefined; code: string }[] = [];
  const pattern = /(?:<!-- example: (\S+) -->\n)?```(?:ts|typescript|js|javascript)\n([\s\S]*?)```/g;
  for (const match of read('README.md').matchAll(pattern)) blocks.push({ source: match[1], code: match[2] as string });
  return blocks;
}

/** The text the README quotes from `source`: `file.ts` whole, or `file.ts#name` between `// #region name` and `// #endregion`. */
function quoted(source: string): string {
  const [file, region] = source.split('#') as [string, string | undefined];
  const text = read(file);
  if (region === undefined) return text;
  const start = text.indexOf(`// #region ${region}\n`);
  const end = text.indexOf('// #endregion', start);
  if (start < 0 || end < 0) throw new Error(`${file} has no region ${region}`);
  return text.slice(start + `// #region ${region}\n`.length, end);
}

describe('README examples', () => {
  it('are quoted word for word from files under examples/', () => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block.source, `a README code block has no <!-- example: ... --> line:\n${block.code}`).toBeDefined();
      expect(block.code, block.source).toBe(quoted(block.source as string));
    }
  });

  it('cover every example that is run here', () => {
    const entries = readdirSync(`${root}examples`, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => `examples/${file}`);
    for (const file of Object.keys(runs)) expect(entries).toContain(file);
  });

  describe('built, compiled and run as a consumer would', () => {
    beforeAll(() => {
      node('node_modules/tsup/dist/cli-default.js', ['--silent']);
      node('node_modules/typescript/bin/tsc', ['-p', 'examples/tsconfig.json']); // throws with tsc's errors on stdout
    }, 180_000);

    it('publishes declarations without internals', () => {
      const declarations = read('dist/index.d.ts');
      for (const internal of ['StoreParts', 'Slots', 'CompiledStruct', 'Holder', '@internal', 'refuseIfAttached']) {
        expect(declarations, internal).not.toContain(internal);
      }
      expect(declarations).toContain('declare function defineStruct');
    });

    it('compile under Bundler resolution too', () => {
      // tsc prints its errors on stdout, and node() throws with them.
      expect(node('node_modules/typescript/bin/tsc', ['-p', 'examples/tsconfig.json', '--module', 'preserve', '--moduleResolution', 'bundler', '--noEmit'])).toBe('');
    }, 120_000);

    it.each(Object.keys(runs))('%s runs and prints what the README says', (file) => {
      const output = node(`.examples-build/${file.slice('examples/'.length).replace(/\.ts$/, '.js')}`);
      (runs[file] as (stdout: string) => void)(output);
    }, 60_000);
  });
});
