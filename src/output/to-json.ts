import type { Analysis } from '../domain/index.js';

/** `analyze --format json`: exactly the contract in docs/architecture.md (excerpts without their text or score). */
export function toJson(a: Analysis): string {
  const excerpts = a.excerpts.map((e) => {
    const out: {
      step: string;
      lines: [number, number];
      reason: string;
      file?: string;
      new_lines?: number[];
    } = {
      step: e.step,
      lines: e.lines,
      reason: e.reason,
    };
    if (e.file !== undefined) out.file = e.file;
    if (e.new_lines) out.new_lines = e.new_lines;
    return out;
  });
  return `${JSON.stringify({ diagnostics: a.diagnostics, excerpts, tests: a.tests, jobs: a.jobs, summary: a.summary }, null, 2)}\n`;
}
