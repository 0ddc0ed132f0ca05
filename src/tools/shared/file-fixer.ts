import { toolCommand, type Fixer } from '../fixer.js';

/**
 * A tool's fix mode that rewrites the files it is given (`black`, `isort`, `prettier --write`): for the
 * tool's own deterministic findings, `program ...args files`.
 */
export function fileFixer(o: {
  tool: string;
  phase: Fixer['phase'];
  verb: string;
  args: readonly string[];
}): Fixer {
  return {
    name: o.tool,
    phase: o.phase,
    commit: { type: 'style', verb: o.verb },
    appliesTo: (d) => d.fixability === 'deterministic' && d.source.name === o.tool,
    command: (files, _ds, ctx) => toolCommand(ctx, o.tool, [...o.args, ...files]),
  };
}
