import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The git CLI on the bare repositories. Request handlers use the asynchronous form: a test drives the
 * server from the same process, and a synchronous git call in a handler would stall its own client.
 * The synchronous form is for setup helpers (addRepo, addPullRequest) that tests call directly.
 */

const run = promisify(execFile);

// No user configuration, no hooks from elsewhere: the double behaves the same on every machine.
const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };

export async function git(gitDir: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['--git-dir', gitDir, ...args], {
    env: ENV,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  return stdout;
}

export async function gitBytes(gitDir: string, args: string[]): Promise<Buffer> {
  const { stdout } = await run('git', ['--git-dir', gitDir, ...args], {
    env: ENV,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'buffer',
  });
  return stdout;
}

export function gitSync(gitDir: string | undefined, args: string[]): string {
  return execFileSync('git', gitDir ? ['--git-dir', gitDir, ...args] : args, {
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The commit a ref names, or undefined when it does not exist. */
export async function revParse(gitDir: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(gitDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    return undefined;
  }
}

/** Every ref of a repository: name → sha. */
export async function listRefs(gitDir: string): Promise<Map<string, string>> {
  const out = await git(gitDir, ['for-each-ref', '--format=%(refname) %(objectname)']);
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
}

export { ENV as GIT_ENV };
