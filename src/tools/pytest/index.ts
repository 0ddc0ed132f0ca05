import type { ToolPlugin } from '../plugin.js';
import { PY_FILES } from '../shared/python-rules.js';
import { testFailure } from '../shared/messages.js';
import { pytestParser } from './parser.js';

export const pytest: ToolPlugin = {
  name: 'pytest',
  runsTests: true,
  parser: pytestParser,
  verdict: (d) => testFailure(d.message),
  config: {
    files: ['**/pytest.ini', '**/.coveragerc'],
    // pytest-cov reads coverage's sections.
    sections: [
      { files: '**/setup.cfg', section: /^(tool:pytest|coverage:.*)$/ },
      { files: '**/tox.ini', section: /^(pytest|coverage:.*)$/ },
      { files: '**/pyproject.toml', section: /^tool\.(pytest|coverage)(\..*)?$/ },
    ],
  },
  testFiles: ['**/test_*.py', '**/*_test.py', '**/conftest.py'],
  testCode: {
    files: PY_FILES,
    asserts: /\bpytest\.raises/,
    skips: /@pytest\.mark\.(skip|xfail)|\bpytest\.skip\(/,
  },
};
