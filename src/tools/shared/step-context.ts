import type { LogLine } from '../../domain/index.js';

/**
 * What a step says about the tools it ran: the `##[group]Run …` header and the script lines under it, the
 * runner's `[command]` echoes, and shell traces (`+ ruff check .`, `$ eslint .`). Parsers whose line formats
 * are shared by several tools (flake8 and ruff print the same `file:line:col: CODE msg`) use it to decide.
 */
export class StepContext {
  /** True inside a `##[group]` (a step's header: its script and env). */
  inHeader = false;
  private readonly mentioned = new Set<string>();

  constructor(private readonly tools: readonly string[]) {}

  observe(line: LogLine): void {
    if (line.marker === 'group') this.inHeader = true;
    else if (line.marker === 'endgroup') this.inHeader = false;
    const t = line.text;
    const commandLike =
      this.inHeader ||
      line.marker === 'command' ||
      t.startsWith('+ ') ||
      t.startsWith('$ ') ||
      t.startsWith('> ');
    if (!commandLike) return;
    const lower = t.slice(0, 400).toLowerCase();
    for (const tool of this.tools) if (lower.includes(tool)) this.mentioned.add(tool);
  }

  mentions(tool: string): boolean {
    return this.mentioned.has(tool);
  }
}
