import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { analyzeLogs } from '../analyze/analyze-outputs.js';
import { prSummary } from '../cli/commands/pr.js';
import { progressPrinter } from '../cli/progress-printer.js';
import { forgeFor, runPr, webhookOf } from '../compose/index.js';
import { autoApprove, parseConfig, takeSecrets } from '../config/index.js';
import { AutofixError, isAutofixError } from '../domain/index.js';
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
  /** The process environment: the inputs are read from it, and its credentials removed once read. */
  env: NodeJS.ProcessEnv;
}

export interface ActionInputs {
  mode: 'fix' | 'notify';
  check?: string;
  maxAttempts?: number;
}

/** Inputs that hold secrets, and the setting each stands for. */
const SECRET_INPUTS: Array<[input: string, variable: string]> = [
  ['github-token', 'GITHUB_TOKEN'],
  ['anthropic-api-key', 'ANTHROPIC_API_KEY'],
  ['openai-api-key', 'OPENAI_API_KEY'],
];

/**
 * The inputs, and the settings the job reads: the workflow's environment with `github-token` →
 * GITHUB_TOKEN, the model keys → their variables (an empty input leaves a variable set by the workflow
 * alone) and `auto-approve` → AUTO_APPROVE. A new object: the environment itself is not written.
 */
export function readInputs(env: NodeJS.ProcessEnv): { inputs: ActionInputs; settings: NodeJS.ProcessEnv } {
  const settings: NodeJS.ProcessEnv = { ...env };
  for (const [name, variable] of SECRET_INPUTS) {
    const value = input(env, name);
    delete settings[inputVariable(name)];
    if (value) settings[variable] = value;
  }
  const approve = input(env, 'auto-approve');
  if (approve) settings.AUTO_APPROVE = approve;
  const mode = input(env, 'mode') ?? 'fix';
  if (mode !== 'fix' && mode !== 'notify')
    throw new AutofixError('usage', `the input mode must be fix or notify (got "${mode}")`);
  const check = input(env, 'check');
  const raw = input(env, 'max-attempts');
  const maxAttempts = raw === undefined ? undefined : Number(raw);
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1))
    throw new AutofixError('usage', `the input max-attempts must be a positive whole number (got "${raw}")`);
  return {
    inputs: { mode, ...(check ? { check } : {}), ...(maxAttempts ? { maxAttempts } : {}) },
    settings,
  };
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
  const { inputs, settings } = readInputs(io.env);
  // Read once: from here on, no child process of this one inherits a credential or a secret input.
  takeSecrets(
    io.env,
    SECRET_INPUTS.map(([name]) => inputVariable(name)),
  );
  const run = readRunEvent(settings);
  const say = (m: string) => io.stderr.write(`ci-autofix: ${m}\n`);
  const skipped = (reason: string): Result => {
    io.stdout.write(`outcome: skipped: ${reason}\n`);
    return { outcome: 'skipped', commits: [], code: 0 };
  };
  if (!runFailed(run))
    return skipped(
      `the workflow run ${run.runId} ended "${run.conclusion || 'without a conclusion'}", not failed`,
    );

  // One GitHub client for the whole run: finding the pull request, then its job.
  const forge = await forgeFor(run.repo, settings);
  const number = await pullRequestOfRun(run, forge);
  if (number === undefined)
    return skipped(
      `no open pull request of ${run.repo} has the run's head ${run.headRepo}:${run.headBranch} (a push, not a pull request?)`,
    );
  say(`workflow run ${run.runId} failed on ${run.headSha.slice(0, 7)}: pull request ${run.repo}#${number}`);
  const webhook = webhookOf(settings);

  if (inputs.mode === 'notify') {
    const n = await notifyFailure(run.repo, number, {
      forge,
      parseConfig: (text, source) => parseConfig(text ?? '', source),
      analyzeLogs,
      log: say,
      ...(webhook
        ? {
            webhook: (payload) =>
              sendWebhook(payload, { ...webhook, warn: (m) => io.stderr.write(`warning: ${m}\n`) }),
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
  const workspace = settings.GITHUB_WORKSPACE;
  const outcome = await runPr(
    { repo: run.repo, number },
    {
      ...(inputs.check ? { check: inputs.check } : {}),
      ...(inputs.maxAttempts ? { maxAttempts: inputs.maxAttempts } : {}),
      ...(workspace && existsSync(join(workspace, '.git')) ? { dependenciesFrom: workspace } : {}),
    },
    {
      forge,
      env: settings,
      autoApprove: autoApprove(settings),
      // The job's events in the step's log, a line each (workflow commands are stopped: no line is one).
      events: progressPrinter(io.stderr),
      ...(webhook ? { webhook } : {}),
    },
  );
  io.stdout.write(prSummary(outcome));
  return { outcome: outcome.outcome, commits: outcome.published.commits, code: 0 };
}
