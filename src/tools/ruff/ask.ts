import type { ToolAsk } from '../plugin.js';
import { RULE_CODE } from '../shared/python-rules.js';
import { UNSAFE_FIXES_ASKED_FOR } from './fixers.js';

/**
 * `ruff check --output-format json` gives a fix and its applicability per finding. ruff answers for
 * flake8's findings too: it implements the same pycodestyle and pyflakes rules under the same codes.
 */
export const askRuff: ToolAsk = {
  program: 'ruff',
  sources: ['ruff', 'flake8'],
  asks: (d) => RULE_CODE.test(d.code?.value ?? ''),
  argv: (program, files, codes, source) => [
    program,
    'check',
    '--no-cache',
    '--exit-zero',
    '--output-format',
    'json',
    // pycodestyle's whitespace and blank-line rules are preview rules in ruff.
    ...(source === 'flake8' ? ['--preview'] : []),
    '--select',
    codes.join(','),
    '--',
    ...files,
  ],
  read: (items, relative) =>
    items.map((item) => {
      const v = item as {
        filename?: string;
        code?: string | null;
        location?: { row?: number };
        fix?: { applicability?: string } | null;
      };
      const a = v.fix?.applicability;
      return {
        path: relative(v.filename ?? ''),
        line: v.location?.row ?? 0,
        code: v.code ?? null,
        fix: a === 'safe' ? 'safe' : a === 'unsafe' ? 'unsafe' : 'none',
      };
    }),
  unsafeFixesAskedFor: UNSAFE_FIXES_ASKED_FOR,
};
