import { join } from 'node:path';
import { AutofixError, isAutofixError, type Analysis, type JobEvent } from '../domain/index.js';
import type { PullRequest } from '../forge/forge.js';
import { publishFix, type Published } from '../publish/publish-fix.js';
import { renderStatus, type Attempt, type StatusState } from '../publish/status-comment.js';
import { TRAILER } from './commit-message.js';
import type { FixJobDeps, FixOutcome } from './fix-job.js';
import type { PrJobDeps, PrJobInput, PrOutcome } from './pr-job.js';
import { downloadLogs } from './download-logs.js';
import { jobSummary, readPrFailure } from './pr-failure.js';
import { notify } from './pr-notify.js';
import { failureFingerprint, finalState, statusReport } from './pr-status.js';
import { endLaterTry, splitAttempts } from './pr-takeover.js';
import { statusWriter } from './status-writer.js';
import { timedForge } from './timed-forge.js';
import { runFixJob } from './run-fix-job.js';

/**
 * `ci-autofix pr`: one pull request's failing CI, end to end — the PR's failed jobs and their logs →
 * analyze → a clone of the head → the fix job (`--base` the PR base, logs to plan from) → publish (push,
 * or propose in review mode) → one status comment, updated in place and always left in a final state.
 * When the branch moves while the job works, it starts over on the new head, once.
 */
export async function runPrJob(input: PrJobInput, deps: PrJobDeps): Promise<PrOutcome> {
  try {
    return await prJobOnce(input, deps);
  } catch (err) {
    if (!(isAutofixError(err) && err.code === 'head-moved')) throw err;
    deps.progress({ type: 'restarted', reason: err.message, elapsedMs: 0 });
    return prJobOnce(input, deps);
  }
}

async function prJobOnce(input: PrJobInput, given: PrJobDeps): Promise<PrOutcome> {
  const started = Date.now();
  const timing = { total_ms: 0, github_ms: 0, clone_ms: 0, fix_ms: 0, publish_ms: 0 };
  const forge = timedForge(given.forge, timing);
  const deps = { ...given, forge };
  const now = () => (deps.now ? deps.now() : new Date());
  const emit = (event: JobEvent) => deps.progress({ ...event, elapsedMs: Date.now() - started });

  const read = await readPrFailure(forge, input.repo, input.number, deps.parseConfig);
  const { pr, config, jobs } = read;
  const result: PrOutcome = {
    outcome: 'skipped',
    pull_request: { repo: pr.repo, number: pr.number, url: pr.url, head_sha: pr.head.sha },
    failed_jobs: jobs.map(jobSummary),
    published: { mode: 'none', commits: [] },
    github_requests: 0,
    timing,
    notes: [],
  };
  const done = (r: PrOutcome) => {
    r.timing.total_ms = Date.now() - started;
    r.github_requests = given.forge.requests;
    return r;
  };
  const skip = (reason: string, outcome: PrOutcome['outcome'] = 'skipped') => {
    emit({ type: 'pr-ended', outcome, reason });
    return done({ ...result, outcome, reason });
  };
  const status = statusWriter(forge, pr, input.dryRun, result);
  const later = input.run && (input.run.attempt > 1 || input.run.giveUp);
  if (read.skip && !later) return skip(read.skip.reason, read.skip.outcome);
  // Earlier tries of this very job (its worker died, a retry) are not "attempted before".
  const { earlier, others } = splitAttempts(await status.load(), input.run);
  if (later) {
    const end = await endLaterTry({
      forge,
      pr,
      jobs,
      run: input.run!,
      earlier,
      others,
      status,
      skip: read.skip,
    });
    if (end) {
      if (end.published)
        result.published = { ...result.published, mode: 'push', commits: end.published.commits };
      return skip(end.reason, end.outcome);
    }
    if (read.skip) return skip(read.skip.reason, read.skip.outcome);
  }
  emit({ type: 'pr-failed-jobs', head: pr.head.sha, jobs: jobs.map((j) => j.name) });
  const fixDeps = await deps.fixDeps(config);
  const write = status.write;

  // Never act on ci-autofix's own commit: a failure there needs a person, not another attempt.
  const head = await forge.commit(pr.head.repo, pr.head.sha);
  if (head.message.includes(`\n${TRAILER}: `) || head.email === config.commit.author.email) {
    const reason =
      "the failing commit is ci-autofix's own; it does not try again on its own fixes (a person needs to look)";
    await write(
      'stopped',
      renderStatus(statusReport({ state: 'stopped', headSha: pr.head.sha, jobs, reason, attempts: others })),
    );
    return skip(reason);
  }

  const tmp = await deps.tempDir();
  let analysis: Analysis | undefined;
  let attempts: Attempt[] = others;
  let final = false;
  /** Whether this run added its own attempt to the record (a skipped run adds none). */
  let recorded = false;
  let stopListening: (() => void) | undefined;
  const report = (
    state: StatusState,
    extra: { fix?: FixOutcome; published?: Published; reason?: string } = {},
  ) => {
    if (recorded) attempts.at(-1)!.outcome = state;
    return renderStatus(
      statusReport({
        state,
        headSha: pr.head.sha,
        jobs,
        ...(analysis ? { analysis } : {}),
        attempts,
        seconds: (Date.now() - started) / 1000,
        notes: result.notes,
        ...extra,
      }),
    );
  };
  try {
    const { paths, notes } = await downloadLogs(forge, pr.repo, jobs, join(tmp.dir, 'logs'));
    result.notes.push(...notes);
    if (!paths.length)
      throw new AutofixError(
        'no-logs',
        `none of the ${jobs.length} failed job(s) has a log left to read; re-run them`,
        'external',
      );

    analysis = await fixDeps.analyzeLogs(paths, config);
    const fingerprint = failureFingerprint(analysis, jobs);
    if (!input.force && attempts.some((a) => a.sha === pr.head.sha && a.fingerprint === fingerprint)) {
      final = true;
      return skip(`this failure on ${pr.head.sha.slice(0, 7)} was attempted before`);
    }
    const max = input.maxAttempts ?? config.max_attempts;
    if (!input.force && attempts.length >= max) {
      const reason = `${attempts.length} attempt(s) made on this pull request (max_attempts: ${max})`;
      await write('stopped', report('stopped', { reason }));
      final = true;
      return skip(reason);
    }
    const at = now().toISOString();
    attempts = [
      ...attempts,
      { sha: pr.head.sha, fingerprint, outcome: 'working', at, ...(input.run ? { run: input.run.id } : {}) },
    ];
    recorded = true;
    stopListening = deps.onInterrupt?.(async (signal) => {
      if (final) return;
      final = true;
      await write(
        'failed',
        report('failed', { reason: `the job was stopped (${signal}) before it finished` }),
      );
    });
    await write('working', report('working'));
    await notify(deps, input, pr, 'ci_failure', analysis);
    const fixed = await fixAndPublish(input, deps, fixDeps, pr, config, paths, tmp.dir, timing, emit);
    Object.assign(result, fixed.result);
    const state = finalState(fixed.fix, fixed.published);
    await write(state, report(state, { fix: fixed.fix, published: fixed.published }));
    final = true;
    if (!input.dryRun)
      await notify(
        deps,
        input,
        pr,
        fixed.published.mode === 'push'
          ? 'fix_pushed'
          : fixed.published.mode !== 'none'
            ? 'fix_proposed'
            : 'fix_failed',
        analysis,
        fixed.fix.outcome,
      );
    return done(result);
  } catch (err) {
    // The comment never stays at "working" (nor silent): whatever stopped the job is said there.
    const moved = isAutofixError(err) && err.code === 'head-moved';
    const reason = isAutofixError(err)
      ? err.message
      : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    if (!final)
      await write(moved ? 'stopped' : 'failed', report(moved ? 'stopped' : 'failed', { reason })).catch(
        () => undefined,
      );
    if (!moved && analysis) await notify(deps, input, pr, 'fix_failed', analysis, 'failed');
    throw err;
  } finally {
    stopListening?.();
    await tmp.remove();
  }
}

