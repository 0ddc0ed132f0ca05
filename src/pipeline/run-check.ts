import { analyzeOutputs } from '../analyze/analyze-outputs.js';
import type { Analysis } from '../domain/index.js';
import type { RepoConfig } from '../config/index.js';
import type { Sandbox } from '../sandbox/index.js';
import { commandText, type CheckPlan } from '../validate/index.js';

export interface CheckRun {
  passed: boolean;
  analysis: Analysis;
  durationMs: number;
}

/** Runs every command of the check in the sandbox (no network), and analyses what they printed. */
export async function runCheck(
  plan: CheckPlan,
  dir: string,
  deps: { sandbox: Sandbox; workspace: { beforeCheck(dir: string): Promise<unknown> } },
  config: RepoConfig,
  timeoutMs: number,
  readable: string[] = [],
): Promise<CheckRun> {
  const outputs: Array<{ label: string; text: string }> = [];
  let passed = true;
  let durationMs = 0;
  await deps.workspace.beforeCheck(dir);
  for (const argv of plan.commands) {
    const r = await deps.sandbox.run({ argv, cwd: dir, writable: [dir], readable, timeoutMs });
    durationMs += r.durationMs;
    if (r.exitCode !== 0) passed = false;
    const label = commandText(argv);
    const status = r.timedOut ? `timed out after ${timeoutMs} ms` : `exit code ${r.exitCode ?? r.signal}`;
    outputs.push({ label, text: `${r.output}\n[ci-autofix] ${label}: ${status}\n` });
  }
  return { passed, analysis: analyzeOutputs(outputs, config, dir), durationMs };
}
