import type { Diagnostic } from '../domain/index.js';
import type { FixStep } from '../fixers/index.js';
import type { TriedFinding } from './memory-types.js';

/** The trailer that marks a commit as ci-autofix's: loop prevention reads it. */
export const TRAILER = 'CI-Autofix';
/** Whether a commit message carries ci-autofix's trailer. */
export const isAutofixCommit = (message: string): boolean => message.includes(`\n${TRAILER}: `);
/**
 * What the fix memory reads back from a commit (a person's `git revert` of it rejects it): the strategy,
 * and each fixed finding's signature and code key (`-` when unknown).
 */
export const STRATEGY_TRAILER = 'CI-Autofix-Strategy';
export const FINDING_TRAILER = 'CI-Autofix-Finding';

function where(d: Diagnostic): string {
  const s = d.location?.range?.start;
  return d.location ? `${d.location.path}${s ? `:${s.line}` : ''}` : '(no file)';
}

/**
 * `style: format 3 files with ruff format` / `fix(lint): fix 2 finding(s) with ruff check --fix (F401)`,
 * a body listing each diagnostic fixed and the tool, and the trailer.
 */
export function commitMessage(
  step: FixStep,
  fixed: Diagnostic[],
  toolVersion: string,
  template: string,
  memory: { strategy: string; findings: readonly TriedFinding[] },
): string {
  const codes = [...new Set(fixed.map((d) => d.code?.value).filter(Boolean))].sort().join(', ');
  const n = step.commit.verb.includes('file(s)') ? step.files.length : fixed.length;
  const summary = step.commit.verb.replace('{n}', String(n)).replace('{codes}', codes);
  const type = step.commit.scope ? `${step.commit.type}(${step.commit.scope})` : step.commit.type;
  const subject = template
    .replace('{type}', type)
    .replace('({scope})', '')
    .replace('{scope}', step.commit.scope ?? '')
    .replace('{summary}', summary);
  const lines = fixed
    .slice(0, 50)
    .map(
      (d) => `- ${where(d)} ${d.source.name}${d.code ? ` ${d.code.value}` : ''}: ${d.message.split('\n')[0]}`,
    );
  if (fixed.length > 50) lines.push(`- … and ${fixed.length - 50} more`);
  const found = [...new Set(memory.findings.map((f) => `${f.signature.id} ${f.code ?? '-'}`))].slice(0, 50);
  const trailers = [
    `${TRAILER}: ${step.fixer}`,
    `${STRATEGY_TRAILER}: ${memory.strategy}`,
    ...found.map((f) => `${FINDING_TRAILER}: ${f}`),
  ];
  return `${subject}\n\nFixed by ci-autofix, validated by re-running the repository's check:\n${lines.join('\n')}\n\nTool: ${toolVersion}\n\n${trailers.join('\n')}\n`;
}
