import { spawn, spawnSync } from 'node:child_process';

export interface CommandResult {
  code: number;
  /** stdout and stderr together, as a person would see them. */
  output: string;
  stdout: string;
  seconds: number;
  timedOut: boolean;
}

/**
 * Runs argv (never a shell string built from case data, except the case's own check, passed to bash as
 * one argument) under coreutils `timeout`, which signals the whole process group, so a hung tool's
 * children die with it.
 */
export function execCommand(
  argv: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutSeconds: number },
): CommandResult {
  const started = process.hrtime.bigint();
  const r = spawnSync('timeout', ['-k', '10', String(opts.timeoutSeconds), ...argv], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const code = r.status ?? 128;
  return {
    code,
    output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`,
    stdout: r.stdout ?? '',
    seconds,
    timedOut: code === 124 || code === 137,
  };
}

/** The case's check, as its CI runs it: a shell command from the repository root. */
export const runCheck = (check: string, cwd: string, env: NodeJS.ProcessEnv, timeoutSeconds: number) =>
  execCommand(['bash', '-c', check], { cwd, env, timeoutSeconds });

/**
 * execCommand without blocking the event loop, for a command that talks to a server in this process
 * (the model double): same timeout, same result.
 */
export function execCommandAsync(
  argv: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutSeconds: number },
): Promise<CommandResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn('timeout', ['-k', '10', String(opts.timeoutSeconds), ...argv], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let failure = '';
    child.on('error', (e) => (failure = `\n${e.message}`));
    child.on('close', (status) => {
      const code = status ?? 128;
      resolve({
        code,
        output: `${stdout}${stderr}${failure}`,
        stdout,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        timedOut: code === 124 || code === 137,
      });
    });
  });
}
