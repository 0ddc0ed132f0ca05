import {
  LOCKFILE_UPDATE,
  UNUSED_ESLINT_DIRECTIVE,
  type PackageManager,
  type ParsedDiagnostic,
} from '../domain/index.js';
import { REASONS, v, type Verdict } from './verdict.js';

/**
 * The reference policy, per tool (docs/architecture.md, "The pipeline"): formatting, import order and lint rules a
 * tool's fix mode covers are `deterministic`; type errors, import errors, simple syntax errors, missing
 * annotations and lint without an autofix are `llm`; failing assertions, infrastructure, security and
 * dependency conflicts are `none`, with the reason.
 */

// pycodestyle whitespace / blank-line / indentation rules a formatter fixes (E501 needs judgement).
const PY_FORMAT = /^(E1\d\d|E2\d\d|E3\d\d|W1\d\d|W2\d\d|W3\d\d|E70[1-3]|W391|W291|W293)$/;
// ruff rules whose fix is safe and on by default for the families we run (a `[*]` marker says so too).
const RUFF_FIXABLE =
  /^(I\d+|F401|E401|F811|E711|E712|E713|E714|E721|W29\d|W605|UP\d+|COM\d+|Q\d+|RUF100|SIM\d+|C4\d+|PIE\d+|RET50[1-5])$/;
// eslint core and common plugin rules that `eslint --fix` rewrites.
const ESLINT_FIXABLE = new Set([
  'semi',
  'quotes',
  'indent',
  'comma-dangle',
  'eol-last',
  'no-extra-semi',
  'prefer-const',
  'no-var',
  'object-shorthand',
  'arrow-parens',
  'arrow-body-style',
  'keyword-spacing',
  'space-before-function-paren',
  'space-infix-ops',
  'no-trailing-spaces',
  'quote-props',
  'curly',
  'dot-notation',
  'no-multi-spaces',
  'object-curly-spacing',
  'array-bracket-spacing',
  'comma-spacing',
  'key-spacing',
  'brace-style',
  'no-multiple-empty-lines',
  'padded-blocks',
  'prefer-template',
  'prefer-arrow-callback',
  'no-extra-boolean-cast',
  'import/order',
  'import/newline-after-import',
  'import/first',
  'simple-import-sort/imports',
  'simple-import-sort/exports',
  'prettier/prettier',
  'unused-imports/no-unused-imports',
  '@typescript-eslint/consistent-type-imports',
  '@typescript-eslint/consistent-type-definitions',
  '@typescript-eslint/array-type',
  '@typescript-eslint/no-inferrable-types',
  '@typescript-eslint/prefer-optional-chain',
  '@stylistic/semi',
  '@stylistic/quotes',
  '@stylistic/indent',
  '@stylistic/comma-dangle',
]);
const TS_IMPORT = new Set([
  'TS2304',
  'TS2305',
  'TS2306',
  'TS2307',
  'TS2552',
  'TS2582',
  'TS2724',
  'TS2792',
  'TS2503',
  'TS2694',
]);
const IMPORT_MESSAGE =
  /\b(ModuleNotFoundError|ImportError|No module named|Cannot find module|cannot find package|Module not found|ERR_MODULE_NOT_FOUND|could not import|unresolved import)\b/i;
const SYNTAX_MESSAGE =
  /\b(SyntaxError|IndentationError|TabError|invalid syntax|Unexpected token|Parsing error)\b/;
