/**
 * The one currency between parsers and publishers (docs/architecture.md, contracts). Its shape follows reviewdog's
 * diagnostic format so SARIF / rdjson in and out is a mapping, not a rewrite.
 */
export type Severity = 'error' | 'warning' | 'info';

export const CATEGORIES = [
  'format',
  'import',
  'lint',
  'type',
  'syntax',
  'test',
  'build',
  'dependency',
  'infra',
  'security',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const FIXABILITIES = ['deterministic', 'llm', 'none'] as const;
export type Fixability = (typeof FIXABILITIES)[number];

export interface Position {
  line: number;
  column?: number;
}

export interface Location {
  /** Repository-relative, forward slashes. */
  path: string;
  /**
   * The path as the log named it, when that was not repository-relative (an absolute path of another
   * machine, `/app/…`, `/builds/<group>/<project>/…`) and `fix` mapped it to a file of the repository.
   */
  original_path?: string;
  range?: { start: Position; end?: Position };
}

/** Where in the input log a diagnostic or excerpt came from: 1-based line numbers of the input as given. */
export interface LogRef {
  step: string;
  lines: [number, number];
  /** For a run zip: the entry the lines belong to. */
  file?: string;
}

/** What a parser produces: everything but the triage verdict. */
export interface ParsedDiagnostic {
  message: string;
  location?: Location;
  severity: Severity;
  source: { name: string };
  code?: { value: string; url?: string };
  test?: { name: string; framework: string };
  log: LogRef;
  /** Parser's own hint for triage, e.g. ruff's `[*]` marker that a safe fix exists. */
  hints?: { fixAvailable?: boolean };
}

export interface Diagnostic extends Omit<ParsedDiagnostic, 'hints'> {
  category: Category;
  fixability: Fixability;
  /** Why: always present when fixability is `none`, and for the other verdicts when it helps. */
  reason?: string;
  /** The tool's fix for it is one the tool calls unsafe: tried as a candidate the check must prove. */
  unsafe_fix?: boolean;
}
