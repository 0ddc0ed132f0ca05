import type { Analysis } from '../domain/index.js';
import type { PullRequest } from '../forge/forge.js';
import { webhookErrors, type WebhookEventName } from '../publish/webhook.js';
import type { PrJobDeps, PrJobInput } from './pr-job.js';

/** The signed webhook (AUTOFIX_WEBHOOK_URL) for one event of the pr job; never in a dry run. */
export async function notify(
  deps: PrJobDeps,
  input: PrJobInput,
  pr: PullRequest,
  event: WebhookEventName,
  analysis: Analysis,
  outcome?: string,
): Promise<void> {
  if (input.dryRun || !deps.webhook) return;
  await deps.webhook({
    event,
    pr_number: pr.number,
    branch: pr.head.ref,
    errors: webhookErrors(analysis.diagnostics),
    repository: pr.repo,
    head_sha: pr.head.sha,
    ...(outcome ? { outcome } : {}),
  });
}
