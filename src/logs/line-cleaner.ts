import { CLEAN_LINES_WASM } from './clean-lines-wasm.js';

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/** Node's Buffer has these undocumented slice methods: they skip toString's argument handling. */
type FastBuffer = Buffer & {
  latin1Slice(s: number, e: number): string;
  utf8Slice(s: number, e: number): string;
};

// The module's memory layout (clean-lines.wat).
/** Bytes of a window: the log is copied into the module this much at a time. */
export const WINDOW = 1 << 20;
const OUT = 1 << 20;
const TABLE = (2 << 20) + 64;
const TABLE_LINES = (768 * 1024) / 12;

/** Flags of a line in the table (KIND bits): 0, ASCII text; FALLBACK, JavaScript cleans the raw bytes; 2, UTF-8 text. */
const FALLBACK = 1;
const KIND = 7;

/**
 * What the module also found in a line's cleaned text, in the flags' higher bits, when KNOWN is set:
 * LOCATED is `isLocated(text)`, MAYBE_FAILURE is `MAYBE_INTERESTING.test(text)` (failure-keywords.ts), so
 * JavaScript need not scan the text again. Not set for a runner command (`##[…`, `::…`), whose text
 * the step tracker changes.
 */
export const HINT = { KNOWN: 8, LOCATED: 16, MAYBE_FAILURE: 32 } as const;

/**
 * Splits a window of log bytes into lines and cleans them (clean-lines.wat: the runner's timestamp and
 * ANSI escapes removed, as cleanBytes does) in WebAssembly, in one pass over the bytes: in JavaScript,
 * that pass cost about a sixth of the whole analysis. One per thread; its memory is reused by every
 * window, so nothing read from it may be kept past the call that filled it (the text of a line is a
 * fresh string).
 */
export class LineCleaner {
  private readonly run: (from: number, to: number, maxLine: number, maxLines: number) => number;
  /** The module's memory as bytes: the window is at 0. */
  readonly bytes: FastBuffer;
  /**
   * Per line of the window loaded last, 3 numbers: the index of its `\n` in `bytes` (its raw bytes start
   * after the previous line's), the end of its cleaned bytes (they start where the previous line's end,
   * the first line's at OUT), and its flags.
   */
  readonly table: Int32Array;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(CLEAN_LINES_WASM, 'base64'));
    const exports = new WebAssembly.Instance(module, {}).exports as {
      memory: { buffer: ArrayBuffer };
      lines: LineCleaner['run'];
    };
    // The memory never grows (the module has no memory.grow), so these views stay valid.
    this.bytes = Buffer.from(exports.memory.buffer) as FastBuffer;
    this.table = new Int32Array(exports.memory.buffer, TABLE, TABLE_LINES * 3);
    this.run = exports.lines;
  }

  /**
   * Copies `chunk[start, end)` (at most WINDOW bytes) in and finds its lines, up to the last `\n` or as
   * many as the table holds. Returns how many.
   */
  load(chunk: Buffer, start: number, end: number, maxLine: number): number {
    chunk.copy(this.bytes, 0, start, end);
    return this.run(0, end - start, maxLine, TABLE_LINES);
  }

  /**
   * The text of a line from its cleaned bytes [from, to) and its flags, or undefined when JavaScript must
   * clean it from its raw bytes (the cases only the string path decides).
   */
  text(from: number, to: number, flags: number): string | undefined {
    const kind = flags & KIND;
    if (kind === 0) return this.bytes.latin1Slice(from, to);
    if (kind === FALLBACK) return undefined;
    return this.bytes.utf8Slice(from, to);
  }
}

/** Where the cleaned bytes of a window's first line start. */
export const CLEANED_START = OUT;

/** RAW_WIDE: the line's raw bytes may hold a byte past ASCII (an escape's payload can, while its text does not). */
const RAW_WIDE = 64;

/** True when a line's raw bytes are all ASCII. */
export const isAsciiLine = (flags: number): boolean => (flags & (KIND | RAW_WIDE)) === 0;

let shared: LineCleaner | undefined;

/** This thread's LineCleaner (each worker thread has its own). */
export function lineCleaner(): LineCleaner {
  return (shared ??= new LineCleaner());
}
