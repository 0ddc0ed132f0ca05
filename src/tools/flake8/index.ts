import type { ToolPlugin } from '../plugin.js';
import { PY_FILES, PY_FORMAT, RUFF_FIXABLE } from '../shared/python-rules.js';
import { REASONS, v, type Verdict } from '../verdict.js';
import { flake8Parser } from './parser.js';

// flake8's findings are fixed by ruff's rule of the same code (ruff implements pycodestyle, pyflakes and the
// common plugins under their codes), then validated by flake8 itself.
const SAME_RULE_OF_RUFF = 'ruff check --fix applies the same rule, and flake8 validates it';

function flake8Verdict(code: string): Verdict {
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

export const flake8: ToolPlugin = {
  name: 'flake8',
  parser: flake8Parser,
  verdict: (d) => flake8Verdict(d.code?.value ?? ''),
  pin: { ecosystem: 'python', provisioned: true, preCommitRepos: /\/pycqa\/flake8$/i, fixedBy: 'ruff' },
  check: {
    configuredBy: { setupCfg: /^\[flake8\]/m, files: ['.flake8'] },
    commands: [['flake8', '.']],
  },
  preCommitHooks: { flake8: { argv: ['flake8'], files: PY_FILES } },
  config: {
    files: ['**/.flake8'],
    // pycodestyle and pydocstyle run as flake8's plugins, and read their own sections too.
    sections: [
      { files: '**/setup.cfg', section: /^(flake8|pycodestyle|pydocstyle)$/ },
      { files: '**/tox.ini', section: /^(flake8|pycodestyle|pydocstyle)$/ },
      { files: '**/pyproject.toml', section: /^tool\.(flake8|pydocstyle)(\..*)?$/ },
    ],
  },
};
