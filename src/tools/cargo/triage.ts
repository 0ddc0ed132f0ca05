import type { ParsedDiagnostic } from '../../domain/index.js';
import { testFailure } from '../shared/messages.js';
import { REASONS, v, type Verdict } from '../verdict.js';
import { LINT_NAME } from './lint-codes.js';

/** A name or module that could not be found: usually a missing `use` or dependency. */
const UNRESOLVED =
  /^(?:E0412|E0425|E0432|E0433|E0405|E0422|E0423|E0531|E0583|E0463)$|unresolved import|cannot find|failed to resolve|use of undeclared|can't find crate|file not found for module/;
/** rustc's parse errors (they carry no error code). */
const SYNTAX =
  /^(?:expected .*, found |expected one of |expected (?:item|expression|identifier|pattern|type|`[^`]*`)\b|unexpected (?:token|closing delimiter|end of)|mismatched closing delimiter|this file contains an unclosed delimiter|unclosed delimiter|unterminated |unknown start of token|incorrect close delimiter)/;
/** libtest's assertion failures (`assertion `left == right` failed`, older `assertion failed: `(left == right)``). */
const ASSERTION = /^assertion (?:`left [!=]= right` )?failed|^assertion failed: /;

const FIX =
  'cargo clippy --fix applies the machine-applicable suggestion shown; kept only if the check proves it';

/** A lint (rustc's or clippy's): fixed by clippy's fix mode when it shows a suggestion, else by a model. */
function lintVerdict(d: ParsedDiagnostic, code: string): Verdict {
  // rustc's unused-import finding always has the suggestion to remove it, even where it does not show it.
  if (code === 'unused_imports')
    return v(
      'import',
      'deterministic',
      "cargo clippy --fix removes it (rustc's suggestion is machine-applicable)",
    );
  if (d.hints?.fixAvailable) return v('lint', 'deterministic', FIX);
  return v('lint', 'llm');
}

/**
 * The verdict on a finding of a Rust job: a format difference is cargo fmt's; a lint with a suggestion is
 * clippy's fix mode's (the tool, asked in JSON, says which it really fixes); a compile error is a model's;
 * a failing test a person's.
 */
export function cargoVerdict(d: ParsedDiagnostic): Verdict {
  const code = d.code?.value ?? '';
  if (d.source.name === 'rustfmt') return v('format', 'deterministic', 'cargo fmt rewrites the file');
  if (code === 'test-failed') {
    if (ASSERTION.test(d.message)) return v('test', 'none', REASONS.testLogic);
    return testFailure(d.message);
  }
  if (d.source.name === 'clippy' || LINT_NAME.test(code)) return lintVerdict(d, code);
  if (UNRESOLVED.test(code) || UNRESOLVED.test(d.message)) return v('import', 'llm');
  if (!code && SYNTAX.test(d.message)) return v('syntax', 'llm');
  if (d.severity === 'warning') return v('lint', 'llm');
  return v('type', 'llm');
}
