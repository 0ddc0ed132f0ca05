import { join } from 'node:path';
import { setting } from '../../config/index.js';
import { pgliteSeed } from '../../compose/version.js';
import type { FixOutcome } from '../../pipeline/index.js';
import { memoryRecords, memoryRules, type MemoryShare } from '../../pipeline/fix-memory.js';
import { revertedFixes } from '../../pipeline/memory-plan.js';
import type { Avoid, Replay } from '../../pipeline/memory-types.js';
import { defaultStateDir, migrate, openDatabase, StoreFixMemory, type Database } from '../../store/index.js';
import { git, recentCommits } from '../../workspace/index.js';

/**
 * The local `fix`'s fix memory (issue 23): the embedded store in the state folder (`CI_AUTOFIX_STATE_DIR`,
 * else `$XDG_STATE_HOME/ci-autofix`, `memory/`), never in the repository. Opened only when a model could
 * be asked: what the memory saves is model calls, and opening it costs about a second.
 * `CI_AUTOFIX_MEMORY=0` turns it off.
 */
export function localMemoryDir(env: NodeJS.ProcessEnv): string {
  return join(defaultStateDir(env), 'memory');
}

/** `owner/name` from the checkout's `origin` when it is a GitHub-like URL; else the checkout's path. */
async function repositoryName(root: string): Promise<string> {
  const url = (await git(root, ['remote', 'get-url', 'origin'], { allowFail: true })).stdout.trim();
  const m = /[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : `local:${root}`;
}

/**
 * Locally nobody merges: a fix commit still in the branch's history (HEAD descends from it) was kept,
 * one a person reverted there was rejected. Commits the branch no longer has stay unjudged. Lines undone
 * by hand count only within a pull request (the service, `pr`): a branch has no such bound, and the
 * same mistake made again later is no verdict on the fix.
 */
async function judgeLocally(memory: StoreFixMemory, repo: string, root: string): Promise<void> {
  const commits = await memory.unjudged(repo);
  if (!commits.length) return;
  const history = await recentCommits(root, 1000);
  const reverted = new Map(revertedFixes(history).map((r) => [r.commit, r.revertedBy] as const));
  const inHistory = new Set(history.map((c) => c.sha));
  for (const sha of commits) {
    const by = reverted.get(sha);
    if (by) await memory.judge(repo, [sha], 'rejected', `reverted in the branch by ${by.slice(0, 7)}`);
    else if (inHistory.has(sha)) await memory.judge(repo, [sha], 'accepted', 'kept in the branch');
  }
}

export interface LocalMemory {
  repo: string;
  avoid: Avoid[];
  replays: Replay[];
  /** Records the job's tries (its commits landed on the branch: published, locally) and closes. */
  finish(outcome: FixOutcome, head: string): Promise<void>;
}

export async function openLocalMemory(
  env: NodeJS.ProcessEnv,
  root: string,
  share: MemoryShare,
): Promise<LocalMemory | undefined> {
  if (setting(env, 'CI_AUTOFIX_MEMORY') === '0') return undefined;
  let db: Database | undefined;
  try {
    db = await openDatabase({ dataDir: localMemoryDir(env), pgliteSeed: pgliteSeed() });
    await migrate(db);
    const memory = new StoreFixMemory(db);
    const repo = await repositoryName(root);
    await judgeLocally(memory, repo, root);
    const opened = db;
    return {
      repo,
      avoid: await memoryRules(memory, repo, share),
      replays: await memory.replays(repo, share),
      // Recording is the memory's help, never the fix's: a store that fails loses this job's records.
      finish: async (outcome, head) => {
        try {
          await memory.record(memoryRecords(outcome, { repo, headSha: head, published: outcome.commits }));
        } catch {
          // nothing to undo
        } finally {
          await opened.close().catch(() => undefined);
        }
      },
    };
  } catch {
    // A memory that cannot open (another process holds the embedded store) costs its help, not the fix.
    await db?.close().catch(() => undefined);
    return undefined;
  }
}
