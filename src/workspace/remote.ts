import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AutofixError } from '../domain/index.js';
import { git } from './git.js';
import { LINKED } from './repository.js';

/**
 * Fetching from and pushing to a forge. `env` carries the credential (Forge.gitEnv: an extraHeader
 * through GIT_CONFIG_*), so it never lands in argv, a URL, `.git/config` or the reflog; the clone's
 * remote is not even configured (every call names the URL).
 */

/** Where the PR's base commit is kept in the clone (for `--base`). */
export const BASE_REF = 'refs/ci-autofix/base';

function gitFailure(err: unknown): string {
  return (err as Error)?.message ?? String(err);
}

/**
 * A clone of `head.ref` at `head.sha` in `dir`, on a local branch of the same name, with the base
 * branch at BASE_REF. Throws `head-moved` when the branch no longer points at `head.sha`.
 */
export async function cloneForFix(
  dir: string,
  head: { url: string; ref: string; sha: string },
  base: { url: string; ref: string },
  env: Record<string, string>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '--quiet', '--initial-branch=ci-autofix-init']);
  // Dependencies linked in later (LINKED) are not the PR's files: git must not see them as changes.
  await appendFile(join(dir, '.git/info/exclude'), LINKED.map((n) => `/${n}\n`).join(''));
  try {
    await git(
      dir,
      ['fetch', '--quiet', '--no-tags', head.url, `+refs/heads/${head.ref}:refs/ci-autofix/head`],
      {
        env,
      },
    );
    if (base.url !== head.url || base.ref !== head.ref)
      await git(dir, ['fetch', '--quiet', '--no-tags', base.url, `+refs/heads/${base.ref}:${BASE_REF}`], {
        env,
      });
  } catch (err) {
    throw new AutofixError(
      'clone-failed',
      `could not fetch the pull request's branches: ${gitFailure(err)}. Check that the token can read the repositories ("contents: read").`,
      'external',
    );
  }
  const fetched = (await git(dir, ['rev-parse', 'refs/ci-autofix/head'])).stdout.trim();
  if (fetched !== head.sha)
    throw new AutofixError(
      'head-moved',
      `${head.ref} moved from ${head.sha.slice(0, 7)} to ${fetched.slice(0, 7)} while ci-autofix worked; the new head's CI will tell`,
      'external',
    );
  await git(dir, ['checkout', '--quiet', '-B', head.ref, head.sha]);
}

/**
 * Pushes `commit` to `ref` on `url`, fast-forward only (never forced): when the branch moved, git
 * refuses and this throws `push-rejected`; a token without write access throws `push-forbidden`.
 */
export async function pushFastForward(
  dir: string,
  url: string,
  commit: string,
  ref: string,
  env: Record<string, string>,
): Promise<void> {
  const r = await git(dir, ['push', '--quiet', '--porcelain', url, `${commit}:refs/heads/${ref}`], {
    env,
    allowFail: true,
  });
  if (r.code === 0) return;
  const said = `${r.stdout}\n${r.stderr}`;
  if (/non-fast-forward|fetch first|\[rejected\]|stale info/.test(said))
    throw new AutofixError(
      'push-rejected',
      `the push to ${ref} was rejected: the branch moved since ci-autofix read it`,
      'external',
    );
  if (/\b(403|401)\b|denied|not allowed|Authentication failed|Permission/i.test(said))
    throw new AutofixError(
      'push-forbidden',
      `the token may not push to ${ref} (give it "contents: write"; a fork's branch also needs "Allow edits by maintainers")`,
    );
  throw new AutofixError(
    'push-failed',
    `git push to ${ref} failed: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`,
    'external',
  );
}
