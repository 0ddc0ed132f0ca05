import type { ToolPlugin } from '../plugin.js';
import { PY_FILES } from '../shared/python-rules.js';
import { typeCheckerVerdict } from '../shared/type-checker.js';
import { pyrightParser } from './parser.js';

export const pyright: ToolPlugin = {
  name: 'pyright',
  parser: pyrightParser,
  verdict: typeCheckerVerdict,
  config: {
    files: ['**/pyrightconfig.json'],
    sections: [{ files: '**/pyproject.toml', section: /^tool\.pyright(\..*)?$/ }],
  },
  suppressions: [
    {
      id: 'pyright-ignore',
      tool: 'pyright',
      what: 'a `# pyright: ignore` comment',
      example: 'x = f()  # pyright: ignore[reportArgumentType]',
      files: PY_FILES,
      pattern: /#\s*pyright:\s*(?:ignore\b(?:\[(?<codes>[^\]]*)\])?|basic\b)/g,
    },
  ],
};
