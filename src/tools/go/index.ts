import type { ToolPlugin } from '../plugin.js';
import { goModTidyFixer } from './fixers.js';
import { goParser } from './parser.js';
import { goVerdict } from './triage.js';

/**
 * The go command (build, vet, test) and linters that print its format (golangci-lint). Its fix mode is
 * `go mod tidy`, for the go.mod / go.sum drift a `git diff --exit-code` check reports (the git plugin's
 * `go-mod-tidy` findings); an unused import is goimports' (./goimports.ts).
 */
export const go: ToolPlugin = {
  name: 'go',
  runsTests: true,
  parser: goParser,
  verdict: goVerdict,
  fixers: [goModTidyFixer],
  check: { configuredBy: { files: ['go.mod'] }, commands: [['go', 'vet', './...']] },
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
  // The compiler's and vet's names: `undefined: total`, `x declared and not used`, `call of Unmarshal …`.
  unquotedNames: [
    /^undefined: (\S+)/dg,
    /^declared and not used: (\S+)/dg,
    /^(\S+) declared (?:but|and) not used/dg,
    /^(?:call of|comparison of function) (\S+)/dg,
    /^self-assignment of (\S+) to (\S+)/dg,
    /^loop variable (\S+) captured/dg,
  ],
  testCode: { files: /\.go$/, asserts: /\bt\.(Error|Fatal|Fail)\w*|\brequire\.\w+/, skips: /\bt\.Skip\w*\(/ },
};
