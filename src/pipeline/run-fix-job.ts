import { AutofixError } from '../domain/index.js';
import type { FixStep } from '../fixers/index.js';
import type { Worktree } from '../workspace/index.js';
import { commitMessage } from './commit-message.js';
import { sameFailure } from './model-fixes.js';
import { runModelStage } from './model-stage.js';
import type {
  AppliedFix,
  DroppedFix,
  FixJobDeps,
  FixJobInput,
  FixOutcome,
  FixOutcomeKind,
} from './fix-job.js';
import { runCheck, type CheckRun } from './run-check.js';

async function toolVersion(
  step: FixStep,
  deps: FixJobDeps,
  dir: string,
  readable: string[],
): Promise<string> {
  const r = await deps.sandbox
    .run({ argv: [step.argv[0]!, '--version'], cwd: dir, writable: [], readable, timeoutMs: 20_000 })
    .catch(() => undefined);
  const version = r?.exitCode === 0 ? r.output.trim().split('\n')[0] : undefined;
  return version ? `${version} — ${step.tool}` : step.tool;
}

/**
 * The fix pipeline (docs/architecture.md, the pipeline) for one repository: check → analyze → plan → apply → validate →
 * commit. Every fix is made in a separate worktree, run in the sandbox, kept only if the check no longer
 * reports what it targeted and reports nothing new, checked against the safety policy, and committed on
 * its own; the user's branch moves only when the outcome is `fixed` or `partial`.
 */
