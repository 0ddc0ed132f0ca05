import type { ParsedDiagnostic } from '../../domain/index.js';
import { v, type Verdict } from '../verdict.js';

/** mypy's and pyright's findings: a missing module or stubs, a syntax error, or a type error. */
export function typeCheckerVerdict(d: ParsedDiagnostic): Verdict {
  const code = d.code?.value ?? '';
  if (
    /^(import|import-not-found|import-untyped|reportMissingImports|reportMissingModuleSource|reportMissingTypeStubs)$/.test(
      code,
    )
  )
    return v('import', 'llm', 'a missing module or missing type stubs');
  if (code === 'syntax') return v('syntax', 'llm');
  return v('type', 'llm');
}
