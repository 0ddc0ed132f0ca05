import type { LogParser } from '../parser.js';
import { makeDiagnostic, toSeverity } from '../shared/emit.js';
import { parseWorkflowCommand } from '../shared/workflow-command.js';

/**
 * GitHub annotations: `::error file=…,line=…::msg` workflow commands as a tool printed them, and the
 * runner's `##[error]msg` / `##[warning]msg` lines. The analyzer drops an annotation when a tool parser
 * claimed the same input line (a problem matcher re-emitting a tool's line), so each failure counts once;
 * `##[error]Process completed with exit code N.` is the step's verdict, not a diagnostic.
 */
export const GITHUB_SOURCE = 'github';

export const githubParser: LogParser = {
  name: GITHUB_SOURCE,
  description: 'GitHub Actions annotations (::error … workflow commands, ##[error] lines)',
  interest: { annotations: true },
  create(sink) {
    return {
      line(l) {
        if (!l.annotation) return;
        const t = l.text;
        if (t.startsWith('::')) {
          const cmd = parseWorkflowCommand(t);
          if (!cmd) return;
          const p = cmd.props;
          sink.diagnostic(
            makeDiagnostic(l, {
              tool: GITHUB_SOURCE,
              path: p.file,
              line: Number(p.line) || undefined,
              column: Number(p.col) || undefined,
              endLine: Number(p.endLine) || undefined,
              endColumn: Number(p.endColumn) || undefined,
              severity: toSeverity(cmd.command),
              code: p.title,
              message: cmd.message,
            }),
          );
          return;
        }
        if (/^Process completed with exit code \d+/.test(t) || t.trim() === '') return;
        sink.diagnostic(
          makeDiagnostic(l, { tool: GITHUB_SOURCE, severity: toSeverity(l.annotation), message: t }),
        );
      },
      end() {},
    };
  },
};
