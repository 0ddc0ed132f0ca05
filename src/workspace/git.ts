import { execFile } from 'node:child_process';
import { AutofixError } from '../domain/index.js';

/**
 * Runs the real git CLI with argv (never a shell), in `cwd`. Repository hooks are switched off for every
 * call: a PR's `.git/hooks` or `core.hooksPath` is code under repair, not ours to run.
 */
export function git(
  cwd: string,
  args: string[],
  options: { input?: string; allowFail?: boolean; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-c', 'core.hooksPath=/dev/null', '-c', 'core.quotePath=false', ...args],
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        if (code !== 0 && !options.allowFail)
          reject(
            new AutofixError(
              'git-failed',
              `git ${args[0]} failed in ${cwd}: ${stderr.trim() || error?.message}`,
              'external',
            ),
          );
        else resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
