import type { ToolPlugin } from '../plugin.js';
import { PY_FILES } from '../shared/python-rules.js';
import { askRuff } from './ask.js';
import { ruffCheckFix, ruffCheckUnsafe, ruffFormat } from './fixers.js';
import { ruffParser } from './parser.js';
import { PYTHON_ASSERTION_REWRITES } from './rewrites.js';
import { ruffVerdict } from './triage.js';

const RUFF_CHECK = {
  argv: ['ruff', 'check', '--no-fix'],
  files: PY_FILES,
  drop: /^--(fix|exit-non-zero-on-fix|show-fixes|unsafe-fixes)$/,
};

export const ruff: ToolPlugin = {
  name: 'ruff',
  parser: ruffParser,
  verdict: ruffVerdict,
  fixers: [ruffFormat, ruffCheckFix, ruffCheckUnsafe],
  ask: askRuff,
  pin: {
    ecosystem: 'python',
    provisioned: true,
    preCommitRepos: /astral-sh\/ruff-pre-commit$/i,
    helper: { version: '0.16.9', use: "fixing flake8's findings with ruff's rules of the same codes" },
  },
  check: {
    configuredBy: { pyproject: /^\[tool\.ruff/m, files: ['ruff.toml', '.ruff.toml'] },
    commands: [
      ['ruff', 'check', '.'],
      ['ruff', 'format', '--check', '.'],
    ],
  },
  preCommitHooks: {
    ruff: RUFF_CHECK,
    'ruff-check': RUFF_CHECK,
    'ruff-format': { argv: ['ruff', 'format', '--check'], files: PY_FILES },
  },
  config: {
    files: ['**/ruff.toml', '**/.ruff.toml'],
    sections: [{ files: '**/pyproject.toml', section: /^tool\.ruff(\..*)?$/ }],
  },
  suppressions: [
    {
      id: 'noqa',
      tool: 'ruff / flake8',
      what: 'a `# noqa` comment',
      example: 'import os  # noqa: F401',
      files: PY_FILES,
      pattern: /#\s*noqa\b(?::\s*(?<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*))?/gi,
    },
    {
      id: 'noqa-file',
      tool: 'ruff / flake8',
      what: 'a file-level `# ruff: noqa` or `# flake8: noqa`',
      example: '# ruff: noqa: E501',
      files: PY_FILES,
      pattern: /#\s*(?:ruff|flake8)\s*:\s*noqa\b(?::\s*(?<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*))?/gi,
    },
  ],
  assertionRewrites: PYTHON_ASSERTION_REWRITES,
};
