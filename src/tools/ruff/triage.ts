import type { ParsedDiagnostic } from '../../domain/index.js';
import { PY_FORMAT, RUFF_FIXABLE } from '../shared/python-rules.js';
import { REASONS, v, type Verdict } from '../verdict.js';

export function ruffVerdict(d: ParsedDiagnostic): Verdict {
  const code = d.code?.value ?? '';
  if (code === 'format') return v('format', 'deterministic', 'ruff format rewrites the file');
  if (code === 'invalid-syntax' || code === 'E999') return v('syntax', 'llm');
  if (/^S\d+$/.test(code)) return v('security', 'none', REASONS.security);
  const category = /^(I\d+|F401|E40[12])$/.test(code) ? 'import' : PY_FORMAT.test(code) ? 'format' : 'lint';
  if (d.hints?.fixAvailable || RUFF_FIXABLE.test(code))
    return v(category, 'deterministic', 'ruff check --fix has a safe fix for this rule');
  if (PY_FORMAT.test(code))
    return v('format', 'deterministic', 'a formatter (ruff format / black) fixes whitespace rules');
  if (code === 'F821') return v('import', 'llm', 'an undefined name is usually a missing import');
  return v(category, 'llm');
}
