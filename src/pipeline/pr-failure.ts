import { CONFIG_FILE, type RepoConfig } from '../config/index.js';
import type { FailedJob, Forge, PullRequest } from '../forge/forge.js';

/**
 * What a pull request's CI failure is, read the same way by the `pr` job and the Action's notify mode:
 * the PR, the repository's config from its default branch (never the PR's), and the failed jobs of its
 * head — or why there is nothing to do (closed or merged, opted out, no failed job).
 */
export interface PrFailure {
  pr: PullRequest;
  config: RepoConfig;
  jobs: FailedJob[];
  skip?: { outcome: 'skipped' | 'nothing-to-fix'; reason: string };
}

export async function readPrFailure(
  forge: Forge,
  repo: string,
  number: number,
  parseConfig: (text: string | undefined, source: string) => RepoConfig,
): Promise<PrFailure> {
  const pr = await forge.pullRequest(repo, number);
  const config = parseConfig(
    await forge.fileOnDefaultBranch(pr.base.repo, CONFIG_FILE),
    `${pr.base.repo}:${pr.base.defaultBranch}:${CONFIG_FILE}`,
  );
  const skip = (outcome: 'skipped' | 'nothing-to-fix', reason: string): PrFailure => ({
    pr,
    config,
    jobs: [],
    skip: { outcome, reason },
  });
  if (pr.state !== 'open') return skip('skipped', `the pull request is ${pr.merged ? 'merged' : 'closed'}`);
  if (pr.labels.includes(config.skip_label))
    return skip('skipped', `the pull request has the label "${config.skip_label}"`);
  const jobs = await forge.failedJobs(pr.repo, pr.head.sha);
  if (!jobs.length) return skip('nothing-to-fix', `no failed job on ${pr.head.sha.slice(0, 7)}`);
  return { pr, config, jobs };
}

/** A failed job as the outcome and the status comment name it. */
export function jobSummary(j: FailedJob): { name: string; url: string; steps: string[] } {
  return { name: `${j.runName} / ${j.name}`, url: j.url, steps: j.failedSteps };
}
