import type { ToolPlugin } from '../plugin.js';
import { fileFixer } from '../shared/file-fixer.js';
import { formatterVerdict } from '../shared/formatter.js';
import { PY_FILES } from '../shared/python-rules.js';
import { isortParser } from './parser.js';

export const isort: ToolPlugin = {
  name: 'isort',
  parser: isortParser,
  verdict: (d) => formatterVerdict(d, 'import'),
  fixers: [
    fileFixer({
      tool: 'isort',
      phase: 'imports',
      verb: 'sort imports in {n} file(s) with isort',
      args: ['--quiet'],
    }),
  ],
  pin: { ecosystem: 'python', provisioned: true, preCommitRepos: /\/(pycqa|timothycrosley)\/isort$/i },
  check: {
    configuredBy: { pyproject: /^\[tool\.isort\]/m, setupCfg: /^\[isort\]/m, files: ['.isort.cfg'] },
    commands: [['isort', '--check-only', '.']],
  },
  preCommitHooks: { isort: { argv: ['isort', '--check-only'], files: PY_FILES } },
  config: {
    files: ['**/.isort.cfg'],
    sections: [
      { files: '**/setup.cfg', section: /^isort$/ },
      { files: '**/tox.ini', section: /^isort$/ },
      { files: '**/pyproject.toml', section: /^tool\.isort(\..*)?$/ },
    ],
  },
};
