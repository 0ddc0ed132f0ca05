import { braceAssertions, braceLanguageOf, braceTokens } from './brace-tokens.js';
import { jsAssertions, jsTokens } from './js-tokens.js';

/**
 * Whether a change altered code or only its layout, so that a formatter may do what formatters do (re-wrap
 * an `assert`, sort the imports of `setup.py`) while a real change to an assertion is still refused.
 * - Python: the syntax trees (Python's own `ast`, as black checks its own output), compared without
 *   positions; docstrings compare by their words and lines, and for `layout`, runs of imports compare as
 *   sorted sets of names (an import sorter's change).
 * - JavaScript / TypeScript: the token streams (`js-tokens.ts`).
 * - Go, Rust, JSON: the token streams (`brace-tokens.ts`), imports and `use` declarations as sets.
 * Anything else, or a file that does not parse: not proven, so the caller refuses.
 */
export type SameCodeMode = 'layout' | 'assertions';

/** Runs Python with a script and standard input (in the sandbox); resolves to what it printed. */
export type RunPython = (script: string, stdin: string) => Promise<{ ok: boolean; output: string }>;

export interface CodeComparer {
  /** True only when proven: `after` is `before` laid out differently (mode `layout`), or has the same assertions. */
  same(path: string, before: string, after: string, mode: SameCodeMode): Promise<boolean>;
}

const PY = /\.pyi?$/;
const JS = /\.(m|c)?[jt]sx?$/;

/** Files whose layout a formatter may change even when protected: program source, not manifests or data. */
export const isSourceFile = (path: string) =>
  PY.test(path) || JS.test(path) || /^(go|rust)$/.test(braceLanguageOf(path) ?? '');

const sameTokens = (key: (source: string) => string[], before: string, after: string): boolean => {
  try {
    const a = key(before);
    const b = key(after);
    return a.length === b.length && a.every((t, i) => t === b[i]);
  } catch {
    return false;
  }
};

const PYTHON_SCRIPT = String.raw`
import ast, json, sys
data = json.load(sys.stdin)
def docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                first.value.value = "\n".join(l.strip() for l in first.value.value.strip().splitlines())
def imports_as_sets(tree):
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list):
                continue
            out, run = [], []
            for stmt in body + [None]:
                if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                    for alias in stmt.names:
                        mod = getattr(stmt, "module", None)
                        run.append((type(stmt).__name__, mod or "", getattr(stmt, "level", 0) or 0, alias.name, alias.asname or ""))
                    continue
                if run:
                    out.append(ast.Expr(value=ast.Constant(value=repr(sorted(set(run))))))
                    run = []
                if stmt is not None:
                    out.append(stmt)
            setattr(node, field, out)
def assertions(tree):
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            found.append(node)
        elif isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name.startswith("assert") or name in ("fail", "raises", "warns", "approx", "expect"):
                found.append(node)
    return [ast.dump(n, include_attributes=False) for n in found]
def key(source, mode):
    tree = ast.parse(source)
    docstrings(tree)
    if mode == "assertions":
        return assertions(tree)
    imports_as_sets(tree)
    return ast.dump(tree, include_attributes=False)
try:
    print("same" if key(data["before"], data["mode"]) == key(data["after"], data["mode"]) else "different")
except Exception as e:
    print("error: %s" % type(e).__name__)
`;

export function codeComparer(runPython: RunPython): CodeComparer {
  return {
    async same(path, before, after, mode) {
      if (JS.test(path)) return sameTokens(mode === 'layout' ? jsTokens : jsAssertions, before, after);
      const brace = braceLanguageOf(path);
      if (brace)
        return sameTokens(
          (source) => (mode === 'layout' ? braceTokens : braceAssertions)(source, brace),
          before,
          after,
        );
      if (!PY.test(path)) return false;
      const r = await runPython(PYTHON_SCRIPT, JSON.stringify({ before, after, mode }));
      return r.ok && r.output.trim().split('\n').at(-1) === 'same';
    },
  };
}
