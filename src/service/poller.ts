import type { FailedRun, ForgeWatch, OpenPull } from '../forge/forge.js';
import type { PollStateStore } from '../store/index.js';
import { suiteTrigger, type Intent } from './intents.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';

export interface PollerDeps {
  /** The repositories to watch: REPO_OWNER/REPO_NAME, REPOSITORIES, or an App installation's. */
  repositories(): Promise<string[]>;
  forge(repo: string): Promise<ForgeWatch>;
  state: PollStateStore;
  handle(intent: Intent): Promise<string>;
  log: Logger;
  metrics?: ServiceMetrics;
  intervalSeconds: number;
  /** Below this many requests left, a round is skipped: jobs need the rest. */
  minRateLimit?: number;
}

/**
 * Polling where webhooks are not set up: every MONITOR_INTERVAL seconds, each repository's open PRs and
 * failed runs are asked for with the ETags of the last answer (an unchanged repository costs nothing),
 * and a failed run at an open PR's head becomes the same job a webhook makes (`suite:<id>`), so webhooks
 * and polling together never double a job.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: PollerDeps) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.round = this.pollOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.deps.log.error({ err }, 'poll round failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalSeconds * 1000);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round over every repository; returns what it did (for tests and the log). */
  async pollOnce(): Promise<{ polled: number; unchanged: number; queued: string[] }> {
    const out = { polled: 0, unchanged: 0, queued: [] as string[] };
    for (const repo of await this.deps.repositories()) {
      try {
        const r = await this.pollRepo(repo);
        if (r === 'not due') continue;
        out.polled++;
        if (r === 'unchanged') out.unchanged++;
        else out.queued.push(...r);
      } catch (err) {
        this.deps.metrics?.polls.inc({ result: 'error' });
        this.deps.log.warn({ err, repo }, 'poll failed');
      }
    }
    return out;
  }

  private async pollRepo(repo: string): Promise<'not due' | 'unchanged' | string[]> {
    const state = await this.deps.state.claim<OpenPull, FailedRun>(repo, this.deps.intervalSeconds);
    if (!state) return 'not due';
    const forge = await this.deps.forge(repo);
    const left = forge.rateLimitRemaining;
    if (left !== undefined && left < (this.deps.minRateLimit ?? 200)) {
      this.deps.log.warn({ repo, left }, 'poll skipped: GitHub rate limit nearly spent');
      return 'not due';
    }
    const pulls = await forge.openPullRequests(repo, state.pullsEtag);
    const runs = await forge.failedRuns(repo, state.runsEtag);
    this.deps.metrics?.rateLimit.set(forge.rateLimitRemaining ?? 0);
    if (!pulls.changed && !runs.changed) {
      this.deps.metrics?.polls.inc({ result: 'unchanged' });
      return 'unchanged';
    }
    const next = {
      ...state,
      ...(pulls.changed ? { pulls: pulls.data, ...(pulls.etag ? { pullsEtag: pulls.etag } : {}) } : {}),
      ...(runs.changed ? { runs: runs.data, ...(runs.etag ? { runsEtag: runs.etag } : {}) } : {}),
    };
    const results: string[] = [];
    const intents = [
      ...failuresAtHeads(repo, next.pulls, next.runs),
      ...(pulls.changed ? pullChanges(repo, state.pulls, next.pulls) : []),
    ];
    for (const intent of intents) results.push(await this.deps.handle(intent));
    // Saved after the jobs are stored: a crash in between re-reads the lists (the queue ignores repeats).
    await this.deps.state.save(repo, next);
    this.deps.metrics?.polls.inc({ result: 'changed' });
    this.deps.log.debug({ repo, pulls: next.pulls.length, runs: next.runs.length, results }, 'polled');
    return results;
  }
}

/**
 * What webhooks would have said of the open pull requests between two polls: one pushed to, or gone from
 * the list (closed, merged or not). The fix memory reads their history for verdicts.
 */
export function pullChanges(repo: string, before: OpenPull[], after: OpenPull[]): Intent[] {
  const now = new Map(after.map((p) => [p.number, p]));
  return before.flatMap((p): Intent[] => {
    const later = now.get(p.number);
    if (later && later.headSha === p.headSha) return [];
    return [{ kind: 'verdicts', repo, pr: p.number, closed: !later, headRef: p.headRef }];
  });
}

/** A failed run counts when it ran on an open PR's current head (older heads were pushed over). */
export function failuresAtHeads(repo: string, pulls: OpenPull[], runs: FailedRun[]): Intent[] {
  const intents: Intent[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    const pull = pulls.find(
      (p) =>
        p.headSha === run.headSha &&
        (run.pullRequests.includes(p.number) ||
          (p.headRepo === run.headRepo && p.headRef === run.headBranch)),
    );
    if (!pull) continue;
    const key = `${pull.number}:${suiteTrigger(run.checkSuiteId, run.attempt)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    intents.push({
      kind: 'fix',
      repo,
      pr: pull.number,
      headSha: run.headSha,
      headRepo: pull.headRepo,
      headBranch: pull.headRef,
      trigger: suiteTrigger(run.checkSuiteId, run.attempt),
      source: 'poll',
    });
  }
  return intents;
}
