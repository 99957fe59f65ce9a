/**
 * The cursor: one record object that the caller moves from record to record, so a loop allocates nothing per
 * record whatever the JIT decides (see source.ts for why views cannot promise that).
 *
 * Its accessors are the smallest this library has, because past a large function's inlining budget V8 still
 * inlines functions under 27 bytes of bytecode (30 in Chromium 156) and calls everything else. A getter is one
 * holder load, one index load and the column read (about 20 bytes). They check no generation: instead the
 * store re-points the record of every cursor parked on a slot it deletes (or clears) at a dead holder, whose
 * column getters throw, so a cursor's record can never show a record it was not moved to. In a function with
 * six swap loops this measured 2.9x plain objects, against 15x for a cursor whose accessors checked the
 * generation themselves (a call each, past the budget).
 *
 * Its state is kept in two non-enumerable properties named '#h' (holder) and '#i' (index), which no field can be
 * named: a private field or a symbol key costs a context load and a keyed load (7 bytes of bytecode) where a
 * constant name costs 4, and private-field accessors measured 1.4-2.7x slower in that six-loop function.
 */
import type { FieldInfo } from '../schema';
import { checkScalar, column, key, stageVector, writeStaged } from './fields';

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
    ${stageVector(field, k, 'v', 'staged')}
    // Element getters may have deleted the record: the holder is read after them (a dead holder throws).
    const $ = this['#h'], i = this['#i']; ${column(k)};
    ${writeStaged(field, k, 'i', 'staged')}
  }`;
  }
  const getter =
    field.kind === 'enum'
      ? `return member${k}(this['#h'], this['#i']);`
      : field.kind === 'utf8'
        ? `const $ = this['#h']; return decodeUtf8(${column(k)}, this['#i'] * ${field.length}, ${field.length});`
        : field.kind === 'bool'
          ? `return this['#h'].c${k}[this['#i']] !== 0;`
          : `return this['#h'].c${k}[this['#i']];`;
  // check${k} returns what the column stores (the member index of an enum, 0 or 1 for a bool) or throws.
  const setter =
    field.kind === 'utf8'
      ? `const text = check${k}(v), $ = this['#h']; encodeUtf8(text, ${column(k)}, this['#i'] * ${field.length}, ${field.length});`
      : `this['#h'].c${k}[this['#i']] = check${k}(v);`;
  return `
  get ${name}() { ${getter} }
  set ${name}(v) { ${setter} }`;
}

/** Source of the struct's cursor record class, its dead holders and its cursor class. */
/** The per-field value checks the cursor's setters call: each returns what the column stores, or throws. */
function checks(fields: readonly FieldInfo[]): string {
  return fields
    .map((field, k) => {
      if (field.vector || field.kind === 'ref') return '';
      const stored = field.kind === 'enum' ? `index${k}` : field.kind === 'bool' ? '(v ? 1 : 0)' : 'v';
      return `function check${k}(v) { ${field.kind === 'enum' ? `let index${k};` : ''} ${checkScalar(field, k, 'v')} return ${stored}; }`;
    })
    .join('\n');
}

export function cursorClasses(fields: readonly FieldInfo[]): string {
  const dead = (message: string): string =>
    `Object.freeze(Object.create(null, { ${fields.map((_, k) => `c${k}: { get() { fail(${message}); } }`).join(', ')} }))`;
  return `
${checks(fields)}
// The holders a cursor's record points at when it is on no record: reading a column of either throws.
const NOWHERE = ${dead('staleView(NAME, -1, -1)')};
const DELETED = ${dead('deletedUnderCursor(NAME)')};

class CursorRecord {
  // Defined, not assigned, so they do not reach the __slots__ guard at the end of the chain; not enumerable,
  // so they stay out of Object.keys. '#h' and '#i' can never be field names, which are identifiers.
  constructor() { Object.defineProperties(this, { '#h': { value: NOWHERE, writable: true }, '#i': { value: 0, writable: true } }); }
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

// A store calls this when it deletes slot h (h < 0: clears every slot), for the cursors made on it.
function leaveDeleted(cursors, h) {
  let kept = 0;
  for (let c = 0; c < cursors.length; c++) {
    const record = cursors[c].deref();
    if (record === undefined) continue;
    cursors[kept++] = cursors[c];
    if (record['#h'] !== NOWHERE && (h < 0 || record['#i'] === h)) record['#h'] = DELETED;
  }
  cursors.length = kept;
}

class Cursor {
  #holder; #record; #next = 0; #end = -1; #result;
  constructor($) {
    this.#holder = $;
    this.#record = new CursorRecord();
    this.#result = { value: this.#record, done: false };
    // Weakly held, so a cursor made per frame by mistake costs garbage, not a leak.
    $.cursors.push(new WeakRef(this.#record));
  }
  get record() { return this.#record; }
  get handle() { const r = this.#record; return r['#h'] === this.#holder ? r['#i'] : -1; }
  moveTo(h) {
    const $ = this.#holder, r = this.#record;
    if (typeof h !== 'number' || (h >>> 0) !== h || ($.gen[h] & 1) === 0) fail(deadHandle(NAME, h));
    r['#h'] = $; r['#i'] = h;
    return r;
  }
  advance() {
    const $ = this.#holder, gen = $.gen, r = this.#record;
    // A pass reads the end once, at its start: records added during it are not visited.
    if (this.#end < 0) { this.#end = $.slots.end; this.#next = 0; }
    let h = this.#next;
    const end = this.#end;
    while (h < end && (gen[h] & 1) === 0) h++;
    if (h >= end) { this.#end = -1; this.#next = 0; r['#h'] = NOWHERE; return false; }
    this.#next = h + 1;
    r['#h'] = $; r['#i'] = h;
    return true;
  }
  reset() { this.#end = -1; this.#next = 0; this.#record['#h'] = NOWHERE; }
  // for...of over a cursor hands out its record, in one reused result object: nothing is allocated.
  [Symbol.iterator]() { this.reset(); return this; }
  next() { const r = this.#result; r.done = !this.advance(); return r; }
  return() { this.reset(); const r = this.#result; r.done = true; return r; }
}
Object.defineProperty(Cursor, 'name', { value: NAME + 'Cursor' });`;
}
