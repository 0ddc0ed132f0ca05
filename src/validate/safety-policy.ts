import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_PROTECTED_PATHS, type Diagnostic } from '../domain/index.js';
import { testCodePattern, testFileGlobs } from '../tools/index.js';
import { cheatsIn, type AntiCheatPolicy, type FixAuthor } from './anti-cheat.js';
import { parseHunks, type Hunk } from './diff-hunks.js';
import { assertionsRewrittenByRules } from './rule-rewrites.js';
import { isSourceFile, type CodeComparer } from './same-code.js';

export { DEFAULT_PROTECTED_PATHS };

/**
 * The safety policy (`safety:` in .ci-autofix.yml), checked on the final diff before anything is
 * committed, whoever wrote the fix (a formatter, a custom fixer, a model): a model cannot widen it.
 */
export interface SafetyPolicy extends AntiCheatPolicy {
  max_files: number;
  max_lines: number;
  /** Globs never modified; a fix touching one is reported with the reason instead. */
  protected_paths: string[];
  /** Globs exempted from `protected_paths` (e.g. a lockfile the package manager may regenerate). */
  allow_paths: string[];
}

export const DEFAULT_SAFETY: SafetyPolicy = {
  max_files: 10,
  max_lines: 500,
  protected_paths: DEFAULT_PROTECTED_PATHS,
  allow_paths: [],
  allow_suppressions: [],
  allow_config: [],
};

// Test files and the code that asserts or skips, as each test framework's plugin declares them, and the
// conventions no framework owns (a `tests/` folder, an `assert` statement or function).
const TEST_FILE = picomatch(['**/tests/**', '**/test/**', ...testFileGlobs], { dot: true });
const assertionIn = (path: string) => testCodePattern('asserts', path, /\bassert\w*/)!;
const skipIn = (path: string) => testCodePattern('skips', path);

export type ViolationRule =
  | 'max-files'
  | 'max-lines'
  | 'protected-path'
  | 'outside-repo'
  | 'symlink'
  | 'deleted-test'
  | 'weakened-assertion'
  | 'suppression'
  | 'check-config';

export interface Violation {
  rule: ViolationRule;
  path?: string;
  message: string;
}

export interface ChangedFile {
  path: string;
  added: number;
  removed: number;
  status: 'added' | 'deleted' | 'modified';
}

/** The added and removed lines of each file in a unified diff. */
export function diffLines(patch: string): Map<string, { added: string[]; removed: string[] }> {
  return new Map([...parseHunks(patch)].map(([file, hunks]) => [file, linesOf(hunks)]));
}

const linesOf = (hunks: Hunk[]) => ({
  added: hunks.flatMap((h) => h.added.map((l) => l.text)),
  removed: hunks.flatMap((h) => h.removed.map((l) => l.text)),
});

/**
 * What lets the policy look past layout: the file as it was (HEAD), and a comparer that proves two
 * versions are the same code (`same-code.ts`). Without it, the line rules alone decide.
 */
export interface SafetyCode {
  comparer: CodeComparer;
  before(path: string): Promise<string | undefined>;
}

/** What the change was made for: its author, and the findings it targets (their rules may rewrite assertions). */
export interface ChangeOrigin {
  author: FixAuthor;
  targets: Diagnostic[];
}

/** The kinds of refusal that the same request would get again: asked again, a model is told why once. */
export const FIRM_RULES: ReadonlySet<ViolationRule> = new Set([
  'protected-path',
  'deleted-test',
  'weakened-assertion',
  'suppression',
  'check-config',
]);

const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;

/**
 * Every violation of the policy by a change to the worktree at `root`. Empty means allowed.
 * With `code`, two layout changes pass that the line rules alone would refuse: a formatter re-wrapping
 * an assertion of a test file (the assertions are compared as code, not as lines), and a formatter or
 * import sorter changing a protected source file such as `setup.py` (allowed only when the syntax tree
 * is unchanged; never for workflows, manifests, lockfiles or dependency lists, which are not source).
 */
export async function checkSafety(
  root: string,
  files: ChangedFile[],
  patch: string,
  policy: SafetyPolicy,
  code?: SafetyCode,
  origin: ChangeOrigin = { author: 'model', targets: [] },
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const isProtected = picomatch(policy.protected_paths, { dot: true });
  const isAllowed = policy.allow_paths.length ? picomatch(policy.allow_paths, { dot: true }) : () => false;
  const rootReal = await realpath(root);
  const hunks = parseHunks(patch);
  /** Both versions of each modified file, as read once for the gates below. */
  const exact = new Map<string, Versions>();
  for (const f of files) {
    if (isAbsolute(f.path) || f.path.split('/').includes('..')) {
      violations.push({ rule: 'outside-repo', path: f.path, message: `${f.path} is outside the repository` });
      continue;
    }
    const fileHunks = hunks.get(f.path) ?? [];
    const texts = await textsOf(rootReal, f, code, linesOf(fileHunks));
    if (texts.exact) exact.set(f.path, texts.exact);
    if (
      isProtected(f.path) &&
      !isAllowed(f.path) &&
      !(await provenSame(f, code, texts.exact, 'layout', isSourceFile(f.path)))
    )
      violations.push({
        rule: 'protected-path',
        path: f.path,
        message: `${f.path} is protected (safety.protected_paths); it is never changed automatically`,
      });
    if (f.status !== 'deleted') {
      const full = join(rootReal, f.path);
      const stat = await lstat(full).catch(() => undefined);
      if (stat?.isSymbolicLink()) {
        const target = await realpath(full).catch(() => undefined);
        const rel = target ? relative(rootReal, target) : '..';
        if (rel.startsWith('..') || isAbsolute(rel))
          violations.push({
            rule: 'symlink',
            path: f.path,
            message: `${f.path} is a symbolic link that points outside the repository`,
          });
      }
    }
    const targeted = origin.targets.some((t) => t.location?.path === f.path);
    violations.push(...cheatsIn(f.path, texts, fileHunks, policy, origin.author, targeted));
    if (TEST_FILE(f.path))
      violations.push(...(await testFileViolations(f, fileHunks, code, texts.exact, origin)));
  }
  const limits = sizeViolations(files, policy);
  // A formatter may re-lay a whole tree (a new gofmt, a first run of black): the limits are for changes
  // to code, and a tool's change proven to be layout only is none.
  if (limits.length && !(origin.author === 'tool' && code && (await layoutOnly(files, exact, code))))
    violations.unshift(...limits);
  return violations;
}

