import { readFileSync } from 'node:fs';
import { AutofixError } from '../domain/index.js';
import type { Forge } from '../forge/forge.js';

/** What the Action needs of a `workflow_run` event: the run, its head, and the pull requests it names. */
export interface RunEvent {
  /** The repository the workflow ran in (the pull request's base), `owner/name`. */
  repo: string;
  runId: number;
  runName: string;
  conclusion: string;
  headSha: string;
  headBranch: string;
  /** `owner/name` of the repository the head commit is in (a fork's for a fork's pull request). */
  headRepo: string;
  /** Pull requests of `repo` the run belongs to, as GitHub listed them (none for a fork's run). */
  pullRequests: Array<{ number: number; headSha?: string }>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The `workflow_run` event the runner saved at `GITHUB_EVENT_PATH`. Anything else is a usage error that
 * says how the Action is meant to be triggered.
 */
export function readRunEvent(env: NodeJS.ProcessEnv): RunEvent {
  const name = env.GITHUB_EVENT_NAME;
  if (name !== 'workflow_run')
    throw new AutofixError(
      'usage',
      `the ci-autofix Action runs on a workflow_run event (on: workflow_run, types: [completed]) of your CI workflow, not on "${name ?? '(no GITHUB_EVENT_NAME)'}"; see examples/workflows/`,
    );
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new AutofixError('usage', 'GITHUB_EVENT_PATH is not set: run the Action on a runner');
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AutofixError('usage', `cannot read the event at GITHUB_EVENT_PATH (${(err as Error).message})`);
  }
  return runEventOf(obj(payload));
}

export function runEventOf(payload: Json): RunEvent {
  const repository = obj(payload.repository);
  const run = obj(payload.workflow_run);
  const repo = str(repository.full_name);
  if (!repo || typeof run.id !== 'number')
    throw new AutofixError('usage', 'the event is not a workflow_run event: it names no repository or run');
  const headRepo = str(obj(run.head_repository).full_name) || repo;
  // GitHub may list pull requests of other repositories (a fork's own ones): only the base's count.
  const ofRepo = (p: Json) => {
    const base = obj(obj(p.base).repo);
    if (typeof base.id === 'number' && typeof repository.id === 'number') return base.id === repository.id;
    return !base.url || str(base.url) === str(repository.url);
  };
  const pullRequests = (Array.isArray(run.pull_requests) ? run.pull_requests : [])
    .map(obj)
    .filter((p) => typeof p.number === 'number' && ofRepo(p))
    .map((p) => ({
      number: p.number as number,
      ...(str(obj(p.head).sha) ? { headSha: str(obj(p.head).sha) } : {}),
    }));
  return {
    repo,
    runId: run.id,
    runName: str(run.name),
    conclusion: str(run.conclusion),
    headSha: str(run.head_sha),
    headBranch: str(run.head_branch),
    headRepo,
    pullRequests,
  };
}

/** A run that ci-autofix has something to do for: it failed (or timed out). */
export const runFailed = (run: RunEvent) => run.conclusion === 'failure' || run.conclusion === 'timed_out';

/**
 * The pull request of the run: the one GitHub lists (the one whose head is the run's commit first), else
 * — a fork's run lists none — the open pull request whose head is the run's head repository and branch.
 */
export async function pullRequestOfRun(
  run: RunEvent,
  forge: Pick<Forge, 'findPullRequest'>,
): Promise<number | undefined> {
  const listed = run.pullRequests.find((p) => p.headSha === run.headSha) ?? run.pullRequests[0];
  if (listed) return listed.number;
  if (!run.headBranch) return undefined;
  return forge.findPullRequest(run.repo, run.headRepo, run.headBranch);
}
