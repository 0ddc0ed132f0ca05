import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxEnv } from './env-allow-list.js';
import { runProcess } from './run-process.js';
import type { ExecResult, RunRequest, Sandbox } from './sandbox.js';

/**
 * The fallback where bubblewrap is not available: environment allow-list, a throwaway HOME, timeout and
 * output caps, but no filesystem or network isolation, and a same-user process could read the parent's
 * /proc/<pid>/environ. Use it on trusted code only; `auto` picks bubblewrap whenever it works.
 */
export class LocalSandbox implements Sandbox {
  readonly backend = 'local' as const;

  constructor(private readonly parentEnv: NodeJS.ProcessEnv = process.env) {}

  async run(request: RunRequest): Promise<ExecResult> {
    const home = await mkdtemp(join(tmpdir(), 'ci-autofix-home-'));
    try {
      return await runProcess(request.argv, {
        cwd: request.cwd,
        env: sandboxEnv(this.parentEnv, request.env, home, request.brokered, request.pathPrefix),
        timeoutMs: request.timeoutMs,
        maxOutputBytes: request.maxOutputBytes,
        stdin: request.stdin,
        backend: this.backend,
      });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }
}
