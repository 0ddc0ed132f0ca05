import type { LogLine } from '../../domain/index.js';

/**
 * The shapes of Maven Surefire's (and Failsafe's) console report, 2.x and 3.x: a failing test's block
 * (header, exception, stack), the entries of its `Results:` lists, and the counts lines.
 */

/** A failing test's block: `<<< FAILURE!` or `<<< ERROR!` header, then the exception and its stack. */
export interface Block {
  name: string;
  /** `SimpleClass.method`, as the `Results:` entries name the test. */
  simple: string;
  cls?: string;
  kind: 'failed' | 'error';
  first: LogLine;
  last: number;
  lines: string[];
}

/** A test named under `Failures:`, `Errors:` or `Flakes:` (Surefire ≥ 2.19; `Failed tests:` before). */
export interface Entry {
  name: string;
  simple: string;
  /** The class, when the entry names it whole (a re-run test's line, Surefire before 2.19). */
  cls?: string;
  /** A re-run test's own line (`shop.CartTest.total(shop.CartTest)`), its runs follow. */
  header: boolean;
  line?: number;
  message: string[];
  first: LogLine;
  last: number;
}

export const LEVELS = ['[ERROR] ', '[WARNING] ', '[INFO] '];

/** The length of the Maven level prefix `[ERROR] ` the line starts with, or 0. */
export function levelLength(t: string): number {
  if (t.charCodeAt(0) !== 91 /* [ */) return 0;
  for (const p of LEVELS) if (t.startsWith(p)) return p.length;
  // An empty `[INFO]` line has no space after it.
  return t === '[INFO]' || t === '[ERROR]' || t === '[WARNING]' ? t.length : 0;
}

const simpleOf = (cls: string | undefined, method: string | undefined) =>
  `${cls ? cls.slice(cls.lastIndexOf('.') + 1) : ''}${method ? `${cls ? '.' : ''}${method}` : ''}`;

/**
 * The test a header names: `method(pkg.Class)` (2.x), `pkg.Class.method` (3.x), a JUnit 5 display name
 * (then the class is the one the `Tests run: … in pkg.Class` line before named), or the class alone (a
 * failure in `@BeforeAll`).
 */
export function testOf(
  head: string,
  currentClass: string | undefined,
): Pick<Block, 'name' | 'simple' | 'cls'> {
  let cls: string | undefined;
  let method: string | undefined;
  const open = head.endsWith(')') ? head.lastIndexOf('(') : -1;
  const inParens = open > 0 ? head.slice(open + 1, -1) : '';
  if (inParens && /^[\w$]+(?:\.[\w$]+)*$/.test(inParens) && !head.slice(0, open).includes(' ')) {
    cls = inParens;
    method = head.slice(0, open);
    // `pkg.Class.method(pkg.Class)`: a re-run test's name in the `Results:` lists.
    if (method.startsWith(`${cls}.`)) method = method.slice(cls.length + 1);
  } else if (currentClass && head === currentClass) cls = head;
  else if (currentClass && head.startsWith(`${currentClass}.`)) {
    cls = currentClass;
    method = head.slice(currentClass.length + 1);
  } else if (/^[\w$]+(?:\.[\w$]+)+$/.test(head)) {
    const dot = head.lastIndexOf('.');
    cls = head.slice(0, dot);
    method = head.slice(dot + 1);
  } else {
    cls = currentClass;
    method = head;
  }
  const name = cls && method ? `${cls}.${method}` : (cls ?? head);
  return { name, simple: simpleOf(cls, method), ...(cls ? { cls } : {}) };
}

/**
 * A failing test's header: `[ERROR] total(shop.CartTest)  Time elapsed: 0.01 s  <<< FAILURE!` (2.x) or
 * `[ERROR] shop.CartTest.total -- Time elapsed: 0.01 s <<< ERROR!` (3.x). String operations: linear.
 */
export function failureHeader(
  t: string,
  currentClass: string | undefined,
): (Pick<Block, 'name' | 'simple' | 'cls' | 'kind'> & { head: string }) | undefined {
  const kind = t.endsWith('<<< FAILURE!') ? 'failed' : t.endsWith('<<< ERROR!') ? 'error' : undefined;
  const at = kind ? t.indexOf(' Time elapsed: ') : -1;
  if (at === -1) return undefined;
  let head = t.slice(levelLength(t), at).trimEnd();
  if (head.endsWith(' --')) head = head.slice(0, -3).trimEnd();
  // The per-class line (`Tests run: 2, … <<< FAILURE! - in shop.CartTest`) ends otherwise.
  if (!head || head.startsWith('Tests run:')) return undefined;
  return { ...testOf(head, currentClass), kind: kind!, head };
}

/**
 * An entry of the `Results:` lists, `CartTest.total:21 expected:<5> but was:<6>`: the test (the first
 * place of the trimmed stack, `Class.method:line`, perhaps `->helper:40` after it or `Class>Base.method`),
 * then the message (`» NullPointer` when the exception came from below the test). Before 2.19 an entry
 * named the test `total(shop.CartTest): message`.
 */
export function shortEntry(
  text: string,
): Pick<Entry, 'simple' | 'line' | 'cls'> & { name?: string; message?: string } {
  const t = text.trim();
  const space = t.indexOf(' ');
  let where = space === -1 ? t : t.slice(0, space);
  const message = space === -1 ? undefined : t.slice(space + 1).replace(/^» /, '');
  const rest = message ? { message } : {};
  if (where.endsWith('):') || where.endsWith(')')) {
    return { ...testOf(where.replace(/:$/, ''), undefined), ...rest };
  }
  const arrow = where.indexOf('->');
  if (arrow !== -1) where = where.slice(0, arrow);
  const colon = where.lastIndexOf(':');
  const line = colon === -1 ? NaN : Number(where.slice(colon + 1));
  if (Number.isInteger(line) && line > 0) where = where.slice(0, colon);
  // `TestClass>Superclass.method`: the test's class is the first.
  const gt = where.indexOf('>');
  let simple = where;
  if (gt !== -1) {
    const dot = where.lastIndexOf('.');
    simple = where.slice(0, gt) + (dot > gt ? where.slice(dot) : '');
  }
  return { simple, ...(line > 0 ? { line } : {}), ...rest };
}
