import type { ToolPlugin } from '../plugin.js';
import { v } from '../verdict.js';
import { gofmtFixer } from './fixers.js';
import { goFormatParser } from './format-parser.js';

/**
 * The files gofmt lists exit 0, so the check this plugin composes fails on the listing itself; vendored
 * code and testdata (often unformatted on purpose) are left out, as `go fmt ./...` leaves them out.
 */
const GOFMT_CHECK =
  'out=$(find . -name "*.go" -not -path "./vendor/*" -not -path "*/testdata/*" -exec gofmt -l {} +); if [ -n "$out" ]; then echo "$out"; exit 1; fi';

/** gofmt: `-l` / `-d` findings (its parser reads goimports' too: the same lines), fixed by `gofmt -w`. */
export const gofmt: ToolPlugin = {
  name: 'gofmt',
  parser: goFormatParser,
  verdict: (d) =>
    d.code?.value === 'simplify'
      ? v('format', 'deterministic', '`gofmt -s -w` rewrites the file')
      : v('format', 'deterministic', '`gofmt -w` rewrites the file'),
  fixers: [gofmtFixer],
  check: { configuredBy: { files: ['go.mod'] }, commands: [['sh', '-c', GOFMT_CHECK]] },
};
