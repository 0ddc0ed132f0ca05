import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';
import type { GitHubServer } from './github-server/index.js';
import { webhookPayload } from './github-server/webhook-payload.js';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Parses GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIM` … `DELIM` blocks. */
export function readOutputs(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    const end = heredoc ? lines.indexOf(heredoc[2]!, i + 1) : -1;
    if (heredoc) {
      if (end <= i) throw new Error(`unterminated output ${heredoc[1]}`);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

/** This machine's environment without its GitHub or model setup: what a runner's step starts from. */
export function cleanRunnerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(GITHUB_|INPUT_|AUTOFIX_|ANTHROPIC_|OPENAI_|AUTO_APPROVE)/.test(k)) env[k] = v;
  return env;
}

/**
 * Runs the bundled Action (action/index.js) as one step of a workflow on the `workflow_run.completed`
 * event of `runId`, in a folder of `parent`: `inputs` become `INPUT_*`, and `env` (the step's whole
 * environment, e.g. cleanRunnerEnv's and the GitHub double's) comes last, so a test may override any.
 */
export async function runBundledAction(o: {
  server: GitHubServer;
  parent: string;
  repo: string;
  runId: number;
  inputs: Record<string, string>;
  env: Record<string, string>;
}): Promise<ActionRun> {
  const dir = mkdtempSync(join(o.parent, 'step-'));
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify(webhookPayload(o.server, 'workflow_run.completed', o)));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const inputEnv = Object.fromEntries(
    Object.entries(o.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  const child = spawn(process.execPath, [join(repoRoot, 'action/index.js')], {
    cwd: dir,
    env: {
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: output,
      GITHUB_WORKSPACE: dir,
      ...inputEnv,
      ...o.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { code, stdout, stderr, outputs: readOutputs(output) };
}
