import type { Diagnostic } from '../domain/index.js';
import { expandTemplate, type Fixer } from '../tools/index.js';

export interface CustomFixerConfig {
  name: string;
  applies_to: { tool?: string; code?: string; message?: string };
  command: string[];
}

/** A fixer the repository declares in `.ci-autofix.yml`; run in the sandbox and validated like the others. */
export function customFixer(c: CustomFixerConfig): Fixer {
  const message = c.applies_to.message ? new RegExp(c.applies_to.message) : undefined;
  return {
    name: c.name,
    // Custom fixers are ordered by `.ci-autofix.yml` (first by default), not by phase.
    phase: 'lint',
    commit: { type: 'fix', scope: c.name, verb: `fix {n} finding(s) with ${c.name}` },
    appliesTo: (d: Diagnostic) =>
      (!c.applies_to.tool || d.source.name === c.applies_to.tool) &&
      (!c.applies_to.code || d.code?.value === c.applies_to.code) &&
      (!message || message.test(d.message.slice(0, 2000))),
    command: (files, _ds, ctx) => {
      const argv = expandTemplate(c.command, files);
      const found = ctx.tools.resolve(argv[0]!);
      return {
        argv: [found?.path ?? argv[0]!, ...argv.slice(1), ...ctx.args],
        tool: `${c.name} (custom: ${c.command.join(' ')})`,
      };
    },
  };
}
