/** One line of an input log as every parser sees it: cleaned, numbered, placed in its step. */
export interface LogLine {
  /** The tool's own text: no timestamp, no ANSI, no `##[error]` prefix. */
  text: string;
  /** 1-based line number in the input (or in `file`, for a run zip entry). */
  no: number;
  step: string;
  file?: string;
  /** Set when the runner marked the line: `##[error]`, `##[warning]`, `##[notice]`, or a `::error …::` command. */
  annotation?: 'error' | 'warning' | 'notice';
  /** `##[group]` / `##[endgroup]` markers and the runner's `[command]` echo lines. */
  marker?: 'group' | 'endgroup' | 'command';
}
