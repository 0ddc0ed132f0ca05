import type { FailedJob, Forge, PullRequest } from '../forge/forge.js';
import { code } from '../publish/markdown.js';
import type { Published } from '../publish/publish-fix.js';
import { renderStatus, type Attempt, type StatusState } from '../publish/status-comment.js';
import { isAutofixCommit } from './commit-message.js';
import { statusReport } from './pr-status.js';
import type { JobRun } from './pr-job.js';
import type { StatusWriter } from './status-writer.js';

/** The attempts of this job's earlier tries, and everyone else's. */
export function splitAttempts(
  attempts: Attempt[],
  run: JobRun | undefined,
): { earlier: Attempt[]; others: Attempt[] } {
  if (!run) return { earlier: [], others: attempts };
  return {
    earlier: attempts.filter((a) => a.run === run.id),
    others: attempts.filter((a) => a.run !== run.id),
  };
}

/** How a try ends before it fixes anything, for its comment and its outcome. */
export interface EarlyEnd {
  state: StatusState;
  outcome: 'fixed' | 'failed' | 'skipped' | 'nothing-to-fix';
  reason: string;
  published?: Published;
}

/**
 * How a later try of a job ends without fixing, or undefined when it goes on to fix:
 * - the branch's head is ci-autofix's commit and an earlier try worked on an older head: that try
 *   pushed its fix and died before it could say so. Fixed, and not pushed again;
 * - the job is given up (it took too many workers with it): failed, saying why;
 * - there is nothing to do any more (`skip`: closed, labelled, no failed job on the head): stopped,
 *   saying why, so the comment the earlier try left "working" gets a final state.
 */
async function endOfLaterTry(args: {
  forge: Forge;
  pr: PullRequest;
  run: JobRun;
  earlier: Attempt[];
  skip?: { outcome: 'skipped' | 'nothing-to-fix'; reason: string } | undefined;
}): Promise<EarlyEnd | undefined> {
  const { forge, pr, run, earlier } = args;
  const last = earlier.at(-1);
  if (last && last.sha !== pr.head.sha) {
    const head = await forge.commit(pr.head.repo, pr.head.sha);
    if (isAutofixCommit(head.message)) {
      const where = `${code(pr.head.sha.slice(0, 7))} on ${code(pr.head.ref)}`;
      return {
        state: 'fixed',
        outcome: 'fixed',
        reason: `an earlier try of this job pushed the fix and stopped before it could report it`,
        published: {
          mode: 'push',
          commits: [pr.head.sha],
          summary: `${where}, pushed by an earlier try of this job; not pushed again`,
          notes: [],
        },
      };
    }
  }
  if (run.giveUp) return { state: 'failed', outcome: 'failed', reason: run.giveUp };
  if (args.skip && earlier.length)
    return { state: 'stopped', outcome: args.skip.outcome, reason: args.skip.reason };
  return undefined;
}

/**
 * A later try of a job that ends before fixing (endOfLaterTry) writes the final state of the comment
 * its earlier try left, keeping that try's attempt with the state it ended in; undefined: go on.
 */
export async function endLaterTry(args: {
  forge: Forge;
  pr: PullRequest;
  jobs: FailedJob[];
  run: JobRun;
  earlier: Attempt[];
  others: Attempt[];
  status: StatusWriter;
  skip?: { outcome: 'skipped' | 'nothing-to-fix'; reason: string } | undefined;
}): Promise<EarlyEnd | undefined> {
  const end = await endOfLaterTry(args);
  if (!end) return undefined;
  const { earlier, pr } = args;
  const attempts = [...args.others, ...earlier.slice(-1).map((a) => ({ ...a, outcome: end.state }))];
  const report = statusReport({
    state: end.state,
    headSha: earlier.at(-1)?.sha ?? pr.head.sha,
    jobs: args.jobs,
    attempts,
    reason: end.reason,
    ...(end.published ? { published: end.published } : {}),
  });
  await args.status.write(end.state, renderStatus(report));
  return end;
}
