import type { LogLine } from '../domain/index.js';
import type { LogParser, ParserState } from '../tools/index.js';

const never = () => false;

/**
 * A function that says whether `state` is busy: calling one of these is cheaper than reading `busy` on
 * twenty differently shaped states (a megamorphic property load, then the getter call) on every line.
 */
export function busyProbe(state: ParserState): () => boolean {
  for (let o: object | null = state; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, 'busy');
    if (!d) continue;
    if (d.get) return d.get.bind(state) as () => boolean;
    return () => state.busy === true;
  }
  return never;
}

/** White space past ASCII, as `\s` in a regex takes it (a no-break space, pnpm's thin space). */
function isWideSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Parsers are numbered by bit in 32-bit masks. */
const MAX_PARSERS = 31;

/**
 * Hands each line to the parsers that want it (their declared `interest`, or every line while a state is
 * `busy`), using bit masks built once: a log is mostly lines no parser cares about, so a line's set of
 * parsers is a few ORs and the loop visits only those parsers, not all twenty.
 */
export class LineDispatch {
  private readonly all: number;
  /** `chars[c]`: the parsers that want lines starting with ASCII character c. */
  private readonly chars = new Int32Array(128);
  /** `lastChars[c]`: the parsers that want lines ending with ASCII character c. */
  private readonly lastChars = new Int32Array(128);
  /** The same for characters past ASCII (Biome's `━` rules). */
  private readonly lastWide = new Map<number, number>();
  /** `starts[c]`: the beginnings (and their parsers) declared for lines starting with ASCII character c. */
  private readonly starts: Array<Array<{ prefix: string; bit: number }> | undefined> = new Array(128);
  /** `indented[c]`: the parsers that want indented lines whose first character after the spaces is c. */
  private readonly indented = new Int32Array(128);
  /** The same for characters past ASCII (`●`). */
  private readonly indentedWide = new Map<number, number>();
  /** The parsers that declare `afterIndent`: they get indented lines that go on with other white space. */
  private readonly anyIndented: number;
  private readonly anyLast: boolean;
  private readonly every: number;
  private readonly located: number;
  private readonly annotations: number;
  private readonly markers: number;
  /**
   * The states that were `busy` after the last line they were given: it can only change then, and a mask
   * is much cheaper than asking 20 differently shaped objects on every line.
   */
  private busy = 0;

  constructor(parsers: readonly LogParser[]) {
    if (parsers.length > MAX_PARSERS)
      throw new Error(`LineDispatch handles at most ${MAX_PARSERS} parsers; widen its masks`);
    let all = 0;
    let located = 0;
    let annotations = 0;
    let markers = 0;
    let anyIndented = 0;
    parsers.forEach((p, i) => {
      const bit = 1 << i;
      const w = p.interest;
      if (!w) {
        all |= bit;
        return;
      }
      for (const ch of w.firstChars ?? '') {
        const c = ch.charCodeAt(0);
        if (c < 128) this.chars[c]! |= bit;
      }
      for (const ch of w.lastChars ?? '') {
        const c = ch.charCodeAt(0);
        if (c < 128) this.lastChars[c]! |= bit;
        else this.lastWide.set(c, (this.lastWide.get(c) ?? 0) | bit);
      }
      for (const prefix of w.starts ?? []) {
        const c = prefix.charCodeAt(0);
        if (c === 32) throw new Error(`${p.name}: a line beginning after spaces is an afterIndent character`);
        if (c < 128) (this.starts[c] ??= []).push({ prefix, bit });
      }
      if (w.afterIndent !== undefined) {
        anyIndented |= bit;
        for (const ch of w.afterIndent) {
          const c = ch.charCodeAt(0);
          if (c < 128) this.indented[c]! |= bit;
          else this.indentedWide.set(c, (this.indentedWide.get(c) ?? 0) | bit);
        }
      }
      if (w.located) located |= bit;
      if (w.annotations) annotations |= bit;
      if (w.markers) markers |= bit;
    });
    this.all = all;
    this.every = parsers.length === 0 ? 0 : -1 >>> (32 - parsers.length);
    this.located = located;
    this.annotations = annotations;
    this.markers = markers;
    this.anyIndented = anyIndented;
    this.anyLast = parsers.some((p) => p.interest?.lastChars);
  }

  /** New states (a new step) start idle. */
  reset(): void {
    this.busy = 0;
  }

  deliver(l: LogLine, feeds: Array<(l: LogLine) => void>, busy: Array<() => boolean>): void {
    const t = l.text;
    const c0 = t.length === 0 ? 0 : t.charCodeAt(0);
    // Non-ASCII first characters (`●`, `✖`, `❯`) are rare: every parser gets those lines.
    let mask = this.all | this.busy | (c0 >= 128 ? this.every : this.chars[c0]!);
    if (c0 === 32) {
      // Indented lines are a third of a typical log (test reporters, install output): a parser sees the
      // ones whose first character after the spaces it declared.
      let i = 1;
      while (t.charCodeAt(i) === 32) i++;
      if (i < t.length) {
        const c = t.charCodeAt(i);
        if (c < 128) mask |= c < 9 || c > 13 ? this.indented[c]! : this.anyIndented;
        else mask |= isWideSpace(c) ? this.anyIndented : (this.indentedWide.get(c) ?? 0);
      }
    } else if (c0 < 128) {
      const starts = this.starts[c0];
      if (starts !== undefined) for (const s of starts) if (t.startsWith(s.prefix)) mask |= s.bit;
    }
    if (l.located) mask |= this.located;
    if (l.annotation !== undefined) mask |= this.annotations;
    if (l.marker !== undefined) mask |= this.markers;
    if (this.anyLast && t.length > 0) {
      const cl = t.charCodeAt(t.length - 1);
      mask |= cl < 128 ? this.lastChars[cl]! : (this.lastWide.get(cl) ?? 0);
    }
    // Lowest bit first: parsers see the line in registry order, as they always have.
    while (mask !== 0) {
      const bit = mask & -mask;
      mask ^= bit;
      const i = 31 - Math.clz32(bit);
      feeds[i]!(l);
      if (busy[i]!() === true) this.busy |= bit;
      else this.busy &= ~bit;
    }
  }
}
