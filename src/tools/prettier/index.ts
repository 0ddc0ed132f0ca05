import type { ToolPlugin } from '../plugin.js';
import { fileFixer } from '../shared/file-fixer.js';
import { formatterVerdict } from '../shared/formatter.js';
import { prettierParser } from './parser.js';

const PRETTIER_FILES = /\.(m?[jt]sx?|cjs|json|css|scss|less|md|mdx|ya?ml|html|vue|graphql)$/;

export const prettier: ToolPlugin = {
  name: 'prettier',
  parser: prettierParser,
  verdict: (d) => formatterVerdict(d, 'format'),
  fixers: [
    fileFixer({
      tool: 'prettier',
      phase: 'format',
      verb: 'format {n} file(s) with prettier',
      args: ['--write', '--log-level', 'warn'],
    }),
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
