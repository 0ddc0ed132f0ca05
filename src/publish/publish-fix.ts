import { AutofixError, isAutofixError } from '../domain/index.js';
import type { Forge, PullRequest } from '../forge/forge.js';
import { backticks, code } from './markdown.js';
import { planSuggestions } from './suggestions.js';

/** What publishing did (`pr --format json`'s `published`). */
export interface Published {
  mode: 'push' | 'suggestions' | 'branch' | 'compare' | 'comment' | 'none';
  commits: string[];
  branch?: string;
  pull_request?: string;
  review?: string;
  /** One line for the status comment, and how a maintainer applies a proposal. */
  summary: string;
  apply?: string;
  notes: string[];
}

/** The git side of publishing, bound to the clone and the forge credential by the caller. */
export interface PublishGit {
  push(url: string, commit: string, ref: string): Promise<void>;
  /** `git diff -U0 from to`. */
  diff(from: string, to: string): Promise<string>;
  fileAt(rev: string, path: string): Promise<string | undefined>;
}

export interface PublishInput {
  forge: Forge;
  git: PublishGit;
  pr: PullRequest;
  /** The validated fix commits, oldest first, on top of `pr.head.sha`. */
  commits: string[];
  autoApprove: boolean;
  /** `forks: push`: a fork's branch may be pushed to when its author allows maintainer edits. */
  forksPush: boolean;
}

const FIX_BRANCH = 'ci-autofix/pr-';
/** The fix branch of review mode: one per PR head, so a re-run updates rather than multiplies. */
export const fixBranchName = (pr: PullRequest) => `${FIX_BRANCH}${pr.number}-${pr.head.sha.slice(0, 7)}`;
/** A pull request from a fix branch carries only ci-autofix's fixes: closing it unmerged rejects them. */
export const isFixBranch = (ref: string) => ref.startsWith(FIX_BRANCH);

/**
 * Puts validated commits where the mode says (docs/architecture.md: publishing degrades push →
 * suggestions → fix branch → compare link → the diff in the comment):
 * - auto-approve: pushed fast-forward to the PR branch, only while its head is still the SHA that was
 *   fixed (`head-moved` otherwise; the caller starts over once); never to a fork unless allowed;
 * - review: suggestions when the whole fix lies inside the PR diff, else a fix branch in the base
 *   repository with a PR against the PR branch (or a compare link when opening one is refused).
 */
export async function publishFix(input: PublishInput): Promise<Published> {
  const { forge, pr, commits } = input;
  const notes: string[] = [];
  const tip = commits.at(-1);
  if (!tip) return { mode: 'none', commits: [], summary: 'nothing to publish', notes };
  const pushable = !pr.fork || (input.forksPush && pr.maintainerCanModify);
  if (input.autoApprove && !pushable)
    notes.push(
      pr.maintainerCanModify
        ? 'fork pull request: not pushed to its branch (set `forks: push` in .ci-autofix.yml to allow it); proposed instead'
        : 'fork pull request whose author does not allow edits by maintainers: proposed instead of pushed',
    );
  if (input.autoApprove && pushable) {
    const now = await forge.pullRequest(pr.repo, pr.number);
    if (now.state !== 'open') {
      notes.push(
        `the pull request was ${now.merged ? 'merged' : 'closed'} while ci-autofix worked: nothing was pushed`,
      );
      return { mode: 'none', commits: [], summary: 'not pushed', notes };
    }
    if (now.head.sha !== pr.head.sha)
      throw new AutofixError(
        'head-moved',
        `${pr.head.ref} moved to ${now.head.sha.slice(0, 7)} while ci-autofix worked on ${pr.head.sha.slice(0, 7)}`,
        'external',
      );
    try {
      await input.git.push(pr.head.cloneUrl, tip, pr.head.ref);
    } catch (err) {
      if (isAutofixError(err) && err.code === 'push-rejected')
        throw new AutofixError('head-moved', err.message, 'external');
      throw err;
    }
    return {
      mode: 'push',
      commits,
      branch: pr.head.ref,
      summary: `${commits.length} commit(s) pushed to ${code(pr.head.ref)}`,
      notes,
    };
  }
  return { ...(await propose(input, tip)), notes: [...notes] };
}

