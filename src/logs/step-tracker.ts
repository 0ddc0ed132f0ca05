import { isAscii } from 'node:buffer';
import { isLocated, type LogLine } from '../domain/index.js';
import { cleanBytes, decodeLine, timestampLength } from './clean-bytes.js';

export const NO_STEP = '(log)';
const TAB = 9;
const ESC = 27;

/** The `job<TAB>step<TAB>` prefix of a `gh run view --log` line (a timestamp follows), or undefined. */
function ghRunViewTabs(b: Buffer, start: number, end: number): [number, number] | undefined {
  const tab = b.indexOf(TAB, start);
  if (tab === -1 || tab >= end) return undefined;
  const tab2 = b.indexOf(TAB, tab + 1);
  if (tab2 === -1 || tab2 >= end) return undefined;
  return timestampLength(b, tab2 + 1, end) > 0 ? [tab, tab2] : undefined;
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

  constructor(initialStep: string = NO_STEP) {
    this.step = initialStep;
  }

  /**
   * Turns a line's bytes (from LineSplitter) into a LogLine: cleaned on bytes and decoded once
   * (clean-bytes.ts). In `gh run view --log` output, recognised on the first line that is not empty, the
   * `job<TAB>step<TAB>` prefix names the step and the rest is cleaned.
   */
  nextBytes(
    buf: Buffer,
    start: number,
    end: number,
    ascii: boolean,
    esc: number,
    no: number,
    file?: string,
  ): LogLine {
    if (this.ghFormat === undefined && end > start)
      this.ghFormat = ghRunViewTabs(buf, start, end) !== undefined;
    const tabs = this.ghFormat ? ghRunViewTabs(buf, start, end) : undefined;
    if (tabs) {
      const [tab, tab2] = tabs;
      this.enter(`${decodeLine(buf, start, tab, ascii)} / ${decodeLine(buf, tab + 1, tab2, ascii)}`);
      start = tab2 + 1;
    }
    return this.cleaned(cleanBytes(buf, start, end, ascii, esc), no, file);
  }

  /** Turns a raw (already line-split) line into a LogLine. */
  next(raw: string, no: number, file?: string): LogLine {
    const b = Buffer.from(raw);
    return this.nextBytes(b, 0, b.length, isAscii(b), b.indexOf(ESC), no, file);
  }

  /** The LogLine of a cleaned line. */
  private cleaned(text: string, no: number, file: string | undefined): LogLine {
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
    line.located = isLocated(line.text);
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
