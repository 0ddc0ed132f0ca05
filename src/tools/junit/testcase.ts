import type { LogLine, ParsedDiagnostic } from '../../domain/index.js';
import { makeDiagnostic } from '../shared/emit.js';
import { classPath, frameOf } from '../shared/java-frames.js';
import { projectFrame } from '../shared/js-frames.js';

/** One `<testcase>` of a JUnit XML report, as much of it as a diagnostic needs. */
export interface Testcase {
  name: string;
  classname: string;
  /** The `file` and `line` attributes some runners write (pytest's xunit1, jest-junit). */
  file?: string;
  line?: number;
  first: LogLine;
  last: number;
  /** Its first `<failure>` or `<error>` (a runner that retried writes one per attempt). */
  failure?: Failure;
  skipped: boolean;
  /** Surefire's (and Gradle's merged re-runs') `<flakyFailure>`/`<flakyError>`: failed, then passed. */
  flaky: boolean;
}

export interface Failure {
  kind: 'failure' | 'error';
  message?: string;
  type?: string;
  /** The first lines of its text (a stack trace, a diff), bounded. */
  body: string[];
}

const MAX_BODY_LINES = 40;
const MAX_LINE = 2000;

/** Adds a piece of a failure's text, keeping its first MAX_BODY_LINES lines. */
export function addBody(f: Failure, text: string): void {
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i++) {
    if (i === 0 && f.body.length) f.body[f.body.length - 1] = clip(f.body[f.body.length - 1]! + parts[0]!);
    else if (f.body.length < MAX_BODY_LINES) f.body.push(clip(parts[i]!));
    else return;
  }
}

const clip = (s: string) => (s.length > MAX_LINE ? s.slice(0, MAX_LINE) : s);

/** A class name that is a file's path (vitest's, jest-junit's), not a dotted class or module. */
const looksLikePath = (s: string) => s.includes('/') || /\.[cm]?[jt]sx?$|\.py$|\.rb$|\.go$/.test(s);

/**
 * The test's name as its runner names it: pytest's node id (`tests/test_x.py::TestY::test_z`, as its
 * own output says) in a suite pytest wrote, `file > suite > test` for the JavaScript runners whose class
 * name is the file (vitest's junit reporter), else `classname.name` (JUnit).
 */
export function caseName(c: Pick<Testcase, 'classname' | 'name' | 'file'>, pytest: boolean): string {
  const { classname, name } = c;
  if (pytest && classname) return pytestNodeId(classname, name, c.file);
  if (!classname || name.startsWith(classname)) return name || classname;
  if (!name) return classname;
  return looksLikePath(classname) ? `${classname} > ${name}` : `${classname}.${name}`;
}

/**
 * pytest writes `classname="tests.test_x.TestY"`: the module's dotted path, then the classes. The module
 * ends before the first capitalised part (test classes are `Test…`, modules lower case), or is the
 * `file` attribute when the report has one (xunit1).
 */
function pytestNodeId(classname: string, name: string, file: string | undefined): string {
  const parts = classname.split('.');
  let module: string;
  let classes: string[];
  if (file?.endsWith('.py')) {
    module = file;
    classes = parts.slice(file.slice(0, -3).split('/').length);
  } else {
    const cls = parts.findIndex((p) => /^[A-Z]/.test(p));
    const end = cls === -1 ? parts.length : cls;
    module = `${parts.slice(0, end).join('/')}.py`;
    classes = parts.slice(end);
  }
  return [module, ...classes, name].join('::');
}

/** pytest's long traceback names each frame `path.py:12: in test_x` and the failing one `path.py:12: Exc`. */
const PY_LOCATION = /^((?:[A-Za-z]:)?[^\s:][^:]*\.py):(\d+): (?:in \S+|([A-Za-z_][\w.]*))$/;

interface Place {
  path?: string;
  line?: number;
  column?: number;
  excType?: string;
}

/**
 * Where the failure points: the first frame of its text in the test (a JVM frame of the test's class, a
 * JavaScript frame in the project, pytest's `path.py:12:`), else the case's `file` and `line` attributes
 * (pytest's xunit1 gives the line of the `def`, 0-based: the text's is the failing line's), else a class
 * name that is a file.
 */
function placeOf(c: Testcase, body: readonly string[]): Place {
  const java = frameOf(body, c.classname);
  if (java) return { path: classPath(java.cls, java.file), line: java.line };
  let pyType: string | undefined;
  let place: Place | undefined;
  for (const l of body) {
    const py = l.includes('.py:') ? PY_LOCATION.exec(l) : null;
    if (py) {
      place ??= { path: py[1], line: Number(py[2]) };
      if (py[3]) pyType = py[3];
      continue;
    }
    const js = place ? undefined : projectFrame(l);
    if (js) place = js;
  }
  if (place) return { ...place, excType: pyType };
  if (c.file) return { path: c.file, line: c.line };
  return looksLikePath(c.classname) ? { path: c.classname } : {};
}

/**
 * The failure's message: the `message` attribute with the exception's type before it when the runner
 * gave one apart (`type="java.lang.AssertionError"`), else the first lines of its text before the stack.
 */
function messageOf(f: Failure, excType: string | undefined): string {
  const type = f.type ?? excType;
  let lines = (f.message ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!lines.length) {
    lines = [];
    for (const l of f.body) {
      const t = l.trim();
      if (t.startsWith('at ') || t.startsWith('❯ ') || (t.startsWith('File "') && t.includes('line'))) break;
      if (t) lines.push(t);
      if (lines.length === 3) break;
    }
  }
  const head = lines.slice(0, 5);
  if (!head.length) return type ?? 'test failed';
  if (type && !head[0]!.includes(type.slice(type.lastIndexOf('.') + 1))) head[0] = `${type}: ${head[0]}`;
  return head.join('\n');
}

export function caseDiagnostic(c: Testcase, name: string): ParsedDiagnostic {
  const f = c.failure!;
  const place = placeOf(c, f.body);
  return makeDiagnostic(
    c.first,
    {
      tool: 'junit',
      path: place.path,
      line: place.line,
      column: place.column,
      code: f.kind === 'error' ? 'error' : 'failed',
      message: messageOf(f, place.excType),
      test: { name, framework: 'junit' },
    },
    c.last,
  );
}
