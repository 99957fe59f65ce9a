/**
 * The cursor: one record object that the caller moves from record to record, so a loop allocates nothing per
 * record whatever the JIT decides (see source.ts for why views cannot promise that).
 *
 * Everything a loop runs per record is cut into functions V8 can inline past a large function's cumulative
 * inlining budget. There V8 still inlines a "small" function: at most 27 bytes of bytecode in Node 20 (30 in
 * Chromium 156), counting what the function's own optimized code already inlined, if it has been optimized on its
 * own. test/cursor-shape.test.ts counts the bytes:
 * - A getter reads the column straight off the record, `this['#k'][this['#i']]` (13 bytes, no call).
 * - A setter stores `check${k}(v)` there (23 bytes); the check is a function of its own (16-26 bytes, with the
 *   comparison written value-first: see kinds.ts). Going through a holder
 *   (`this['#h'].c${k}[...]`) made the setter 28 bytes; writing the check into the setter made it 41, never small:
 *   in a tick with the budget cut to 200 that measured 10x plain objects, against 3.4x this way.
 * - `advance()` is `step(record)`, and step is `stepTo(r, r['#i'] + 1)`: store the index, compare it with '#r', the
 *   end of the run of live slots the record is in. So the common step is an add, a store and a compare. The slow
 *   path (the next run, the start and the end of a pass) is called through a Proxy, which V8 never inlines:
 *   inlined, its 183 bytes cost each loop of the caller as much budget as the loop's body.
 * What is left is the record: each access reloads its column and index, where a loop over objects keeps them in
 * registers. The numbers are in the README's "Which path to use in hot loops".
 *
 * The accessors check no generation: instead the store re-points the record of every cursor on a slot it deletes
 * (or clears, compacts, sorts) at dead columns, Proxies whose every access throws, and cuts the record's run short,
 * so a cursor's record can never show a record it was not moved to. Those Proxies are only ever read on misuse.
 *
 * The record's state is kept in non-enumerable properties named '#s' (the store's holder), '#h' (the holder it
 * shows: that one or a dead one), '#i' (index), '#r' (run end; -1 after moveTo), '#n' (where the pass resumes
 * after moveTo), '#e' (the pass's end; -1 between passes) and '#0', '#1', ... (the columns), names no field can
 * have: a private field or a symbol key costs a context load and a keyed load (5 bytes) where a constant name
 * costs 4.
 */
import type { FieldInfo } from '../schema';
import { fitsCondition, rejectCondition, scalarKinds } from '../kinds';
import { column, key, stageVector, writeStaged } from './fields';

function recordAccessors(field: FieldInfo, k: number): string {
  const name = key(field.name);
  if (field.kind === 'ref') {
    // The column is read first: on no record the dead holder throws before anything else happens.
    return `
  get ${name}() { const $ = this['#h'], i = this['#i']; $.c${k}; return target${k}($, i); }
  set ${name}(v) { const $ = this['#h'], c = $.c${k}; c[this['#i']] = referenceValue($, ${k}, v); }`;
  }
  if (field.vector) {
    return `
  get ${name}() { const $ = this['#h'], i = this['#i']; ${column(k)}; return new Vector${k}($, i, $.gen[i]); } // the column read throws on no record
  set ${name}(v) {
    const before = this['#h'], at = this['#i'];
    ${stageVector(field, k, 'v', 'staged')}
    // Element getters may have deleted the record: the holder is read after them (a dead holder throws). If they
    // moved the cursor, the write is refused rather than sent to the record the cursor moved to.
    const $ = this['#h'], i = this['#i']; ${column(k)};
    if ($ !== before || i !== at) fail(cursorMovedDuringWrite(NAME));
    ${writeStaged(field, k, 'i', 'staged')}
  }`;
  }
  if (field.kind === 'utf8') {
    return `
  get ${name}() { const $ = this['#h']; return decodeUtf8(${column(k)}, this['#i'] * ${field.length}, ${field.length}); }
  set ${name}(v) { const text = check${k}(v), $ = this['#h']; encodeUtf8(text, ${column(k)}, this['#i'] * ${field.length}, ${field.length}); }`;
  }
  if (field.kind === 'enum') {
    return `
  get ${name}() { return member${k}(this['#h'], this['#i']); }
  set ${name}(v) { this['#${k}'][this['#i']] = check${k}(v); }`;
  }
  // check${k} returns what the column stores, or throws.
  return `
  get ${name}() { return this['#${k}'][this['#i']]${field.kind === 'bool' ? ' !== 0' : ''}; }
  set ${name}(v) { this['#${k}'][this['#i']] = check${k}(v); }`;
}

/**
 * The per-field value checks the cursor's setters call: each returns what the column stores, or throws through
 * a thrower of its own. Each is cut into pieces small enough to be inlined anywhere (see the top of the file):
 * where one function would pass 27 bytes, the test moves out (`fits${k}`, and `range${k}` for f32).
 */
