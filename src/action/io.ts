import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { AutofixError } from '../domain/index.js';

/**
 * The runner's side of a JavaScript action, without @actions/core: inputs arrive as `INPUT_<NAME>`
 * environment variables, outputs leave as lines appended to the file `GITHUB_OUTPUT` names, and workflow
 * commands (`::name::…` on stdout or stderr) are switched off while untrusted text is printed.
 */

/** The variable the runner sets for input `name`: upper case, spaces as `_`, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** An input's value, trimmed; undefined when empty or not given. */
export function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[inputVariable(name)]?.trim();
  return v ? v : undefined;
}

/**
 * One output as the runner reads it: `name<<DELIMITER`, the value, the delimiter — the heredoc form, so a
 * value may hold newlines or `=`; the delimiter is random, so no value can end the block early.
 */
export function outputBlock(name: string, value: string): string {
  if (!/^[\w-]+$/.test(name)) throw new Error(`not an output name: ${name}`);
  let delimiter = `ci-autofix_${randomUUID()}`;
  while (value.includes(delimiter)) delimiter = `ci-autofix_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Appends the outputs to `GITHUB_OUTPUT`; returns false when there is no such file (not on a runner). */
export function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): boolean {
  const file = env.GITHUB_OUTPUT;
  if (!file) return false;
  const text = Object.entries(outputs)
    .map(([name, value]) => outputBlock(name, value))
    .join('');
  try {
    appendFileSync(file, text, 'utf8');
  } catch (err) {
    throw new AutofixError(
      'action-output',
      `cannot write the outputs to GITHUB_OUTPUT (${(err as Error).message})`,
      'external',
    );
  }
  return true;
}

/**
 * `::stop-commands::TOKEN`: until `::TOKEN::`, the runner reads nothing this process prints as a workflow
 * command, so a log line or a PR title saying `::add-mask::` or `::error::` stays text.
 */
export function stopCommands(): { stop: string; resume: string } {
  const token = `ci-autofix-${randomUUID()}`;
  return { stop: `::stop-commands::${token}\n`, resume: `::${token}::\n` };
}

/** A workflow command's data, escaped as the runner unescapes it (`%`, CR, LF). */
export function commandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
