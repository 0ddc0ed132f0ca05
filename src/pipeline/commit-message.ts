import type { Diagnostic } from '../domain/index.js';
import type { FixStep } from '../fixers/index.js';

/** The trailer that marks a commit as ci-autofix's: loop prevention reads it. */
export const TRAILER = 'CI-Autofix';

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
  return `${subject}\n\nFixed by ci-autofix, validated by re-running the repository's check:\n${lines.join('\n')}\n\nTool: ${toolVersion}\n\n${TRAILER}: ${step.fixer}\n`;
}
