import type { ToolPlugin } from '../plugin.js';
import { fileFixer } from '../shared/file-fixer.js';
import { formatterVerdict } from '../shared/formatter.js';
import { PY_FILES } from '../shared/python-rules.js';
import { blackParser } from './parser.js';

export const black: ToolPlugin = {
  name: 'black',
  parser: blackParser,
  verdict: (d) => formatterVerdict(d, 'format'),
  fixers: [
    fileFixer({ tool: 'black', phase: 'format', verb: 'format {n} file(s) with black', args: ['--quiet'] }),
  ],
  pin: {
    ecosystem: 'python',
    provisioned: true,
    preCommitRepos: /\/(psf\/black|psf\/black-pre-commit-mirror|ambv\/black)$/i,
  },
  check: { configuredBy: { pyproject: /^\[tool\.black\]/m }, commands: [['black', '--check', '.']] },
  preCommitHooks: { black: { argv: ['black', '--check'], files: PY_FILES } },
  config: { sections: [{ files: '**/pyproject.toml', section: /^tool\.black(\..*)?$/ }] },
};
