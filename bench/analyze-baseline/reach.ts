/**
 * How far any diff against the passing run could go: the failing log's lines read as `analyze` reads them
 * (the same cleaning), checked against the passing log the way `--baseline` checks them. A line the
 * passing run did not print is the failure's own text, which no baseline can leave out; the lines the
 * excerpts still show although the passing run printed them are all a better diff could still remove.
 */
import { readFileSync } from 'node:fs';
import { Baseline } from '../../src/analyze/baseline.js';
import { LineSplitter } from '../../src/logs/line-splitter.js';
import { StepTracker } from '../../src/logs/step-tracker.js';

export interface Reach {
  /** Lines of the failing log. */
  log: number;
  /** Of them, lines the passing run did not print (what a plain diff of the two logs leaves). */
  log_new: number;
  /** Lines read with the baseline that the passing run printed too, and of them those not blank. */
  read_printed: number;
  read_printed_text: number;
}

function cleanedLines(file: string): Map<number, string> {
  const lines = new Map<number, string>();
  const steps = new StepTracker();
  const splitter = new LineSplitter((buf, start, end, ascii, esc, no) => {
    const l = steps.nextBytes(buf, start, end, ascii, esc, no);
    lines.set(l.no, l.text);
  });
  splitter.write(readFileSync(file));
  splitter.end();
  return lines;
}

/** `readWith`: the line numbers the excerpts cover with the baseline. */
export function reach(failing: string, passing: string, readWith: Iterable<number>): Reach {
  const baseline = new Baseline();
  baseline.begin(passing);
  baseline.write(readFileSync(passing));
  baseline.end();
  const lines = cleanedLines(failing);
  const printed = [...readWith].map((n) => lines.get(n) ?? '').filter((t) => baseline.has(t));
  return {
    log: lines.size,
    log_new: [...lines.values()].filter((t) => !baseline.has(t)).length,
    read_printed: printed.length,
    read_printed_text: printed.filter((t) => t.trim() !== '').length,
  };
}
