import type { ParsedDiagnostic } from '../../domain/index.js';
import { v, type Verdict } from '../verdict.js';

/** A formatter's finding: the file it would rewrite, or a file it cannot parse. */
export function formatterVerdict(d: ParsedDiagnostic, category: 'format' | 'import'): Verdict {
  const code = d.code?.value ?? '';
  if (code === 'format' || code === 'isort')
    return v(category, 'deterministic', `${d.source.name} rewrites the file`);
  return v('syntax', 'llm', `${d.source.name} cannot parse the file`);
}
