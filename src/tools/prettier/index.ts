import { toolCommand } from '../fixer.js';
import type { ToolPlugin } from '../plugin.js';
import { formatterVerdict } from '../shared/formatter.js';
import { prettierParser } from './parser.js';

const PRETTIER_FILES = /\.(m?[jt]sx?|cjs|json|css|scss|less|md|mdx|ya?ml|html|vue|graphql)$/;

export const prettier: ToolPlugin = {
  name: 'prettier',
  parser: prettierParser,
  verdict: (d) => formatterVerdict(d, 'format'),
  fixers: [
    {
      name: 'prettier',
      phase: 'format',
      commit: { type: 'style', verb: 'format {n} file(s) with prettier' },
      appliesTo: (d) => d.fixability === 'deterministic' && d.source.name === 'prettier',
      command: (files, _ds, ctx) =>
        toolCommand(ctx, 'prettier', ['--write', '--log-level', 'warn', ...files]),
    },
  ],
  pin: { ecosystem: 'npm', provisioned: true, preCommitRepos: /pre-commit\/mirrors-prettier$/i },
  preCommitHooks: {
    prettier: { argv: ['prettier', '--check'], files: PRETTIER_FILES, drop: /^(--write|-w)$/ },
  },
  config: {
    files: [
      '**/.prettierrc{,.json,.yml,.yaml,.js,.cjs,.mjs,.toml}',
      '**/prettier.config.{js,cjs,mjs,ts}',
      '**/.prettierignore',
    ],
    packageKeys: ['prettier'],
  },
};
