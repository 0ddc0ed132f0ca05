import { relative } from 'node:path';
import type { FixOutcome } from '../../pipeline/index.js';

/** A summary for a person: the outcome, each fix with its commit, what was dropped and why, what is left. */
export function fixSummary(o: FixOutcome, root: string): string {
  const out = [`outcome: ${o.outcome}`];
  out.push(`check: ${o.validation.check.commands.join(' && ')} (${o.validation.check.reason})`);
  if (o.scope)
    out.push(
      `scope: ${o.scope.files} file(s) changed since ${o.scope.base}; ${o.scope.out_of_scope} finding(s) outside them are listed, not fixed`,
    );
  out.push(
    `before: ${o.validation.before.passed ? 'green' : 'red'}, ${o.validation.before.diagnostics} diagnostic(s); after: ${o.validation.after.passed ? 'green' : 'red'}, ${o.validation.after.diagnostics}`,
  );
  for (const f of o.fixes)
    out.push(
      `  fixed ${f.fixed.length} with ${f.fixer}${f.commit ? ` in ${f.commit.slice(0, 12)}` : ''}: ${f.files.join(', ')}`,
    );
  for (const d of o.dropped) out.push(`  dropped ${d.fixer} (${d.files.join(', ')}): ${d.reason}`);
  const byVerdict = (v: string) => o.remaining.filter((d) => d.fixability === v);
  const model = byVerdict('llm');
  const none = byVerdict('none');
  if (model.length)
    out.push(
      `needs a model (${model.length}):`,
      ...model
        .slice(0, 10)
        .map(
          (d) =>
            `  ${d.location?.path ?? '-'}:${d.location?.range?.start.line ?? ''} ${d.source.name} ${d.code?.value ?? ''} ${d.message.split('\n')[0]}`,
        ),
    );
  if (none.length)
    out.push(
      `not auto-fixable (${none.length}):`,
      ...none
        .slice(0, 10)
        .map((d) => `  ${d.location?.path ?? '-'} ${d.message.split('\n')[0]} — ${d.reason ?? ''}`),
    );
  for (const n of [...o.plan.notes, ...o.notes]) out.push(`note: ${n}`);
  for (const e of o.excerpts ?? [])
    out.push(
      `--- ${e.step}, lines ${e.lines[0]}-${e.lines[1]}: ${e.reason}`,
      ...e.text.slice(0, 20).map((t) => `  ${t}`),
    );
  if (o.branch) out.push(`review mode: the fix commits are on branch ${o.branch}; merge it when you agree`);
  if (o.worktree)
    out.push(
      `uncommitted change left in ${relative(root, o.worktree.dir) || o.worktree.dir}:`,
      o.worktree.diff,
    );
  return `${out.join('\n')}\n`;
}
