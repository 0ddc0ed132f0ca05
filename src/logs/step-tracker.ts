import { isLocated, type LogLine } from '../domain/index.js';
import { cleanBytes, decodeLine } from './clean-bytes.js';
import { cleanLine, hasTimestamp } from './clean-line.js';
import { HINT } from './line-cleaner.js';

export const NO_STEP = '(log)';

/** `job<TAB>step<TAB>2026-03-04T10:15:01.1234567Z text`. */
function isGhRunViewLine(raw: string): boolean {
  const tab = raw.indexOf('\t');
  const tab2 = tab === -1 ? -1 : raw.indexOf('\t', tab + 1);
  return tab2 !== -1 && hasTimestamp(raw.slice(tab2 + 1, tab2 + 40));
}
const MAX_STEP_NAME = 100;

/**
 * Places each line in its step and strips the runner's markup. Understands three shapes:
 * - a raw job log: a step starts at `##[group]Run <command>` (the runner's header for every `run:` and
 *   `uses:` step), and `##[error]` / `##[warning]` / `##[notice]` prefixes mark annotations;
 * - `gh run view --log`: `job<TAB>step<TAB>timestamp text` on every line;
 * - plain tool output: everything is one step, unless a caller names it (a run zip's entry name).
 */
export class StepTracker {
  step: string;
  readonly steps: string[] = [];
  readonly failedSteps = new Set<string>();
  private ghFormat: boolean | undefined;
  /**
   * The LineCleaner's hints (HINT) about the text of the line returned last, or 0: they hold for its
   * text only when it was cleaned on the splitter's bytes, as is.
   */
  hints = 0;

  constructor(initialStep: string = NO_STEP) {
    this.step = initialStep;
  }

  /**
   * Turns a line's bytes (from LineSplitter) into a LogLine: cleaned on bytes and decoded once (by the
   * splitter when it gives `cleaned`), unless the log is `gh run view --log` output or the line needs the
   * string path (see cleanBytes).
   */
  nextBytes(
    buf: Buffer,
    start: number,
    end: number,
    ascii: boolean,
    esc: number,
    no: number,
    file?: string,
    cleaned?: string,
    hints = 0,
  ): LogLine {
    if (this.ghFormat === false && cleaned !== undefined) return this.cleaned(cleaned, no, file, hints);
    const text = this.ghFormat === false ? cleanBytes(buf, start, end, ascii, esc) : undefined;
    return text === undefined
      ? this.next(decodeLine(buf, start, end, ascii), no, file)
      : this.cleaned(text, no, file, 0);
  }

  /** Turns a raw (already line-split) line into a LogLine. */
  next(raw: string, no: number, file?: string): LogLine {
    let text = raw;
    // `gh run view --log` output is recognised on its first line; other logs skip the tab search.
    if (this.ghFormat === undefined && raw.length > 0) this.ghFormat = isGhRunViewLine(raw);
    const tab = this.ghFormat ? raw.indexOf('\t') : -1;
    if (tab !== -1) {
      // gh run view --log: the third field starts with the runner's timestamp.
      const tab2 = raw.indexOf('\t', tab + 1);
      if (tab2 !== -1 && hasTimestamp(raw.slice(tab2 + 1, tab2 + 40))) {
        this.enter(`${raw.slice(0, tab)} / ${raw.slice(tab + 1, tab2)}`);
        text = raw.slice(tab2 + 1);
      }
    }
    return this.cleaned(cleanLine(text), no, file, 0);
  }

  /** The LogLine of a cleaned line, with what the splitter's LineCleaner found in its text, if anything. */
  private cleaned(text: string, no: number, file: string | undefined, hints: number): LogLine {
    this.hints = hints;
    const c0 = text.charCodeAt(0);
    // The runner's own phases have no `##[group]Run` header.
    if (c0 === 67 /* C */) {
      if (text.startsWith('Current runner version') && this.steps.length === 0) this.enter('Set up job');
      else if (text.startsWith('Cleaning up orphan processes')) this.enter('Complete job');
    } else if (c0 === 80 /* P */ && text === 'Post job cleanup.') this.enter('Complete job');
    // Every LogLine has the same shape (all fields present), so the parsers' property reads stay monomorphic.
    const line: LogLine = {
      text,
      no,
      step: this.step,
      file,
      located: false,
      annotation: undefined,
      marker: undefined,
    };
    if (c0 === 35 /* # */ && text.startsWith('##[')) this.runnerMarkup(line);
    else if (c0 === 58 /* : */ && text.startsWith('::')) this.workflowCommand(line);
    else if (c0 === 91 /* [ */ && text.startsWith('[command]')) line.marker = 'command';
    line.located = (hints & HINT.KNOWN) !== 0 ? (hints & HINT.LOCATED) !== 0 : isLocated(line.text);
    // The first line's step counts as a step unless the line itself opened one (a log, or a part of one
    // read by a worker, that starts at a `##[group]Run` header).
    if (this.steps.length === 0) this.steps.push(line.step);
    return line;
  }

  enter(step: string): void {
    this.step = step.length > MAX_STEP_NAME ? `${step.slice(0, MAX_STEP_NAME - 1)}…` : step;
    if (!this.steps.includes(this.step)) this.steps.push(this.step);
  }

  private runnerMarkup(line: LogLine): void {
    const text = line.text;
    const close = text.indexOf(']');
    const tag = text.slice(3, close);
    const rest = text.slice(close + 1);
    switch (tag) {
      case 'group':
        line.marker = 'group';
        if (rest.startsWith('Run ') || rest.startsWith('Post Run ')) {
          this.enter(rest.trim());
          line.step = this.step;
        }
        line.text = rest;
        return;
      case 'endgroup':
        line.marker = 'endgroup';
        line.text = rest;
        return;
      case 'error':
      case 'warning':
      case 'notice':
        line.annotation = tag;
        line.text = rest;
        if (tag === 'error' && /^Process completed with exit code [1-9]/.test(rest))
          this.failedSteps.add(this.step);
        return;
      default:
        return;
    }
  }

  private workflowCommand(line: LogLine): void {
    // `::error file=…,line=…::message` printed raw (e.g. in `gh run view --log` or a plain tool run).
    const m = /^::(error|warning|notice)(?: |::)/.exec(line.text);
    if (m) line.annotation = m[1] as 'error' | 'warning' | 'notice';
    else if (line.text.startsWith('::group::')) {
      line.marker = 'group';
      line.text = line.text.slice(9);
    } else if (line.text.startsWith('::endgroup::')) line.marker = 'endgroup';
  }
}
