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
  /**
   * True when the line has a `:` or `(` followed by a digit, or `: line ` and a digit: every `path:line` /
   * `path(line,col)` / `path: line L, col C` (eslint compact) format needs one. Computed once per line so the location-shaped parsers can skip the other ~90% of a log
   * without each scanning it again.
   */
  located: boolean;
  /** `##[group]` / `##[endgroup]` markers and the runner's `[command]` echo lines. */
  marker?: 'group' | 'endgroup' | 'command';
}

/** See `LogLine.located`. */
export function isLocated(t: string): boolean {
  for (let i = t.indexOf(':'), n = 0; i !== -1 && n < 8; i = t.indexOf(':', i + 1), n++) {
    const c = t.charCodeAt(i + 1);
    if (c >= 48 && c <= 57) return true;
    if (c === 32 && t.startsWith(' line ', i + 1)) {
      const d = t.charCodeAt(i + 7);
      if (d >= 48 && d <= 57) return true;
    }
  }
  for (let i = t.indexOf('('), n = 0; i !== -1 && n < 4; i = t.indexOf('(', i + 1), n++) {
    const c = t.charCodeAt(i + 1);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}