async function fixAndPublish(
  input: PrJobInput,
  deps: PrJobDeps,
  fixDeps: FixJobDeps,
  pr: PullRequest,
  config: ReturnType<PrJobDeps['parseConfig']>,
  logs: string[],
  tmp: string,
  timing: PrOutcome['timing'],
  emit: (event: JobEvent) => void,
): Promise<{ result: Partial<PrOutcome>; fix: FixOutcome; published: Published }> {
  const clone = join(tmp, 'clone');
  let t = Date.now();
  await deps.git.clone(
    clone,
    { url: pr.head.cloneUrl, ref: pr.head.ref, sha: pr.head.sha },
    { url: pr.base.cloneUrl, ref: pr.base.ref },
    await deps.forge.gitEnv(pr.head.cloneUrl),
  );
  if (input.dependenciesFrom) await deps.git.linkDependencies(input.dependenciesFrom, clone);
  timing.clone_ms += Date.now() - t;
  t = Date.now();
  const fix = await runFixJob(
    {
      cwd: clone,
      // Locally the commits always land on the clone's branch; publishing decides where they go.
      config: { ...config, auto_approve: true },
      check: input.check,
      logs,
      base: deps.git.baseRef,
      dryRun: input.dryRun,
      commit: true,
      checkTimeoutMs: input.checkTimeoutMs,
      fixerTimeoutMs: input.fixerTimeoutMs,
      spendKey: `${pr.repo}#${pr.number}`,
      // Pushed without review: a tool's unsafe fix is not offered unless the repository opted in.
      unsafeCandidates: !input.autoApprove || config.fixers.unsafe_fixes,
    },
    fixDeps,
  );
  timing.fix_ms += Date.now() - t;
  const none: Published = { mode: 'none', commits: [], summary: 'nothing to publish', notes: [] };
  if (input.dryRun || !fix.commits.length)
    return {
      result: { outcome: fix.outcome, fix, published: { mode: 'none', commits: [] } },
      fix,
      published: none,
    };
  t = Date.now();
  const env = await deps.forge.gitEnv(pr.head.cloneUrl);
  const published = await publishFix({
    forge: deps.forge,
    pr,
    commits: fix.commits,
    autoApprove: input.autoApprove,
    forksPush: config.forks === 'push',
    git: {
      push: async (url, commit, ref) =>
        deps.git.push(clone, url, commit, ref, url === pr.head.cloneUrl ? env : await deps.forge.gitEnv(url)),
      diff: (from, to) => deps.git.diff(clone, from, to),
      fileAt: (rev, path) => deps.git.fileAt(clone, rev, path),
    },
  });
  timing.publish_ms += Date.now() - t;
  emit({ type: 'published', summary: published.summary });
  return {
    result: {
      outcome: fix.outcome,
      fix,
      published: {
        mode: published.mode,
        commits: published.commits,
        ...(published.branch ? { branch: published.branch } : {}),
        ...(published.pull_request ? { pull_request: published.pull_request } : {}),
        ...(published.review ? { review: published.review } : {}),
      },
    },
    fix,
    published,
  };
}
