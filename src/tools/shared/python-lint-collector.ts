import type { LogLine } from '../../domain/index.js';
import type { ParserSink } from '../parser.js';
import { makeDiagnostic } from './emit.js';
import {
  isRuffSummary,
  matchPythonLintLine,
  pythonLintOwner,
  type PythonLintLine,
} from './python-lint-line.js';
import { StepContext } from './step-context.js';

const MAX_BUFFERED = 20_000;

/**
 * Buffers a step's `path:line:col: CODE msg` lines until the step ends, when what the step ran (and
 * ruff's closing summary) says whose they are; then emits the ones owned by `owner`. The ruff and flake8
 * parsers each hold one, so each line is emitted exactly once.
 */
export class PythonLintCollector {
  /** What the step ran; the ruff parser reads it too rather than keep a second one. */
  readonly context = new StepContext(['ruff', 'flake8', 'pycodestyle', 'pep8']);
  private readonly pending: Array<{ line: LogLine; parsed: PythonLintLine }> = [];
  private ruffSummary = false;

  constructor(
    private readonly owner: 'ruff' | 'flake8',
    private readonly sink: ParserSink,
  ) {}

  /** Returns true when the line was a lint line (so other formats need not look at it). */
  line(l: LogLine): boolean {
    this.context.observe(l);
    const parsed = matchPythonLintLine(l);
    if (parsed) {
      if (this.pending.length < MAX_BUFFERED) this.pending.push({ line: l, parsed });
      return true;
    }
    if (!this.ruffSummary && isRuffSummary(l.text)) this.ruffSummary = true;
    return false;
  }

  end(): void {
    const step = {
      ruff: this.context.mentions('ruff'),
      flake8:
        this.context.mentions('flake8') ||
        this.context.mentions('pycodestyle') ||
        this.context.mentions('pep8'),
      ruffSummary: this.ruffSummary,
    };
    for (const { line, parsed } of this.pending) {
      if (pythonLintOwner(parsed, step) !== this.owner) continue;
      // Fields copied one by one: an object spread here makes a slow-mode object that costs
      // makeDiagnostic ten times more, on every finding of a dense lint step.
      const f = parsed.fields;
      this.sink.diagnostic(
        makeDiagnostic(line, {
          tool: this.owner,
          path: f.path,
          line: f.line,
          column: f.column,
          code: f.code,
          message: f.message,
          severity: f.severity,
          fixAvailable: f.fixAvailable,
        }),
      );
    }
    this.pending.length = 0;
  }
}
