/**
 * The cursor's promise: no allocation per record, whatever V8 decides. Counted as scavenges (young-generation
 * collections) in a child process, during 10 passes over 300,000 records, after warm-up: a path that allocated
 * one object per record would show dozens. Checked with the cases that make views allocate: after the program
 * has caught a stale read and a refused write, and with V8's inlining budget cut down.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function scavenges(path: string, mode: 'clean' | 'error', flags: string[] = []): number {
  const run = spawnSync(process.execPath, ['--trace-gc', ...flags, '--import', 'tsx', 'scripts/alloc-probe.ts', path, mode], {
    encoding: 'utf8',
    env: { ...process.env, PROBE_RECORDS: '300000' },
  });
  expect(run.status, run.stderr).toBe(0);
  const measured = run.stdout.slice(run.stdout.indexOf('MEASURE-START'), run.stdout.indexOf('MEASURE-END'));
  expect(measured).not.toBe('');
  return measured.split('\n').filter((line) => line.includes('Scavenge')).length;
}

describe('cursor loops allocate nothing per record', () => {
  const cases: [string, 'clean' | 'error', string[]][] = [
    ['cursor', 'error', []],
    ['cursorof', 'error', []],
    ['cursor', 'error', ['--max-inlined-bytecode-size-cumulative=200']],
    ['tickCursor', 'error', ['--max-inlined-bytecode-size-cumulative=200']],
  ];
  it.each(cases)('%s (%s) with flags %j', (path, mode, flags) => {
    expect(scavenges(path, mode, flags)).toBe(0);
  }, 60_000);

  it('while the same program allocates views (the cliff this path avoids)', () => {
    expect(scavenges('tickViews', 'error', ['--max-inlined-bytecode-size-cumulative=200'])).toBeGreaterThan(10);
  }, 60_000);
});

/**
 * Views are not promised to allocate nothing: that is V8's escape analysis, when `get` and the accessors are
 * inlined into a small loop. What the generated code does promise is that an error path that has run does not
 * take it away: a view accessor's error branch stores into a typed array before it throws, which optimised code
 * can only compile to a deopt (see `fenced` in src/codegen/fields.ts). Without it, the same loops made one view
 * per record (35 scavenges at 300,000 records here, 116 at 1,000,000) once the program had caught a stale read.
 */
describe('view loops after the program caught a stale read and refused writes', () => {
  it.each(['get', 'forof', 'forEach'])('%s allocates no view per record', (path) => {
    expect(scavenges(path, 'error')).toBeLessThan(5);
  }, 60_000);
});
