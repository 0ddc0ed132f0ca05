import { join } from 'node:path';
import type { JobEvent } from '../domain/index.js';
import type { PullRequest } from '../forge/forge.js';
import { publishFix, type Published } from '../publish/publish-fix.js';
import type { FixJobDeps, FixOutcome } from './fix-job.js';
import { memoryRecords, memoryRules } from './fix-memory.js';
import { avoidReverted, rejectedIn, takenBackFixes, type Avoid } from './memory-plan.js';
import type { Replay } from './memory-types.js';
import type { PrJobDeps, PrJobInput, PrOutcome } from './pr-job.js';
import { runFixJob } from './run-fix-job.js';

/** What the fix and its publishing add to the pr job's outcome. */
export interface FixPublished {
  fix: FixOutcome;
  published: Published;
  /** The outcome's `published` field. */
  where: PrOutcome['published'];
}

const NONE: Published = { mode: 'none', commits: [], summary: 'nothing to publish', notes: [] };

/** The PR head cloned (its base fetched for `--base`), with the lent dependencies linked. */
async function cloneHead(deps: PrJobDeps, input: PrJobInput, pr: PullRequest, clone: string): Promise<void> {
  await deps.git.clone(
    clone,
    { url: pr.head.cloneUrl, ref: pr.head.ref, sha: pr.head.sha },
    { url: pr.base.cloneUrl, ref: pr.base.ref },
    await deps.forge.gitEnv(pr.head.cloneUrl),
  );
  if (input.dependenciesFrom) await deps.git.linkDependencies(input.dependenciesFrom, clone);
}

/** The clone, the fix job on it (planned from the logs, scoped to the PR's change), then publishing. */
export async function fixAndPublish(o: {
  input: PrJobInput;
  deps: PrJobDeps;
  fixDeps: FixJobDeps;
  pr: PullRequest;
  config: ReturnType<PrJobDeps['parseConfig']>;
  logs: string[];
  tmp: string;
  /** Tests known flaky: never edited. */
  flakyTests: string[];
  timing: PrOutcome['timing'];
  emit: (event: JobEvent) => void;
}): Promise<FixPublished> {
  const { input, deps, pr, config, timing } = o;
  const clone = join(o.tmp, 'clone');
  let t = Date.now();
  await cloneHead(deps, input, pr, clone);
  timing.clone_ms += Date.now() - t;
  const { avoid, replays } = await fromMemory(o, clone);
  t = Date.now();
  const fix = await runFixJob(
    {
      cwd: clone,
      // Locally the commits always land on the clone's branch; publishing decides where they go.
      config: { ...config, auto_approve: true },
      check: input.check,
      logs: o.logs,
      base: deps.git.baseRef,
      flakyTests: o.flakyTests,
      avoid,
      replays,
      dryRun: input.dryRun,
      commit: true,
      checkTimeoutMs: input.checkTimeoutMs,
      fixerTimeoutMs: input.fixerTimeoutMs,
      spendKey: `${pr.repo}#${pr.number}`,
      // Pushed without review: a tool's unsafe fix is not offered unless the repository opted in.
      unsafeCandidates: !input.autoApprove || config.fixers.unsafe_fixes,
    },
    o.fixDeps,
  );
  timing.fix_ms += Date.now() - t;
  if (input.dryRun || !fix.commits.length) {
    await remember(o, fix, []);
    return { fix, published: NONE, where: { mode: 'none', commits: [] } };
  }
  t = Date.now();
  const published = await publish(deps, input, pr, config, clone, fix.commits);
  timing.publish_ms += Date.now() - t;
  o.emit({ type: 'published', summary: published.summary });
  // Pushed, proposed as suggestions or put on a fix branch: every fix commit went out.
  await remember(o, fix, published.mode === 'none' ? [] : fix.commits);
  return {
    fix,
    published,
    where: {
      mode: published.mode,
      commits: published.commits,
      ...(published.branch ? { branch: published.branch } : {}),
      ...(published.pull_request ? { pull_request: published.pull_request } : {}),
      ...(published.review ? { review: published.review } : {}),
    },
  };
}

/**
 * What not to try again: the fixes a person reverted or undid in the pull request (each recorded as the
 * fix's rejection), and what the memory says for the repository (`/autofix retry` tries everything); and
 * the accepted fixes a replay may apply again.
 */
async function fromMemory(
  o: {
    input: PrJobInput;
    deps: PrJobDeps;
    pr: PullRequest;
    config: ReturnType<PrJobDeps['parseConfig']>;
    emit: (event: JobEvent) => void;
  },
  clone: string,
): Promise<{ avoid: Avoid[]; replays: Replay[] }> {
  const { deps, pr } = o;
  const share = o.config.memory.share;
  const reverted = await takenBackFixes(await deps.git.commits(clone, deps.git.baseRef), (sha) =>
    deps.git.undone(clone, sha),
  );
  const memory = deps.fixMemory;
  const stored = await forgiving(o, async () => {
    for (const r of reverted) await memory?.judge(pr.repo, [r.commit], 'rejected', rejectedIn(r, pr.number));
    return {
      avoid: memory ? await memoryRules(memory, pr.repo, share) : [],
      replays: (await memory?.replays(pr.repo, share)) ?? [],
    };
  });
  return {
    avoid: o.input.force ? [] : [...avoidReverted(reverted), ...(stored?.avoid ?? [])],
    replays: stored?.replays ?? [],
  };
}

/** A store that fails costs a note, never the job. */
async function forgiving<T>(
  o: { emit: (event: JobEvent) => void },
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    o.emit({
      type: 'note',
      level: 'warning',
      message: `the fix memory is out of reach: ${(e as Error).message}`,
    });
    return undefined;
  }
}

/** The tries, in the fix memory; a store that fails costs a note, never the job. */
async function remember(
  o: { deps: PrJobDeps; pr: PullRequest; emit: (event: JobEvent) => void },
  fix: FixOutcome,
  published: string[],
): Promise<void> {
  if (!o.deps.fixMemory || !fix.tried.length) return;
  const { pr } = o;
  const records = memoryRecords(fix, { repo: pr.repo, pr: pr.number, headSha: pr.head.sha, published });
  const memory = o.deps.fixMemory;
  await forgiving(o, () => memory.record(records));
}

async function publish(
  deps: PrJobDeps,
  input: PrJobInput,
  pr: PullRequest,
  config: ReturnType<PrJobDeps['parseConfig']>,
  clone: string,
  commits: string[],
): Promise<Published> {
  const env = await deps.forge.gitEnv(pr.head.cloneUrl);
  return publishFix({
    forge: deps.forge,
    pr,
    commits,
    autoApprove: input.autoApprove,
    forksPush: config.forks === 'push',
    git: {
      push: async (url, commit, ref) =>
        deps.git.push(clone, url, commit, ref, url === pr.head.cloneUrl ? env : await deps.forge.gitEnv(url)),
      diff: (from, to) => deps.git.diff(clone, from, to),
      fileAt: (rev, path) => deps.git.fileAt(clone, rev, path),
    },
  });
}