function sizeViolations(files: ChangedFile[], policy: SafetyPolicy): Violation[] {
  const found: Violation[] = [];
  if (files.length > policy.max_files)
    found.push({
      rule: 'max-files',
      message: `changes ${files.length} files; safety.max_files allows ${policy.max_files}`,
    });
  const lines = files.reduce((n, f) => n + f.added + f.removed, 0);
  if (lines > policy.max_lines)
    found.push({
      rule: 'max-lines',
      message: `changes ${lines} lines; safety.max_lines allows ${policy.max_lines}`,
    });
  return found;
}

/** Every file of the change modified (both versions at hand), and each proven the same code laid out differently. */
async function layoutOnly(
  files: ChangedFile[],
  exact: ReadonlyMap<string, Versions>,
  code: SafetyCode,
): Promise<boolean> {
  for (const f of files) {
    const v = exact.get(f.path);
    if (!v || !(await code.comparer.same(f.path, v.before, v.after, 'layout'))) return false;
  }
  return true;
}

/** A test file's change: never deleted, its assertions kept (modulo layout and the rules' own rewrites), nothing skipped. */
async function testFileViolations(
  f: ChangedFile,
  hunks: Hunk[],
  code: SafetyCode | undefined,
  exact: Versions | undefined,
  origin: ChangeOrigin,
): Promise<Violation[]> {
  if (f.status === 'deleted')
    return [
      { rule: 'deleted-test', path: f.path, message: `${f.path} is a test file; a fix never deletes tests` },
    ];
  const d = linesOf(hunks);
  const found: Violation[] = [];
  const ASSERTION = assertionIn(f.path);
  const SKIP = skipIn(f.path);
  const removedAsserts = d.removed.filter((l) => ASSERTION.test(l)).length;
  const onFile = origin.targets.filter((t) => t.location?.path === f.path);
  if (
    removedAsserts > 0 &&
    !assertionsRewrittenByRules(hunks, onFile, (l) => ASSERTION.test(l)) &&
    !(await provenSame(f, code, exact, 'assertions', true))
  )
    found.push({
      rule: 'weakened-assertion',
      path: f.path,
      message: `${f.path}: removes or rewrites ${removedAsserts} assertion line(s); a fix changes the code under test, not its assertions`,
    });
  // A re-wrapped `@pytest.mark.skip(…)` is an added line, not an added skip: count them in the whole file.
  if (
    SKIP &&
    d.added.some((l) => SKIP.test(l)) &&
    !(exact && count(exact.after, SKIP) <= count(exact.before, SKIP))
  )
    found.push({
      rule: 'weakened-assertion',
      path: f.path,
      message: `${f.path}: skips or narrows tests (skip, xfail, .only); a fix never does`,
    });
  return found;
}

interface Versions {
  before: string;
  after: string;
}

/**
 * The file before and after, read once per file: for the gates that count in whole files (the diff's
 * lines stand in when a version cannot be read), and `exact`, both versions of a modified file as
 * they are, for the comparisons that prove a change is layout only.
 */
async function textsOf(
  root: string,
  f: ChangedFile,
  code: SafetyCode | undefined,
  diff: { added: string[]; removed: string[] },
): Promise<Versions & { exact?: Versions }> {
  const before = f.status === 'added' ? '' : code ? await code.before(f.path) : undefined;
  const after =
    f.status === 'deleted' ? '' : await readFile(join(root, f.path), 'utf8').catch(() => undefined);
  const exact =
    f.status === 'modified' && before !== undefined && after !== undefined ? { before, after } : undefined;
  // Whole files only when both are at hand: half a file against the other's diff lines would count its
  // unchanged lines as added.
  const whole = before !== undefined && after !== undefined;
  return {
    before: whole ? before : diff.removed.join('\n'),
    after: whole ? after : diff.added.join('\n'),
    ...(exact ? { exact } : {}),
  };
}

async function provenSame(
  f: ChangedFile,
  code: SafetyCode | undefined,
  exact: Versions | undefined,
  mode: 'layout' | 'assertions',
  eligible: boolean,
): Promise<boolean> {
  return !!code && eligible && !!exact && (await code.comparer.same(f.path, exact.before, exact.after, mode));
}