function checks(fields: readonly FieldInfo[]): string {
  return fields
    .map((field, k) => {
      if (field.vector || field.kind === 'ref') return '';
      const thrower = `function bad${k}(v) { invalid(${k}, v); }`;
      switch (field.kind) {
        case 'enum':
          return `${thrower}
function member${k}Index(v) { return typeof v === 'string' ? indexes${k}.get(v) : undefined; }
function check${k}(v) { const index = member${k}Index(v); if (index === undefined) bad${k}(v); return index; }`;
        case 'utf8':
          return `${thrower}
function check${k}(v) { if (!utf8Fits(v, ${field.length})) bad${k}(v); return v; }`;
        case 'u32':
        case 'i32':
        case 'f64':
        case 'bool':
          // One function of 16-26 bytes. A bool is returned as it is: a typed array stores true as 1.
          return `${thrower}\nfunction check${k}(v) { if (${rejectCondition(field.kind, 'v')}) bad${k}(v); return v; }`;
        default: {
          // Two shifts, a wide constant or a bigint comparison make one function 29-33 bytes: the test moves out.
          // f32's range test alone is 26 bytes: one more level.
          const type = `typeof v === '${scalarKinds[field.kind].jsType}'`;
          const range = fitsCondition(field.kind, 'v') as string;
          const fits =
            field.kind === 'f32'
              ? `function range${k}(v) { return ${range}; }\nfunction fits${k}(v) { return ${type} && range${k}(v); }`
              : `function fits${k}(v) { return ${type} && (${range}); }`;
          return `${thrower}\n${fits}\nfunction check${k}(v) { return fits${k}(v) ? v : bad${k}(v); }`;
        }
      }
    })
    .join('\n');
}

