import { toolCommand } from '../fixer.js';
import type { ToolPlugin } from '../plugin.js';
import { UNUSED_ESLINT_DIRECTIVE } from './messages.js';
import { eslintParser } from './parser.js';
import { eslintVerdict } from './triage.js';

const JS = /\.(m|c)?[jt]sx?$|\.(vue|svelte)$/;

export const eslint: ToolPlugin = {
  name: 'eslint',
  parser: eslintParser,
  verdict: eslintVerdict,
  fixers: [
    {
      name: 'eslint',
      phase: 'lint',
      commit: { type: 'fix', scope: 'lint', verb: 'fix {n} finding(s) with eslint --fix ({codes})' },
      appliesTo: (d) => d.fixability === 'deterministic' && d.source.name === 'eslint',
      // An unused-directive finding may come from the check's `--report-unused-disable-directives` flag
      // rather than the project's config; the flag makes `--fix` remove them in the files it is given.
      command: (files, ds, ctx) =>
        toolCommand(ctx, 'eslint', [
          '--fix',
          ...(ds.some((d) => !d.code?.value && UNUSED_ESLINT_DIRECTIVE.test(d.message))
            ? ['--report-unused-disable-directives']
            : []),
          ...files,
        ]),
    },
  ],
  // `--format json` gives a `fix` per message.
  ask: {
    program: 'eslint',
    sources: ['eslint'],
    asks: () => true,
    argv: (program, files) => [program, '--format', 'json', '--', ...files],
    read: (items, relative) =>
      items.flatMap((item) => {
        const f = item as {
          filePath?: string;
          messages?: Array<{ ruleId?: string | null; line?: number; fix?: unknown }>;
        };
        return (f.messages ?? []).map((m) => ({
          path: relative(f.filePath ?? ''),
          line: m.line ?? 0,
          code: m.ruleId ?? null,
          fix: m.fix ? ('safe' as const) : ('none' as const),
        }));
      }),
  },
  // Not installed at its pinned version: its configuration names plugins only the project's own install has.
  pin: { ecosystem: 'npm', provisioned: false, preCommitRepos: /pre-commit\/mirrors-eslint$/i },
  config: {
    files: [
      '**/eslint.config.{js,mjs,cjs,ts,mts,cts}',
      '**/.eslintrc{,.js,.cjs,.json,.yml,.yaml}',
      '**/.eslintignore',
    ],
    packageKeys: ['eslintConfig', 'eslintIgnore'],
  },
  suppressions: [
    {
      id: 'eslint-disable-line',
      tool: 'eslint',
      what: 'an `eslint-disable-line` or `eslint-disable-next-line` comment',
      example: '// eslint-disable-next-line no-unused-vars',
      files: JS,
      pattern: /eslint-disable-(?:next-)?line\b(?<codes>[ \t]+[@\w/-]+(?:\s*,\s*[@\w/-]+)*)?/g,
    },
    {
      id: 'eslint-disable-file',
      tool: 'eslint',
      what: 'an `/* eslint-disable */` block comment (the file or a region)',
      example: '/* eslint-disable */',
      files: JS,
      pattern: /\/\*\s*eslint-disable(?![-\w])(?<codes>[ \t]+[@\w/-]+(?:\s*,\s*[@\w/-]+)*)?/g,
    },
  ],
  assertionRewrites: {
    eqeqeq: (l) => [l.replace(/([^=!])==(?!=)/g, '$1===').replace(/!=(?!=)/g, '!==')],
  },
};
