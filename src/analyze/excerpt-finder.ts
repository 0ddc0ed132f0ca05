import type { LogLine, LogRef } from '../domain/index.js';
import { keepStrongest, type ExcerptCandidate } from './excerpt-ranking.js';
import { EXCERPT_RULES, NOT_A_FAILURE, type ExcerptRule } from './excerpt-rules.js';
import { LineRing } from './ring-buffer.js';

const MAX_BLOCK = 40;
/** Candidates kept: the strongest (keepStrongest), pruned to this many once there are twice as many. */
export const MAX_CANDIDATES = 1000;
const RING = 4096;

interface Open {
  rule: ExcerptRule;
  step: string;
  file?: string;
  first: number;
  last: number;
  lines: Map<number, string>;
  indent: number;
  sawGoroutine: boolean;
}

const ANNOTATION_RULE: ExcerptRule = { test: /^/, reason: 'error annotation', score: 60, shape: 'indented' };

function indentOf(t: string): number {
  return t.length - t.trimStart().length;
}

/**
 * Finds the line ranges that explain a failure, whether or not a tool parser understood them: anchors
 * (EXCERPT_RULES) open a block whose shape decides where it ends, diagnostics' own ranges are added, and
 * the command of a step that exited non-zero is shown. Memory is bounded: a ring of recent lines per
 * step, at most MAX_CANDIDATES candidates (the weakest are pruned).
 */
export class ExcerptFinder {
  private readonly ring = new LineRing(RING);
  private open: Open | undefined;
  private candidates: ExcerptCandidate[] = [];
  /** Diagnostics' ranges, one per diagnostic kept (so bounded by the analyzer's cap), never pruned here. */
  private readonly ofDiagnostics: ExcerptCandidate[] = [];
  private command: { first: number; lines: Map<number, string>; capturing: boolean } | undefined;

  /** `maybe`: whether the line has a word of MAYBE_INTERESTING (the analyzer tests it once per line). */
  line(l: LogLine, maybe: boolean): void {
    const t = l.text;
    this.ring.push(l.no, t);
    if (l.marker === 'group') {
      this.closeOpen();
      if (t.startsWith('Run ')) this.command = { first: l.no, lines: new Map([[l.no, t]]), capturing: true };
      return;
    }
    if (this.command?.capturing) {
      if (l.marker === 'endgroup' || this.command.lines.size >= 12) this.command.capturing = false;
      else {
        this.command.lines.set(l.no, t);
        return;
      }
    }
    if (this.open && this.continues(this.open, l)) return;
    this.closeOpen();
    if (l.annotation === 'error') {
      const exit = /^Process completed with exit code (\d+)/.exec(t);
      if (exit) {
        if (this.command) {
          const nos = [...this.command.lines.keys()];
          this.add({
            step: l.step,
            file: l.file,
            a: nos[0]!,
            b: nos[nos.length - 1]!,
            reason: `the command that failed the step (exit code ${exit[1]})`,
            score: 45,
            lines: this.command.lines,
          });
        }
        return;
      }
      // An annotation's message may go on over indented lines (ruff's `  help: …`).
      this.open = {
        rule: ANNOTATION_RULE,
        step: l.step,
        file: l.file,
        first: l.no,
        last: l.no,
        lines: new Map([[l.no, t]]),
        indent: indentOf(t),
        sawGoroutine: false,
      };
      return;
    }
    if (l.marker === 'command') return;
    if (!maybe || NOT_A_FAILURE.test(t)) return;
    for (const rule of EXCERPT_RULES) {
      if (!rule.test.test(t)) continue;
      this.open = {
        rule,
        step: l.step,
        file: l.file,
        first: l.no,
        last: l.no,
        lines: new Map([[l.no, t]]),
        indent: indentOf(t),
        sawGoroutine: false,
      };
      if (rule.shape === 'line') this.closeOpen();
      return;
    }
  }

  /**
   * Adds a diagnostic's own range, with the text of its lines when they are still in the ring. `key`
   * (its diagnosticKey) lets the final pass drop it when a part read earlier by another worker had the
   * same failure, as one thread would have.
   */
  diagnostic(ref: LogRef, reason: string, score: number, key: string): void {
    const [a, b] = ref.lines;
    const { text, first } = this.ring.range(a, Math.min(b, a + MAX_BLOCK - 1));
    const lines = new Map<number, string>();
    text.forEach((s, i) => lines.set(first + i, s));
    this.ofDiagnostics.push({ step: ref.step, file: ref.file, a, b, reason, score, lines, key });
  }

  /** A line of the infrastructure table (`says` what it means): it explains the failure on its own. */
  infrastructure(l: LogLine, says: string): void {
    this.add({
      step: l.step,
      file: l.file,
      a: l.no,
      b: l.no,
      reason: `infrastructure: ${says}`,
      score: 70,
      lines: new Map([[l.no, l.text]]),
    });
  }

  /** Ends a step or input. */
  endStep(): void {
    this.closeOpen();
    this.command = undefined;
    this.ring.clear();
  }

  /** The strongest candidates found so far (an open block is closed first), not diagnostics'. */
  snapshot(): ExcerptCandidate[] {
    this.closeOpen();
    return keepStrongest(this.candidates, MAX_CANDIDATES);
  }

  /** The ranges of the diagnostics, in the order they were found. */
  diagnosticRanges(): ExcerptCandidate[] {
    return this.ofDiagnostics;
  }

  private continues(o: Open, l: LogLine): boolean {
    const t = l.text;
    if (o.last - o.first + 1 >= MAX_BLOCK) return false;
    let take: boolean;
    switch (o.rule.shape) {
      case 'indented':
        take = t.trim() !== '' && (indentOf(t) > o.indent || /^\s*(-->|\||=|\d+ \|)/.test(t));
        break;
      case 'same-prefix':
        take = (o.rule.prefixes ?? []).some((p) => t.startsWith(p));
        break;
      case 'python-traceback': {
        take = true;
        const ends =
          t.trim() !== '' && indentOf(t) === 0 && !/^(Traceback|During handling|The above exception)/.test(t);
        if (ends) {
          o.last = l.no;
          o.lines.set(l.no, t);
          this.closeOpen();
          return true;
        }
        break;
      }
      case 'go-panic':
        if (t.startsWith('goroutine ')) o.sawGoroutine = true;
        take = !(o.sawGoroutine && t.trim() === '' && o.last > o.first + 2);
        break;
      default:
        take = false;
    }
    if (!take) return false;
    o.last = l.no;
    o.lines.set(l.no, t);
    return true;
  }

  private closeOpen(): void {
    const o = this.open;
    if (!o) return;
    this.open = undefined;
    this.add({
      step: o.step,
      file: o.file,
      a: o.first,
      b: o.last,
      reason: o.rule.reason,
      score: o.rule.score,
      lines: o.lines,
    });
  }

  private add(c: ExcerptCandidate): void {
    this.candidates.push(c);
    if (this.candidates.length >= 2 * MAX_CANDIDATES) keepStrongest(this.candidates, MAX_CANDIDATES);
  }
}