const ASSERTION = /\b(AssertionError|assert |expect\(|Expected|toBe|toEqual|want |!==|!=|ERR_ASSERTION)/;

function ruff(d: ParsedDiagnostic, code: string): Verdict {
  if (code === 'format') return v('format', 'deterministic', 'ruff format rewrites the file');
  if (code === 'invalid-syntax' || code === 'E999') return v('syntax', 'llm');
  if (/^S\d+$/.test(code)) return v('security', 'none', REASONS.security);
  const category = /^(I\d+|F401|E40[12])$/.test(code) ? 'import' : PY_FORMAT.test(code) ? 'format' : 'lint';
  if (d.hints?.fixAvailable || RUFF_FIXABLE.test(code))
    return v(category, 'deterministic', 'ruff check --fix has a safe fix for this rule');
  if (PY_FORMAT.test(code))
    return v('format', 'deterministic', 'a formatter (ruff format / black) fixes whitespace rules');
  if (code === 'F821') return v('import', 'llm', 'an undefined name is usually a missing import');
  return v(category, 'llm');
}

// flake8's findings are fixed by ruff's rule of the same code (ruff implements pycodestyle, pyflakes and the
// common plugins under their codes), then validated by flake8 itself.
const SAME_RULE_OF_RUFF = 'ruff check --fix applies the same rule, and flake8 validates it';

function flake8(code: string): Verdict {
  if (code === 'E999') return v('syntax', 'llm');
  if (/^S\d+$|^B[3-9]\d\d$/.test(code)) return v('security', 'none', REASONS.security);
  if (code === 'F401') return v('import', 'deterministic', SAME_RULE_OF_RUFF);
  if (code === 'E401' || code === 'E402') return v('import', code === 'E401' ? 'deterministic' : 'llm');
  if (PY_FORMAT.test(code)) return v('format', 'deterministic', SAME_RULE_OF_RUFF);
  if (RUFF_FIXABLE.test(code)) return v('lint', 'deterministic', SAME_RULE_OF_RUFF);
  if (code === 'F821') return v('import', 'llm', 'an undefined name is usually a missing import');
  if (code === 'E501')
    return v('format', 'llm', 'a long line needs rewording or wrapping the formatter cannot do');
  return v('lint', 'llm');
}

function testFailure(message: string): Verdict {
  if (IMPORT_MESSAGE.test(message)) return v('import', 'llm', 'the test could not import a module');
  if (SYNTAX_MESSAGE.test(message)) return v('syntax', 'llm');
  if (ASSERTION.test(message)) return v('test', 'none', REASONS.testLogic);
  return v('test', 'none', REASONS.testRuntime);
}

export function toolVerdict(d: ParsedDiagnostic): Verdict {
  const code = d.code?.value ?? '';
  const m = d.message;
  switch (d.source.name) {
    case 'ruff':
      return ruff(d, code);
    case 'flake8':
      return flake8(code);
    case 'pylint':
      if (code === 'E0001') return v('syntax', 'llm');
      if (/^(E0401|E0611|W0611|C0411|C0412|C0413|W0404)$/.test(code)) return v('import', 'llm');
      if (/^(C0303|C0304|C0305|W0311|C0301)$/.test(code))
        return v('format', code === 'C0301' ? 'llm' : 'deterministic');
      return v('lint', 'llm');
    case 'mypy':
    case 'pyright':
      if (
        /^(import|import-not-found|import-untyped|reportMissingImports|reportMissingModuleSource|reportMissingTypeStubs)$/.test(
          code,
        )
      )
        return v('import', 'llm', 'a missing module or missing type stubs');
      if (code === 'syntax') return v('syntax', 'llm');
      return v('type', 'llm');
    case 'black':
    case 'isort':
    case 'prettier':
      if (code === 'format' || code === 'isort')
        return v(
          d.source.name === 'isort' ? 'import' : 'format',
          'deterministic',
          `${d.source.name} rewrites the file`,
        );
      return v('syntax', 'llm', `${d.source.name} cannot parse the file`);
    case 'tsc':
      if (TS_IMPORT.has(code)) return v('import', 'llm');
      if (/^TS1\d{3}$/.test(code)) return v('syntax', 'llm');
      if (code === 'TS6133' || code === 'TS6192' || code === 'TS6196') return v('lint', 'llm');
      if (/^TS(5|6)\d{3}$/.test(code))
        return v('build', 'none', 'a compiler configuration error: tsconfig is for a person to change');
      return v('type', 'llm');
    case 'eslint':
      if (/^(security|no-secrets|no-unsanitized)\//.test(code) || code === 'no-eval')
        return v('security', 'none', REASONS.security);
      if (d.hints?.fixAvailable || ESLINT_FIXABLE.has(code))
        return v('lint', 'deterministic', 'eslint --fix rewrites this rule');
      if (code === '' && UNUSED_ESLINT_DIRECTIVE.test(m))
        return v('lint', 'deterministic', 'eslint --fix removes an unused disable directive');
      if (/import|no-undef$/.test(code)) return v('import', 'llm');
      if (code === '' && SYNTAX_MESSAGE.test(m)) return v('syntax', 'llm');
      return v('lint', 'llm');
    case 'pytest':
    case 'unittest':
    case 'jest':
    case 'vitest':
    case 'mocha':
      return testFailure(m);
    case 'go':
      if (code === 'test-failed') return testFailure(m);
      if (
        /imported and not used|could not import|cannot find package|no required module|is not in std|undefined: /.test(
          m,
        )
      )
        return v('import', 'llm');
      if (/syntax error/.test(m)) return v('syntax', 'llm');
      // vet checks and linters (golangci-lint, staticcheck name themselves in a trailing `(errcheck)`).
      if (
        /declared and not used|declared but not used|format %|unreachable code|self-assignment|\([A-Za-z]+\d*\)$/.test(
          m,
        )
      )
        return v('lint', 'llm');
      return v('build', 'llm');
    case 'cargo':
      if (/unused import|unresolved import|cannot find/.test(m)) return v('import', 'llm');
      if (d.severity === 'warning') return v('lint', 'llm');
      return v('type', 'llm');
    case 'npm':
    case 'yarn':
    case 'pnpm':
      if (code === 'lockfile-out-of-sync')
        return v(
          'dependency',
          'deterministic',
          `the package manager regenerates the lockfile: \`${LOCKFILE_UPDATE[d.source.name as PackageManager].join(' ')}\``,
        );
      if (code === 'ERESOLVE') return v('dependency', 'none', REASONS.eresolve);
      if (code === 'missing-script') return v('build', 'none', REASONS.missingScript);
      return v('dependency', 'none', REASONS.dependency);
    case 'git':
      // A `git diff --exit-code` check: the commit lacks what a generator writes. The message names the
      // command that regenerates the file; ci-autofix does not run generators or change manifests.
      if (code === 'go-mod-tidy') return v('dependency', 'none', REASONS.goModTidy);
      if (code === 'lockfile-changed') return v('dependency', 'none', `${m}; ${REASONS.regenerate}`);
      return v('build', 'none', REASONS.generated);
    case 'python':
      if (IMPORT_MESSAGE.test(m)) return v('import', 'llm', 'a module could not be imported');
      if (SYNTAX_MESSAGE.test(m)) return v('syntax', 'llm');
      return v('unknown', 'none', REASONS.runtime);
    case 'github':
      return v('unknown', 'none', REASONS.annotation);
    default:
      return v('unknown', 'none', REASONS.unknown);
  }
}
