/**
 * The JVM test runners (Maven Surefire, Gradle, JUnit XML reports): a stack frame
 * `at shop.CartTest.addsPrices(CartTest.java:21)` (JDK 9+ may put a module or class loader first:
 * `at app//shop.CartTest…`, `at java.base/java.util…`), and the source file a test class lives in.
 */
export interface JavaFrame {
  /** The class, without a nested class's `$Inner`. */
  cls: string;
  method: string;
  file: string;
  line: number;
}

/** A frame line (`\tat …`, `    at …`), or undefined. String operations only: linear on any line. */
export function javaFrame(text: string): JavaFrame | undefined {
  const t = text.trim();
  if (!t.startsWith('at ') || !t.endsWith(')')) return undefined;
  const open = t.lastIndexOf('(');
  if (open === -1) return undefined;
  const where = t.slice(open + 1, -1);
  const colon = where.lastIndexOf(':');
  const line = colon === -1 ? NaN : Number(where.slice(colon + 1));
  if (!Number.isInteger(line) || line <= 0) return undefined;
  // Kotlin's backtick names may hold spaces, never a dot: the method is what follows the last dot.
  let q = t.slice(3, open);
  q = q.slice(q.lastIndexOf('/') + 1);
  const dot = q.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const nested = q.indexOf('$');
  const cls = q.slice(0, nested !== -1 && nested < dot ? nested : dot);
  return { cls, method: q.slice(dot + 1), file: where.slice(0, colon), line };
}

/** A class name without its nested part (`shop.CartTest$Inner` → `shop.CartTest`). */
export function outerClass(cls: string): string {
  const i = cls.indexOf('$');
  return i === -1 ? cls : cls.slice(0, i);
}

/**
 * The repository path of a class's source file as far as the log tells it: its package as folders and
 * the frame's file (`shop/CartTest.java`). The source root (`src/test/java/`) is not in the log; the
 * pipeline maps the path to the one tracked file that ends with it.
 */
export function classPath(cls: string, file?: string): string {
  const outer = outerClass(cls);
  const dot = outer.lastIndexOf('.');
  const pkg = dot === -1 ? '' : `${outer.slice(0, dot).replace(/\./g, '/')}/`;
  return `${pkg}${file ?? `${outer.slice(dot + 1)}.java`}`;
}

/** The first frame of `cls` (or a class nested in it, or one whose simple name it is) among `lines`. */
export function frameOf(lines: readonly string[], cls: string | undefined): JavaFrame | undefined {
  if (!cls) return undefined;
  const outer = outerClass(cls);
  for (const l of lines) {
    const f = javaFrame(l);
    if (f && (f.cls === outer || f.cls.endsWith(`.${outer}`))) return f;
  }
  return undefined;
}

/** The lines of an exception before its stack (`java.lang.AssertionError: expected:<5> but was:<6>`). */
export function exceptionMessage(lines: readonly string[]): string | undefined {
  const out: string[] = [];
  for (const l of lines) {
    const t = l.trim();
    if (t.startsWith('at ') || t.startsWith('Caused by:') || t.startsWith('... ') || out.length === 5) break;
    if (t) out.push(t);
  }
  return out.length ? out.join('\n') : undefined;
}

/**
 * Where the JVM build tools keep tests (`src/test/`, Gradle's `src/integrationTest/`) and how JUnit and
 * TestNG skip one. Their assertions (`assertEquals`, `assertThat`) are the safety policy's generic
 * `assert…`.
 */
export const JAVA_TEST_FILES = ['**/src/test/**', '**/src/*Test/**'];
export const JAVA_TEST_CODE = {
  files: /\.(java|kt|kts|groovy|scala)$/,
  skips: /@(Ignore|Disabled)\b|@Test\(\s*enabled\s*=\s*false|\bAssume\.|\bassume(True|That)\s*\(/,
};
