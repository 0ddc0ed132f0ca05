import type { ToolAsk, ToolFinding } from '../plugin.js';
import { LINT_NAME } from './lint-codes.js';

/** What `cargo clippy --message-format=json` prints per finding (`reason: compiler-message`), in part. */
interface CompilerMessage {
  reason?: string;
  message?: {
    code?: { code?: string } | null;
    spans?: Span[];
    children?: Array<{ spans?: Span[] }>;
  };
}

interface Span {
  file_name?: string;
  line_start?: number;
  is_primary?: boolean;
  suggestion_applicability?: string | null;
}

/**
 * `cargo clippy --message-format=json` says, per finding, whether its suggestion is `MachineApplicable`:
 * only those does `cargo clippy --fix` apply (`MaybeIncorrect`, `HasPlaceholders` and `Unspecified` are
 * left alone, so a model gets them). It answers for rustc's lints too (`unused_imports`). Its output is
 * JSON lines, one object per message, mixed with cargo's other messages (`compiler-artifact` …), and it
 * checks the whole workspace: the files asked about are not arguments. The lints asked about are turned
 * on (`-W`), as the check may have turned them on by its own flags.
 */
export const askClippy: ToolAsk = {
  program: 'cargo-clippy',
  sources: ['clippy', 'cargo'],
  asks: (d) => LINT_NAME.test(d.code?.value ?? ''),
  argv: (program, _files, codes) => [
    program,
    'clippy',
    '--message-format=json',
    '--workspace',
    '--all-targets',
    '--',
    ...codes.filter((c) => LINT_NAME.test(c)).flatMap((c) => ['-W', c]),
  ],
  read: (items, relative) =>
    items.flatMap((item): ToolFinding[] => {
      const m = (item as CompilerMessage).message;
      if ((item as CompilerMessage).reason !== 'compiler-message' || !m) return [];
      const primary = (m.spans ?? []).find((s) => s.is_primary);
      if (!primary?.file_name) return [];
      const spans = [...(m.spans ?? []), ...(m.children ?? []).flatMap((c) => c.spans ?? [])];
      const fixed = spans.some((s) => s.suggestion_applicability === 'MachineApplicable');
      return [
        {
          path: relative(primary.file_name),
          line: primary.line_start ?? 0,
          code: m.code?.code ?? null,
          fix: fixed ? 'safe' : 'none',
        },
      ];
    }),
};
