import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepoConfig } from '../config/index.js';
import type { Analysis } from '../domain/index.js';
import type { Forge } from '../forge/forge.js';
import { downloadLogs } from '../pipeline/download-logs.js';
import { readPrFailure } from '../pipeline/pr-failure.js';
import { statusReport } from '../pipeline/pr-status.js';
import { ensureStatusComment, findStatusComment } from '../publish/ensure-status-comment.js';
import { renderStatus } from '../publish/status-comment.js';
import { webhookErrors, type WebhookPayload } from '../publish/webhook.js';

export interface NotifyDeps {
  forge: Forge;
  parseConfig(text: string | undefined, source: string): RepoConfig;
  analyzeLogs(paths: string[], config: RepoConfig): Promise<Analysis>;
  /** `AUTOFIX_WEBHOOK_URL` is set: delivers the payload, says whether it arrived (never throws). */
  webhook?(payload: WebhookPayload): Promise<boolean>;
  log(message: string): void;
}

export interface NotifyOutcome {
  outcome: 'notified' | 'skipped' | 'nothing-to-fix' | 'failed';
  reason?: string;
  comment?: number;
  errors: number;
}

/**
 * `mode: notify`, the reference setup's "GitHub Actions only" trigger: a pull request's CI failed, so its
 * failed jobs' logs are read and analysed, the fix service is told (the `ci_failure` webhook, when
 * `AUTOFIX_WEBHOOK_URL` is set), and the PR's one status comment says so. Nothing is cloned or fixed
 * here; the attempt record in the comment is kept as it is, so the service's attempt is not mistaken
 * for one made already.
 */
export async function notifyFailure(repo: string, number: number, deps: NotifyDeps): Promise<NotifyOutcome> {
  const { forge } = deps;
  const read = await readPrFailure(forge, repo, number, deps.parseConfig);
  if (read.skip) return { outcome: read.skip.outcome, reason: read.skip.reason, errors: 0 };
  const { pr, config, jobs } = read;
  deps.log(
    `${jobs.length} failed job(s) on ${pr.head.sha.slice(0, 7)}: ${jobs.map((j) => j.name).join(', ')}`,
  );

  const tmp = await mkdtemp(join(tmpdir(), 'ci-autofix-notify-'));
  const notes: string[] = [];
  let analysis: Analysis;
  try {
    const got = await downloadLogs(forge, pr.repo, jobs, join(tmp, 'logs'));
    notes.push(...got.notes);
    const paths = got.paths;
    analysis = await deps.analyzeLogs(paths, config);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  deps.log(`${analysis.diagnostics.length} finding(s) in the logs`);

  let delivered: boolean | undefined;
  if (deps.webhook)
    delivered = await deps.webhook({
      event: 'ci_failure',
      pr_number: pr.number,
      branch: pr.head.ref,
      errors: webhookErrors(analysis.diagnostics),
      repository: pr.repo,
      head_sha: pr.head.sha,
    });

  const self = await forge.whoami();
  const status = findStatusComment(await forge.comments(pr.repo, pr.number), self);
  const report = (state: 'working' | 'failed' | 'stopped', reason?: string, note?: string) =>
    renderStatus(
      statusReport({
        state,
        headSha: pr.head.sha,
        jobs,
        analysis,
        notes: [...(note ? [note] : []), ...notes],
        attempts: status.attempts,
        ...(reason ? { reason } : {}),
      }),
    );
  const body =
    delivered === true
      ? report('working', undefined, 'The fix service was told (ci_failure); it will update this comment.')
      : delivered === false
        ? report('failed', 'the ci_failure webhook was not delivered; the fix service does not know')
        : report(
            'stopped',
            'CI failed; this workflow reports failures (mode: notify) without fixing them',
            'Run the ci-autofix Action with mode: fix, or set AUTOFIX_WEBHOOK_URL to tell a fix service.',
          );
  const written = await ensureStatusComment(forge, pr.repo, pr.number, status, body);
  return {
    outcome: delivered === false ? 'failed' : 'notified',
    ...(delivered === false ? { reason: 'the ci_failure webhook was not delivered' } : {}),
    ...(written.id !== undefined ? { comment: written.id } : {}),
    errors: analysis.diagnostics.length,
  };
}
