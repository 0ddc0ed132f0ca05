import type { ParsedDiagnostic } from '../../domain/index.js';
import { testFailure } from '../shared/messages.js';
import { v, type Verdict } from '../verdict.js';
import { vetCheck } from './vet-checks.js';

/**
 * An import the compiler says is unused (`"os" imported and not used`; Go 1.19's compiler puts the path
 * last, `imported and not used: "os"`, and its go/types says `imported but not used`): goimports
 * removes it, as ruff removes Python's F401.
 */
export const UNUSED_IMPORT =
  /^(?:"[^"]+" imported (?:as \w+ )?(?:and|but) not used|imported (?:and|but) not used: "[^"]+"(?: as \w+)?)$/;

const DEPENDENCY =
  /^missing go\.sum entry|^no required module provides package|^updates to go\.mod needed|^go: updates to go\.(?:mod|sum) needed/;
const IMPORT =
  /could not import|cannot find package|no required module|is not in std|^undefined: |^undeclared name: /;
// The compiler's `syntax error: …`; go/parser's (gofmt, vet): `expected ')', found 'return'`, `missing ','
// in parameter list`, `string literal not terminated`.
const SYNTAX =
  /syntax error|^expected .*, found |^missing ',' |^illegal character|not terminated$|^invalid character literal/;
const TYPE =
  /^cannot use |^invalid operation: |mismatched types|(?:too many|not enough) (?:arguments|return values)|has no field or method|^cannot convert |^missing return$|^assignment mismatch: |^non-boolean condition|^cannot assign to |does not implement /;

/**
 * What the go command and vet report: the compiler's errors (a model's: go build has no fix mode, but an
 * unused import is goimports'), vet's analyzers (lint, a model's), failing tests (a person's), and
 * findings of linters in this format (golangci-lint names the linter last: `(errcheck)`).
 */
export function goVerdict(d: ParsedDiagnostic): Verdict {
  const m = d.message;
  if (d.code?.value === 'test-failed') return testFailure(m);
  return compileVerdict(m);
}

/** A message of the Go compiler or type checker, of go vet, or of a linter in their format. */
export function compileVerdict(m: string): Verdict {
  if (UNUSED_IMPORT.test(m))
    return v('import', 'deterministic', 'goimports removes an import the code does not use');
  if (DEPENDENCY.test(m))
    return v(
      'dependency',
      'none',
      'a module is missing from go.mod or go.sum: adding it needs the network (`go get` / `go mod tidy`); a person runs it and commits go.mod and go.sum',
    );
  if (IMPORT.test(m)) return v('import', 'llm');
  if (SYNTAX.test(m)) return v('syntax', 'llm');
  const vet = vetCheck(m);
  if (vet) return v('lint', 'llm', `go vet's ${vet} check; vet has no fix mode`);
  if (/declared (?:and|but) not used|\([A-Za-z]+\d*\)$/.test(m)) return v('lint', 'llm');
  if (TYPE.test(m)) return v('type', 'llm');
  return v('build', 'llm');
}
