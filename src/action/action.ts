import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { LogAnalyzer } from '../analyze/log-analyzer.js';
import { readInput } from '../analyze/read-inputs.js';
import { prCommand, prSummary } from '../cli/commands/pr.js';
import { packageVersion } from '../cli/version.js';
import {
  githubAuth,
  githubWriteSpacingMs,
  parseConfig,
  setting,
  takeSecrets,
  type RepoConfig,
} from '../config/index.js';
import { AutofixError, isAutofixError } from '../domain/index.js';
import { DEFAULT_API_URL, githubClient } from '../forge/github/github-client.js';
import { GitHubForge } from '../forge/github/github-forge.js';
import type { PrOutcome } from '../pipeline/index.js';
import { sendWebhook } from '../publish/webhook.js';
import { readRunEvent, pullRequestOfRun, runFailed } from './event.js';
import { commandData, input, inputVariable, setOutputs, stopCommands } from './io.js';
import { notifyFailure } from './notify.js';

/**
 * The GitHub Action (action.yml): a `workflow_run` of the CI workflow completed; find its pull request
 * (a fork's too) and either run the `pr` job on it (`mode: fix`) or tell a fix service and say so on the
 * PR (`mode: notify`). Outputs `outcome` and `commits`. Exit 0 when the job ran to its end, whatever it
 * found (the outcome says); 1 when it could not run (GitHub, git, the sandbox), 2 for a usage or
 * configuration error.
 */

export interface ActionIo {
  stdout: Writable;
  stderr: Writable;
  /** The process environment: inputs are taken out of it, credentials moved where the job reads them. */
  env: NodeJS.ProcessEnv;
}

export interface ActionInputs {
  mode: 'fix' | 'notify';
  check?: string;
  maxAttempts?: string;
}

/** Inputs that hold secrets: read once, then removed from the environment that child processes inherit. */
const SECRET_INPUTS: Array<[input: string, variable: string]> = [
  ['github-token', 'GITHUB_TOKEN'],
  ['anthropic-api-key', 'ANTHROPIC_API_KEY'],
  ['openai-api-key', 'OPENAI_API_KEY'],
];

/**
 * The inputs, mapped to what the `pr` job reads: `github-token` → GITHUB_TOKEN, the model keys → their
 * variables (an empty input leaves a variable set by the workflow alone), `auto-approve` → AUTO_APPROVE.
 */
export function takeInputs(env: NodeJS.ProcessEnv): ActionInputs {
  for (const [name, variable] of SECRET_INPUTS) {
    const value = input(env, name);
    delete env[inputVariable(name)];
    if (value) env[variable] = value;
  }
  const approve = input(env, 'auto-approve');
  if (approve) env.AUTO_APPROVE = approve;
  const mode = input(env, 'mode') ?? 'fix';
  if (mode !== 'fix' && mode !== 'notify')
    throw new AutofixError('usage', `the input mode must be fix or notify (got "${mode}")`);
  const check = input(env, 'check');
  const maxAttempts = input(env, 'max-attempts');
  return { mode, ...(check ? { check } : {}), ...(maxAttempts ? { maxAttempts } : {}) };
}

async function analyzeLogs(paths: string[], config: RepoConfig) {
  const analyzer = new LogAnalyzer({ triage: config });
  for (const p of paths) await readInput(p, analyzer);
  return analyzer.finish();
}

/** Collects what is written to it (the `pr` job's JSON outcome). */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Result {
  outcome: string;
  commits: string[];
  code: number;
}

export async function runAction(io: ActionIo): Promise<number> {
  const commands = stopCommands();
  // Everything printed from here on may quote logs, branch names and titles: never a workflow command.
  io.stdout.write(commands.stop);
  io.stderr.write(commands.stop);
  let result: Result;
  try {
    result = await act(io);
  } catch (err) {
    const message = isAutofixError(err)
      ? err.message
      : `unexpected error (a bug; please report it): ${(err as Error)?.stack ?? String(err)}`;
    io.stdout.write(commands.resume);
    io.stdout.write(`::error title=ci-autofix::${commandData(message)}\n`);
    result = {
      outcome: 'failed',
      commits: [],
      code: isAutofixError(err) && err.audience === 'user' ? 2 : 1,
    };
  }
  setOutputs(io.env, { outcome: result.outcome, commits: result.commits.join('\n') });
  return result.code;
}

async function act(io: ActionIo): Promise<Result> {
  const env = io.env;
  const inputs = takeInputs(env);
  const run = readRunEvent(env);
  const say = (m: string) => io.stderr.write(`ci-autofix: ${m}\n`);
  const skipped = (reason: string): Result => {
    io.stdout.write(`outcome: skipped: ${reason}\n`);
    return { outcome: 'skipped', commits: [], code: 0 };
  };
  if (!runFailed(run))
    return skipped(
      `the workflow run ${run.runId} ended "${run.conclusion || 'without a conclusion'}", not failed`,
    );

  const auth = githubAuth(env);
  const apiUrl = setting(env, 'GITHUB_API_URL') ?? DEFAULT_API_URL;
  const client = await githubClient(
    { apiUrl, auth, userAgent: `ci-autofix/${packageVersion()}`, writeSpacingMs: githubWriteSpacingMs(env) },
    run.repo,
  );
  const forge = new GitHubForge(client, auth);
  const number = await pullRequestOfRun(run, forge);
  if (number === undefined)
    return skipped(
      `no open pull request of ${run.repo} has the run's head ${run.headRepo}:${run.headBranch} (a push, not a pull request?)`,
    );
  say(`workflow run ${run.runId} failed on ${run.headSha.slice(0, 7)}: pull request ${run.repo}#${number}`);

  if (inputs.mode === 'notify') {
    const webhookUrl = setting(env, 'AUTOFIX_WEBHOOK_URL');
    const webhookSecret = setting(env, 'AUTOFIX_WEBHOOK_SECRET');
    takeSecrets(env);
    const n = await notifyFailure(run.repo, number, {
      forge,
      parseConfig: (text, source) => parseConfig(text ?? '', source),
      analyzeLogs,
      log: say,
      ...(webhookUrl
        ? {
            webhook: (payload) =>
              sendWebhook(payload, {
                url: webhookUrl,
                ...(webhookSecret ? { secret: webhookSecret } : {}),
                warn: (m) => io.stderr.write(`warning: ${m}\n`),
              }),
          }
        : {}),
    });
    io.stdout.write(
      `pull request: ${run.repo}#${number}\noutcome: ${n.outcome}${n.reason ? `: ${n.reason}` : ''}\n` +
        `${n.errors} finding(s) in the logs${n.comment !== undefined ? `; status comment ${n.comment}` : ''}\n`,
    );
    return { outcome: n.outcome, commits: [], code: n.outcome === 'failed' ? 1 : 0 };
  }

  // The workflow's workspace, when it is a checkout (of the default branch: trusted code), lends the fix
  // its installed dependencies.
  const workspace = env.GITHUB_WORKSPACE;
  const json = new Collect();
  await prCommand(
    `${run.repo}#${number}`,
    {
      format: 'json',
      ...(inputs.check ? { check: inputs.check } : {}),
      ...(inputs.maxAttempts ? { maxAttempts: inputs.maxAttempts } : {}),
      ...(workspace && existsSync(join(workspace, '.git')) ? { dependenciesFrom: workspace } : {}),
    },
    { stdout: json, stderr: io.stderr, env },
  );
  const outcome = JSON.parse(json.text) as PrOutcome;
  io.stdout.write(prSummary(outcome));
  return { outcome: outcome.outcome, commits: outcome.published.commits, code: 0 };
}