/** Source of the struct's cursor record class, its dead holders and columns, and its cursor class. */
export function cursorClasses(fields: readonly FieldInfo[]): string {
  const dead = (message: string): string =>
    `Object.freeze(Object.create(null, { ${fields.map((_, k) => `c${k}: { get() { fail(${message}); } }`).join(', ')} }))`;
  const deadColumn = (message: string): string =>
    `new Proxy(Object.freeze([]), { get() { fail(${message}); }, set() { fail(${message}); }, has() { fail(${message}); } })`;
  const columns = (source: (k: number) => string): string => fields.map((_, k) => `r['#${k}'] = ${source(k)};`).join(' ');
  return `
${checks(fields)}
// What a cursor's record shows when it is on no record: holders whose column getters throw, and columns whose
// every element access throws.
const NOWHERE = ${dead('staleView(NAME, -1, -1)')};
const DELETED = ${dead('deletedUnderCursor(NAME)')};
const NOWHERE_COLUMN = ${deadColumn('staleView(NAME, -1, -1)')};
const DELETED_COLUMN = ${deadColumn('deletedUnderCursor(NAME)')};
function attach(r, $) { r['#h'] = $; ${columns((k) => `$.c${k}`)} }
function leaveFor(r, dead, column) { r['#h'] = dead; ${columns(() => 'column')} }

class CursorRecord {
  // Defined, not assigned: they do not reach the __slots__ guard at the end of the chain, and not enumerable, so
  // they stay out of Object.keys and spreads.
  constructor($) {
    Object.defineProperties(this, {
      '#s': { value: $ }, '#h': { value: NOWHERE, writable: true }, '#i': { value: -1, writable: true },
      '#r': { value: 0, writable: true }, '#n': { value: 0, writable: true }, '#e': { value: -1, writable: true },
      ${fields.map((_, k) => `'#${k}': { value: NOWHERE_COLUMN, writable: true }`).join(', ')}
    });
  }
  ${fields.map(recordAccessors).join('\n')}
  toJSON() { const $ = this['#h']; $.c0; return json($, this['#i']); } // $.c0 throws on no record
  toString() { const $ = this['#h']; return $ === NOWHERE || $ === DELETED ? NAME + ' cursor <on no record>' : NAME + ' cursor #' + this['#i']; }
  [inspectSymbol](depth, options, inspect) {
    const $ = this['#h'];
    if ($ === NOWHERE || $ === DELETED) return NAME + ' cursor <on no record>';
    return inspect(named(plain($, this['#i'])), options);
  }
}
Object.setPrototypeOf(CursorRecord.prototype, viewPrototype);
Object.defineProperty(CursorRecord, 'name', { value: NAME });
sealMethods(CursorRecord.prototype);

// One step of a pass: within a run of live slots an add and a compare; at a run's end, the slow path.
// Two functions, not one: in one, V8 keeps the new index in a register across the store, and it came to 28
// bytes, one over the limit.
function step(r) { return stepTo(r, r['#i'] + 1); }
function stepTo(r, i) { r['#i'] = i; return i < r['#r'] || slowStep(r); }
// A call that has run once stays in the compiled loop, and V8 reloads everything the loop reads after it. Tried:
// starting and ending a pass over a store without holes inline, so that only holes call. In Node 20 the six-loop
// tick went from 3.3-4.7x plain objects to 2.6-2.8x; in Chromium 156 from 4.2-5.2x to 11-13x. Not kept.

// The slow path of a step: starts a pass (reading the store's end once: records added during it are not
// visited), resumes it after moveTo, skips dead slots and finds where the next run of live ones ends, or ends
// the pass.
function more(r) {
  const $ = r['#s'], slots = $.slots;
  let end = r['#e'], i;
  if (end < 0) { end = slots.end; r['#e'] = end; i = 0; } else i = r['#r'] < 0 ? r['#n'] : r['#i'];
  let run = end;
  // A store without holes (below the pass's end) is one run: nothing to scan.
  if (slots.size !== slots.end || end > slots.end) {
    i = liveFrom($.gen, i, end);
    run = runEnd($.gen, i + 1, end);
  }
  if (i >= end) { leave(r); return false; }
  r['#i'] = i; r['#r'] = run;
  if (r['#h'] !== $) attach(r, $);
  return true;
}
// The scans are functions of their own: V8 compiles a long loop on the stack (OSR) before the code after it has
// run, and a loop inside more() then left more() deoptimizing on every call of a store of 100,000 records (1,299
// times in a 1,300-pass probe, and garbage with each).
function liveFrom(gen, i, end) { while (i < end && (gen[i] & 1) === 0) i++; return i; }
function runEnd(gen, i, end) { while (i < end && (gen[i] & 1) !== 0) i++; return i; }
// Called through a Proxy, which V8 never inlines: inlined, this slow path (183 bytes of bytecode, run once per
// run of live records) cost each loop of a caller as much inlining budget as the whole loop body.
const slowStep = new Proxy(more, {});
function leave(r) { r['#e'] = -1; r['#i'] = -1; r['#r'] = 0; leaveFor(r, NOWHERE, NOWHERE_COLUMN); }
// moveTo: a pass under way resumes after the record it was on.
function park(r, h) {
  if (r['#r'] >= 0) r['#n'] = r['#i'] + 1;
  r['#r'] = -1; r['#i'] = h;
  if (r['#h'] !== r['#s']) attach(r, r['#s']);
}

// A store calls this when it deletes slot h (h < 0: clears, compacts or sorts), for the cursors made on it, after
// its own bookkeeping: a record on that slot leaves it, and a run that holds it ends before it. A record that
// cannot be written (a user froze it) is dropped from the list rather than stopping the loop: the store and its
// other cursors stay right, and the frozen record throws at its cursor's next move.
function leaveDeleted(cursors, h) {
  let kept = 0;
  for (let c = 0; c < cursors.length; c++) {
    const r = cursors[c].deref();
    if (r === undefined) continue;
    try {
      const i = r['#i'], run = r['#r'];
      if (r['#h'] !== NOWHERE && (h < 0 || i === h)) leaveFor(r, DELETED, DELETED_COLUMN);
      if (h < 0) { if (run > 0) r['#r'] = 0; } else if (h >= i && h < run) r['#r'] = h > i ? h : i + 1;
      cursors[kept++] = cursors[c];
    } catch {} // dropped
  }
  cursors.length = kept;
}
// A store calls this when it replaced its columns (growth): records on a record see the new ones.
function reattach(cursors, $) {
  for (let c = 0; c < cursors.length; c++) {
    const r = cursors[c].deref();
    if (r !== undefined && r['#h'] === $) try { attach(r, $); } catch {} // a frozen record stays as it is
  }
}

class Cursor {
  #holder;
  constructor($) {
    this.#holder = $;
    const record = new CursorRecord($);
    // Named properties rather than private fields, for the same reason as the record's: advance() and next()
    // must stay small. Not enumerable, and never field names.
    Object.defineProperties(this, { '#record': { value: record }, '#result': { value: { value: record, done: false } } });
    // Weakly held, so a cursor made per frame by mistake costs garbage, not a leak.
    $.cursors.push(new WeakRef(record));
  }
  get record() { return this['#record']; }
  get handle() { const r = this['#record']; return r['#h'] === this.#holder ? r['#i'] : -1; }
  moveTo(h) {
    if (typeof h !== 'number' || (h >>> 0) !== h || (this.#holder.gen[h] & 1) === 0) fail(deadHandle(NAME, h));
    const r = this['#record'];
    park(r, h);
    return r;
  }
  advance() { return step(this['#record']); }
  reset() { leave(this['#record']); }
  // for...of over a cursor hands out its record, in one reused result object: nothing is allocated.
  [Symbol.iterator]() { this.reset(); return this; }
  next() { const result = this['#result']; result.done = !step(this['#record']); return result; }
  return() { this.reset(); const result = this['#result']; result.done = true; return result; }
}
Object.defineProperty(Cursor, 'name', { value: NAME + 'Cursor' });`;
}