async function propose(input: PublishInput, tip: string): Promise<Omit<Published, 'notes'>> {
  const { forge, pr, commits } = input;
  const patch = await input.git.diff(pr.head.sha, tip);
  const files = await forge.changedFiles(pr.repo, pr.number);
  const texts = new Map<string, string[] | undefined>();
  for (const f of files) texts.set(f.path, (await input.git.fileAt(pr.head.sha, f.path))?.split('\n'));
  const plan = planSuggestions(patch, files, (path, line) => texts.get(path)?.[line - 1]);
  if ('comments' in plan) {
    const review = await forge.createReview(pr.repo, pr.number, {
      commitSha: pr.head.sha,
      body: `ci-autofix: ${plan.comments.length} suggestion(s), validated by re-running the check. Commit them from the Files tab (one by one, or "Add suggestion to batch").`,
      comments: plan.comments,
    });
    return {
      mode: 'suggestions',
      commits,
      review: review.url,
      summary: `${plan.comments.length} suggestion(s) in [a review](${review.url})`,
      apply:
        'Commit the suggestions from the **Files changed** tab ("Commit suggestion", or "Add suggestion to batch" for all at once).',
    };
  }
  const branch = fixBranchName(pr);
  try {
    await input.git.push(pr.base.cloneUrl, tip, branch);
  } catch (err) {
    if (!isAutofixError(err)) throw err;
    return {
      mode: 'comment',
      commits,
      summary: `could not push a fix branch (${err.message}); the fix is below`,
      apply: `<details><summary>the validated fix, as a patch</summary>\n\n${diffBlock(patch)}\n\n</details>\n\nApply it with \`git apply\` on ${code(pr.head.ref)}.`,
    };
  }
  const why = plan.reason;
  if (!pr.fork) {
    try {
      const opened = await forge.createPullRequest(pr.repo, {
        head: branch,
        base: pr.head.ref,
        title: `ci-autofix: fix the failing checks of #${pr.number}`,
        body: `The validated fix for #${pr.number} (${commits.length} commit(s) on ${pr.head.sha.slice(0, 7)}). Merge this pull request to apply it to #${pr.number}'s branch.\n\nNot offered as suggestions because ${why}.`,
      });
      return {
        mode: 'branch',
        commits,
        branch,
        pull_request: opened.url,
        summary: `${commits.length} commit(s) on \`${branch}\`, in [#${opened.number}](${opened.url}) against this branch (not suggestions: ${why})`,
        apply: `Merge [#${opened.number}](${opened.url}) to apply the fix.`,
      };
    } catch (err) {
      if (!isAutofixError(err)) throw err;
      // e.g. "GitHub Actions is not permitted to create or approve pull requests": a link still works.
    }
  }
  const compare = forge.compareUrl(pr.repo, pr.fork ? pr.base.ref : pr.head.ref, branch);
  return {
    mode: pr.fork ? 'branch' : 'compare',
    commits,
    branch,
    summary: `${commits.length} commit(s) on \`${branch}\` in ${pr.repo} (not suggestions: ${why})`,
    apply: pr.fork
      ? `Apply it to the fork's branch: \`git pull ${pr.base.cloneUrl} ${branch}\`.`
      : `[Open a pull request](${compare}) from \`${branch}\` into this branch, or merge the branch.`,
  };
}

function diffBlock(patch: string): string {
  const fence = backticks(patch, 3);
  const text = patch.length > 60_000 ? `${patch.slice(0, 60_000)}\n… (cut)` : patch;
  return `${fence}diff\n${text}\n${fence}`;
}
