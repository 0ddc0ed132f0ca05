/**
 * GitHub's example deliveries, and payloads made from them, for the tests of webhook-events.ts (split by
 * theme into webhook-events*.test.ts). Test code only (the build leaves `test-*.ts` out).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** GitHub's own example deliveries (@octokit/webhooks-examples), as the webhook handler would receive them. */
const EXAMPLES_FILE = fileURLToPath(
  new URL('../../node_modules/@octokit/webhooks-examples/api.github.com/index.json', import.meta.url),
);
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const all = JSON.parse(readFileSync(EXAMPLES_FILE, 'utf8')) as Array<{ name: string; examples: Json[] }>;

/** Copies of the examples of an event (and action), to change freely. */
export function examples(name: string, action?: string): Json[] {
  const found = all.find((e) => e.name === name)?.examples ?? [];
  const picked = found.filter((x) => action === undefined || x.action === action);
  if (!picked.length) throw new Error(`no example of ${name} ${action ?? ''}`);
  return picked.map((x) => structuredClone(x));
}

/**
 * A failed run of a pull request of its own repository. GitHub's examples have no failed run, and the one
 * that lists a pull request lists one of another repository (see below): this one is made from it.
 */
export function failedRun(conclusion = 'failure'): Json {
  const payload = examples('workflow_run', 'completed').find((x) => x.workflow_run.pull_requests.length)!;
  const run = payload.workflow_run;
  run.conclusion = conclusion;
  run.event = 'pull_request';
  run.head_branch = 'changes';
  run.pull_requests[0].base.repo = {
    id: payload.repository.id,
    url: payload.repository.url,
    name: 'octo-repo',
  };
  return payload;
}

/** A fork's failed run: GitHub lists no pull request, the head is in the fork. */
export function forkRun(): Json {
  const payload = failedRun();
  payload.workflow_run.pull_requests = [];
  payload.workflow_run.head_repository.full_name = 'contributor/octo-repo';
  return payload;
}

/** A comment on a pull request (GitHub's examples comment on issues only). */
export function prComment(body: string, change: (p: Json) => void = () => {}): Json {
  const payload = examples('issue_comment', 'created').find((x) => x.installation)!;
  payload.issue.pull_request = {
    url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
    html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
  };
  payload.comment.body = body;
  change(payload);
  return payload;
}

export const SHA = /^[0-9a-f]{40}$/;
