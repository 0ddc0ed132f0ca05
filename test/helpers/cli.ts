import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');

/** Runs the built CLI (`bin/ci-autofix.js`, as a user does after `npm ci`). */
export function cli(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {},
) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/ci-autofix.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // No model credentials unless a test gives them: results must not depend on the machine.
    env: { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI without blocking this process: needed when the test also serves it (a local model server).
 * No model credentials unless given.
 */
export function cliAsync(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(repoRoot, 'bin/ci-autofix.js'), ...args], {
      env: { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
