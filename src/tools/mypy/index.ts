import type { ToolPlugin } from '../plugin.js';
import { PY_FILES } from '../shared/python-rules.js';
import { typeCheckerVerdict } from '../shared/type-checker.js';
import { mypyParser } from './parser.js';

export const mypy: ToolPlugin = {
  name: 'mypy',
  parser: mypyParser,
  verdict: typeCheckerVerdict,
  pin: { ecosystem: 'python', provisioned: true, preCommitRepos: /pre-commit\/mirrors-mypy$/i },
  check: {
    configuredBy: { pyproject: /^\[tool\.mypy\]/m, setupCfg: /^\[mypy\]/m, files: ['mypy.ini'] },
    commands: [['mypy', '.']],
  },
  config: {
    files: ['**/mypy.ini', '**/.mypy.ini'],
    sections: [
      { files: '**/pyproject.toml', section: /^tool\.mypy(\..*)?$/ },
      { files: '**/setup.cfg', section: /^mypy(-.*)?$/ },
      { files: '**/tox.ini', section: /^mypy(-.*)?$/ },
    ],
  },
  suppressions: [
    {
      id: 'type-ignore',
      tool: 'mypy',
      what: 'a `# type: ignore` comment',
      example: 'x = f()  # type: ignore[arg-type]',
      files: PY_FILES,
      pattern: /#\s*type:\s*ignore\b(?:\[(?<codes>[^\]]*)\])?/g,
    },
    {
      id: 'mypy-file',
      tool: 'mypy',
      what: 'a file-level mypy switch (`# mypy: ignore-errors`, `disable-error-code`)',
      example: '# mypy: ignore-errors',
      files: PY_FILES,
      pattern: /#\s*mypy:\s*(?:ignore[-_]errors\b|disable[-_]error[-_]code\s*=\s*["']?(?<codes>[\w, -]+))/g,
    },
    {
      id: 'cast-any',
      tool: 'mypy',
      what: 'a cast to `Any`',
      example: 'total = cast(Any, price) + 1',
      files: PY_FILES,
      pattern: /\bcast\(\s*(?:["']Any["']|(?:typing\.)?Any\b)/g,
    },
    {
      id: 'annotate-any',
      tool: 'mypy',
      what: 'an annotation widened to `Any`',
      example: 'def total(price: Any) -> int:',
      files: PY_FILES,
      pattern: /(?::|->)\s*(?:typing\.)?Any\b/g,
    },
  ],
};
