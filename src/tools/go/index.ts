import type { ToolPlugin } from '../plugin.js';
import { testFailure } from '../shared/messages.js';
import { v } from '../verdict.js';
import { goParser } from './parser.js';

/** The go command (build, vet, test) and the linters that print its format (golangci-lint, staticcheck). */
export const go: ToolPlugin = {
  name: 'go',
  runsTests: true,
  parser: goParser,
  verdict: (d) => {
    const m = d.message;
    if (d.code?.value === 'test-failed') return testFailure(m);
    if (
      /imported and not used|could not import|cannot find package|no required module|is not in std|undefined: /.test(
        m,
      )
    )
      return v('import', 'llm');
    if (/syntax error/.test(m)) return v('syntax', 'llm');
    // vet checks and linters (golangci-lint, staticcheck name themselves in a trailing `(errcheck)`).
    if (
      /declared and not used|declared but not used|format %|unreachable code|self-assignment|\([A-Za-z]+\d*\)$/.test(
        m,
      )
    )
      return v('lint', 'llm');
    return v('build', 'llm');
  },
  config: { files: ['**/.golangci.{yml,yaml,toml,json}', '**/staticcheck.conf'] },
  suppressions: [
    {
      id: 'nolint',
      tool: 'golangci-lint / staticcheck',
      what: 'a `//nolint` or `//lint:ignore` comment',
      example: 'x, _ := f() //nolint:errcheck',
      files: /\.go$/,
      pattern: /\/\/\s*nolint\b(?::(?<codes>[\w,-]+))?|\/\/lint:(?:file-)?ignore\s+(?<codes2>\S+)/g,
    },
  ],
  testFiles: ['**/*_test.go'],
  testCode: { asserts: /\bt\.(Error|Fatal|Fail)\w*|\brequire\.\w+/, skips: /\bt\.Skip\w*\(/ },
};
