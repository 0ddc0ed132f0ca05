import type { LogLine } from '../../domain/index.js';

export type FormatTool = 'gofmt' | 'goimports';

/** Which of the two formatters printed the lines that follow, and whether gofmt ran with `-s`. */
export interface FormatCommand {
  tool: FormatTool;
  simplify: boolean;
}

// The tool's name as a word (a path before it is fine: `/usr/bin/gofmt`), then its flags.
const MENTION = /(?<![\w.-])(gofmt|goimports)(?![\w.-])((?:\s+-[\w=.,/-]+)*)/g;

/** The last formatter a command line runs, with its flags; undefined when it runs neither. */
export function formatCommandIn(text: string): FormatCommand | undefined {
  let found: FormatCommand | undefined;
  for (const m of text.slice(0, 400).matchAll(MENTION)) {
    const tool = m[1] as FormatTool;
    // Go's flag package takes `-s`, `--s` and `-s=true`, never `-sl`.
    found = { tool, simplify: tool === 'gofmt' && /\s--?s(?:=true)?(?=\s|$)/.test(m[2] ?? '') };
  }
  return found;
}

/**
 * What a step says it ran, line by line: `gofmt -l` and `goimports -l` print the same bare paths, so the
 * last command seen decides whose they are. Commands come from the step's name (`Run gofmt -l .`, or the
 * command ci-autofix ran), the runner's `##[group]Run …` header and its script lines, `[command]` echoes,
 * shell traces (`+ gofmt -s -l .`, `$ goimports -l .`) and a make or just recipe's echo of its line.
 */
export class FormatContext {
  private inHeader = false;
  private current: FormatCommand | undefined;
  private started = false;

  /** The command in force for this line (call for every line the parser sees, in order). */
  observe(l: LogLine): void {
    if (!this.started) {
      this.started = true;
      this.current = formatCommandIn(l.step);
    }
    const t = l.text;
    if (l.marker === 'group') {
      this.inHeader = t.startsWith('Run ');
      if (this.inHeader) this.current = formatCommandIn(t);
      return;
    }
    if (l.marker === 'endgroup') {
      this.inHeader = false;
      return;
    }
    // A script's lines in the header: the last formatter it names runs last.
    if (this.inHeader) {
      this.current = formatCommandIn(t) ?? this.current;
      return;
    }
    if (isTrace(l)) this.current = formatCommandIn(t);
  }

  /** While in a step's header, every line may name the command. */
  get busy(): boolean {
    return this.inHeader;
  }

  get command(): FormatCommand | undefined {
    return this.current;
  }
}

/** A line that echoes a command rather than a tool's output. */
function isTrace(l: LogLine): boolean {
  if (l.marker === 'command') return true;
  const t = l.text;
  const c0 = t.charCodeAt(0);
  if (c0 === 43 /* + */) return /^\++ /.test(t);
  if (c0 === 36 /* $ */) return t.startsWith('$ ');
  return t.startsWith('gofmt ') || t.startsWith('goimports ');
}

/** The first characters of the lines `isTrace` reads, for the parser's interest. */
export const TRACE_STARTS = ['+ ', '++ ', '$ ', 'gofmt ', 'goimports '] as const;