export async function runFixJob(input: FixJobInput, given: FixJobDeps): Promise<FixOutcome> {
  const started = Date.now();
  // Every sandboxed command is timed, so the job's own overhead can be told from the tools' time.
  const timing = { total_ms: 0, commands_ms: 0, commands: 0 };
  const deps: FixJobDeps = {
    ...given,
    sandbox: {
      backend: given.sandbox.backend,
      run: async (request) => {
        const r = await given.sandbox.run(request);
        timing.commands_ms += r.durationMs;
        timing.commands++;
        return r;
      },
    },
  };
  const progress = (
    stage: Parameters<FixJobDeps['progress']>[0]['stage'],
    message: string,
    files?: string[],
  ) => deps.progress({ stage, message, files, elapsedMs: Date.now() - started });

  const repo = await deps.workspace.repoState(input.cwd);
  if (repo.dirty && !input.dryRun)
    throw new AutofixError(
      'dirty-tree',
      `${repo.root} has uncommitted changes; commit or stash them first (ci-autofix never fixes on top of your work in progress)`,
    );
  const check = await deps.detectCheck(repo.root, { flag: input.check, config: input.config.check });
  if (!check)
    throw new AutofixError(
      'no-check',
      'no check command found: pass --check CMD, set `check` in .ci-autofix.yml, or add a justfile `check` recipe',
    );
  progress(
    'check',
    `check: ${check.commands.map((c) => (c[0] === 'sh' ? c[2] : c.join(' '))).join(' && ')} (${check.reason})`,
  );

  const wt: Worktree = await deps.workspace.createWorktree(repo.root, repo.head);
  let keepWorktree = false;
  try {
    const readable = await deps.workspace.linkDependencies(repo.root, wt.dir);
    const before: CheckRun = await runCheck(
      check,
      wt.dir,
      deps,
      input.config,
      input.checkTimeoutMs,
      readable,
    );
    progress(
      'analyze',
      `check ${before.passed ? 'passed' : 'failed'}: ${before.analysis.diagnostics.length} diagnostic(s)`,
    );
    const fromLogs = input.logs?.length ? (await deps.analyzeLogs(input.logs, input.config)).diagnostics : [];
    const targets = fromLogs.length ? fromLogs : before.analysis.diagnostics;
    const plan = deps.planFixes(targets, input.config.fixers, deps.tools(wt.dir));
    progress(
      'plan',
      `${plan.steps.length} fix step(s); ${plan.model.length} for a model; ${plan.notFixable.length} not auto-fixable`,
    );

    const outcome: FixOutcome = {
      outcome: 'nothing-to-fix',
      fixes: [],
      dropped: [],
      commits: [],
      validation: {
        check: {
          source: check.source,
          reason: check.reason,
          commands: check.commands.map((c) => (c[0] === 'sh' ? c[2]! : c.join(' '))),
        },
        before: { passed: before.passed, diagnostics: before.analysis.diagnostics.length },
        after: { passed: before.passed, diagnostics: before.analysis.diagnostics.length },
      },
      remaining: before.analysis.diagnostics,
      plan: {
        steps: plan.steps.map((s) => ({ fixer: s.fixer, files: s.files, command: s.argv })),
        model: plan.model.length,
        not_fixable: plan.notFixable.length,
        notes: plan.notes,
      },
      cost: { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 },
      timing,
      notes: [],
    };
    if (input.dryRun || (before.passed && !fromLogs.length)) return outcome;

    let current = before;
    // Whatever the check left in the worktree (caches, reports) is not the fixers' doing.
    await deps.workspace.reset(wt.dir);
    for (const step of plan.steps) {
      progress('fix', `${step.fixer}: ${step.argv.map((a) => a.split('/').pop()).join(' ')}`, step.files);
      const ran = await deps.sandbox.run({
        argv: step.argv,
        cwd: wt.dir,
        writable: [wt.dir],
        timeoutMs: input.fixerTimeoutMs,
      });
      const change = await deps.workspace.worktreeChanges(wt.dir);
      const drop = async (reason: string) => {
        outcome.dropped.push({ fixer: step.fixer, files: step.files, reason } satisfies DroppedFix);
        await deps.workspace.reset(wt.dir);
      };
      if (ran.timedOut) {
        await drop(`the fixer timed out after ${input.fixerTimeoutMs} ms`);
        continue;
      }
      if (change.files.length === 0) {
        await drop(
          `the fixer changed nothing (exit code ${ran.exitCode}): ${ran.output.trim().split('\n').slice(-2).join(' ')}`,
        );
        continue;
      }
      const violations = await deps.checkSafety(wt.dir, change.files, change.patch, input.config.safety);
      if (violations.length) {
        await drop(`safety policy: ${violations.map((v) => v.message).join('; ')}`);
        continue;
      }
      progress(
        'validate',
        `re-running the check after ${step.fixer}`,
        change.files.map((f) => f.path),
      );
      const after = await runCheck(check, wt.dir, deps, input.config, input.checkTimeoutMs, readable);
      const still = new Set(after.analysis.diagnostics.map(sameFailure));
      const had = new Set(current.analysis.diagnostics.map(sameFailure));
      const fixed = step.diagnostics.filter((d) => !still.has(sameFailure(d)));
      const fresh = after.analysis.diagnostics.filter((d) => !had.has(sameFailure(d)));
      if (fresh.length) {
        await drop(
          `validation: ${fresh.length} new diagnostic(s) appeared, e.g. ${fresh[0]!.source.name} ${fresh[0]!.location?.path ?? ''}: ${fresh[0]!.message.split('\n')[0]}`,
        );
        continue;
      }
      if (fixed.length < step.diagnostics.length) {
        await drop(
          `validation: ${step.diagnostics.length - fixed.length} of ${step.diagnostics.length} targeted diagnostic(s) are still reported`,
        );
        continue;
      }
      const message = commitMessage(
        step,
        fixed,
        await toolVersion(step, deps, wt.dir, readable),
        input.config.commit.message,
      );
      const sha = await deps.workspace.commitAll(wt.dir, {
        message,
        author: input.config.commit.author,
        paths: change.files.map((f) => f.path),
      });
      await deps.workspace.reset(wt.dir);
      progress('commit', message.split('\n')[0]!);
      outcome.fixes.push({
        fixer: step.fixer,
        tool: step.tool,
        files: change.files.map((f) => f.path),
        fixed,
        commit: sha,
      } satisfies AppliedFix);
      outcome.commits.push(sha);
      current = after;
    }

    // The model stage: what no deterministic fixer covered.
    const forModel = current.analysis.diagnostics.filter((d) => d.fixability === 'llm' && d.location);
    if (forModel.length && !deps.model)
      outcome.notes.push(
        `${forModel.length} finding(s) need a model: set ANTHROPIC_API_KEY, or OPENAI_API_KEY (and OPENAI_BASE_URL for Ollama, vLLM, …), or llm.provider in .ci-autofix.yml`,
      );
    if (forModel.length && deps.model)
      current = await runModelStage(
        {
          input,
          deps,
          model: deps.model,
          root: repo.root,
          spendKey: input.spendKey ?? `${repo.root}#${repo.branch ?? repo.head}`,
          wt,
          readable,
          check,
          outcome,
          progress: (message, files) => progress('fix', message, files),
          commitProgress: (message) => progress('commit', message),
        },
        current,
      );

    outcome.validation.after = { passed: current.passed, diagnostics: current.analysis.diagnostics.length };
    outcome.remaining = current.analysis.diagnostics;
    const kind: FixOutcomeKind = outcome.fixes.length
      ? current.passed
        ? 'fixed'
        : 'partial'
      : plan.steps.length
        ? 'validation-failed'
        : 'not-fixable';
    outcome.outcome = kind;

    if (outcome.fixes.length && !input.commit) {
      await deps.workspace.uncommit(wt.dir, repo.head);
      const diff = await deps.workspace.worktreeChanges(wt.dir);
      outcome.worktree = { dir: wt.dir, diff: diff.patch };
      outcome.commits = [];
      for (const f of outcome.fixes) delete f.commit;
      keepWorktree = true;
    } else if (outcome.fixes.length && !input.config.auto_approve) {
      // Review mode: the validated commits go on a branch of their own, for a person to merge.
      const branch = `ci-autofix/fix-${repo.head.slice(0, 8)}`;
      await deps.workspace.createBranch(repo.root, branch, outcome.commits.at(-1)!);
      outcome.branch = branch;
      progress(
        'publish',
        `review mode (auto_approve: false): ${outcome.commits.length} commit(s) on ${branch}`,
      );
    } else if (outcome.fixes.length && input.commit) {
      if (!repo.branch)
        outcome.notes.push(
          `HEAD is detached: the fix commits stay at ${outcome.commits.at(-1)} (not on a branch)`,
        );
      else {
        await deps.workspace.advanceBranch(repo.root, repo.branch, repo.head, outcome.commits.at(-1)!);
        progress('publish', `${repo.branch} advanced by ${outcome.commits.length} commit(s)`);
      }
    }
    return outcome;
  } finally {
    if (!keepWorktree) await wt.remove();
    timing.total_ms = Date.now() - started;
  }
}
