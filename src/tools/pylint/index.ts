import type { ToolPlugin } from '../plugin.js';
import { PY_FILES } from '../shared/python-rules.js';
import { v } from '../verdict.js';
import { pylintParser } from './parser.js';

export const pylint: ToolPlugin = {
  name: 'pylint',
  parser: pylintParser,
  verdict: (d) => {
    const code = d.code?.value ?? '';
    if (code === 'E0001') return v('syntax', 'llm');
    if (/^(E0401|E0611|W0611|C0411|C0412|C0413|W0404)$/.test(code)) return v('import', 'llm');
    if (/^(C0303|C0304|C0305|W0311|C0301)$/.test(code))
      return v('format', code === 'C0301' ? 'llm' : 'deterministic');
    return v('lint', 'llm');
  },
  config: {
    files: ['**/.pylintrc', '**/pylintrc'],
    sections: [
      { files: '**/setup.cfg', section: /^pylint.*$/ },
      { files: '**/pyproject.toml', section: /^tool\.pylint(\..*)?$/ },
    ],
  },
  suppressions: [
    {
      id: 'pylint-disable',
      tool: 'pylint',
      what: 'a `# pylint: disable` comment (line, next line or module) or `skip-file`',
      example: '# pylint: disable=unused-argument',
      files: PY_FILES,
      pattern: /#\s*pylint:\s*(?:skip-file\b|disable(?:-next)?\s*=\s*(?<codes>[\w, -]+))/g,
    },
  ],
  // `Unused import os (unused-import)`, `Multiple imports on one line (os, json)`.
  unquotedNames: [/^Unused import (\S+)/dg, /^Multiple imports on one line \(([^)]*)\)/dg],
};
