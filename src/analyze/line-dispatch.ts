import type { LogLine } from '../domain/index.js';
import type { LogParser, ParserState } from '../parsers/index.js';

/**
 * Hands each line to the parsers that want it (their declared `interest`, or every line while a state is
 * `busy`), using tables built once: a log is mostly lines no parser cares about.
 */
export class LineDispatch {
  private readonly all: Uint8Array;
  /** `chars[i * 128 + c]` is 1 when parser i wants lines starting with ASCII character c. */
  private readonly chars: Uint8Array;
  private readonly located: Uint8Array;
  private readonly annotations: Uint8Array;
  private readonly markers: Uint8Array;
  /**
   * Each state's `busy`, read after each line it was given: it can only change then, and reading a typed
   * array is much cheaper than asking 20 differently shaped objects on every line.
   */
  private readonly busy: Uint8Array;

  constructor(parsers: readonly LogParser[]) {
    const n = parsers.length;
    this.all = new Uint8Array(n);
    this.chars = new Uint8Array(n * 128);
    this.located = new Uint8Array(n);
    this.annotations = new Uint8Array(n);
    this.markers = new Uint8Array(n);
    this.busy = new Uint8Array(n);
    parsers.forEach((p, i) => {
      const w = p.interest;
      if (!w) {
        this.all[i] = 1;
        return;
      }
      for (const ch of w.firstChars ?? '') {
        const c = ch.charCodeAt(0);
        if (c < 128) this.chars[i * 128 + c] = 1;
      }
      this.located[i] = w.located ? 1 : 0;
      this.annotations[i] = w.annotations ? 1 : 0;
      this.markers[i] = w.markers ? 1 : 0;
    });
  }

  /** New states (a new step) start idle. */
  reset(): void {
    this.busy.fill(0);
  }

  deliver(l: LogLine, states: ParserState[], feeds: Array<(l: LogLine) => void>): void {
    const t = l.text;
    const c0 = t.length === 0 ? 0 : t.charCodeAt(0);
    // Non-ASCII first characters (`●`, `✖`, `❯`) are rare: every parser gets those lines.
    const wide = c0 >= 128;
    const located = l.located;
    const annotated = l.annotation !== undefined;
    const marked = l.marker !== undefined;
    for (let i = 0; i < feeds.length; i++) {
      if (
        this.all[i] === 1 ||
        wide ||
        this.chars[i * 128 + c0] === 1 ||
        (located && this.located[i] === 1) ||
        (annotated && this.annotations[i] === 1) ||
        (marked && this.markers[i] === 1) ||
        this.busy[i] === 1
      ) {
        feeds[i]!(l);
        this.busy[i] = states[i]!.busy === true ? 1 : 0;
      }
    }
  }
}
