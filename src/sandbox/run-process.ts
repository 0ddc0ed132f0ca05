import { spawn } from 'node:child_process';
import type { ExecResult, SandboxBackend } from './sandbox.js';
import { OutputCap } from './output-cap.js';

export const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

/**
 * Runs a program in its own process group with exactly `env`, captures stdout and stderr interleaved
 * (capped), and kills the whole group at the timeout. Never a shell: argv goes to execve as is.
 */
export function runProcess(
  argv: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    timeoutMs: number;
    maxOutputBytes?: number;
    stdin?: string;
    backend: SandboxBackend;
  },
): Promise<ExecResult> {
  const started = Date.now();
  const cap = new OutputCap(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    if (options.stdin !== undefined && child.stdin) {
      // A program that exits without reading its input must not crash us with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }
    child.stdout!.on('data', (b: Buffer) => cap.push(b));
    child.stderr!.on('data', (b: Buffer) => cap.push(b));
    const finish = (exitCode: number | null, signal: string | null, error?: Error) => {
      clearTimeout(timer);
      // Whatever the command left running in its group goes too.
      kill();
      let output = cap.text();
      if (error) output += `${output ? '\n' : ''}${error.message}`;
      resolve({
        exitCode,
        signal,
        output,
        timedOut,
        droppedBytes: cap.dropped,
        durationMs: Date.now() - started,
        backend: options.backend,
      });
    };
    child.once('error', (err) => finish(null, null, err));
    child.once('close', (code, signal) => finish(code, signal));
  });
}
