import type { Signature } from '../triage/index.js';
import { orderRules, type Acceptance } from './memory-order.js';
import type { Avoid, Replay } from './memory-types.js';
import { editsFor } from './memory-replay.js';
import type { FixOutcome } from './fix-job.js';

/**
 * What ci-autofix remembers of its own fixes (issue 23), per finding signature and strategy: what was
 * tried, validated, kept and published, at what cost — and, later, whether people accepted or rejected
 * it. Kept in the user's store (the service's database), for the same repository only.
 */
export interface FixMemory {
  record(records: readonly FixRecord[]): Promise<void>;
  /**
   * What not to try in `repo`: a strategy people rejected for equal code, and one that failed or was
   * rejected STREAK times in a row for a signature and never fixed it there.
   */
  avoid(repo: string, share?: MemoryShare): Promise<Avoid[]>;
  /** People's verdict on fix commits of `repo` (a revert rejects); returns the records it changed. */
  judge(
    repo: string,
    commits: readonly string[],
    verdict: 'accepted' | 'rejected',
    reason: string,
  ): Promise<number>;
  /** People's verdicts per signature and strategy, for the order strategies are tried in. */
  acceptance(repo: string, share?: MemoryShare): Promise<Acceptance[]>;
  /** The commits of the fixes published to a pull request that have no verdict yet. */
  pending(repo: string, pr: number): Promise<string[]>;
  /** The accepted fixes of `repo` a replay can apply again (the newest per signature and code). */
  replays(repo: string, share?: MemoryShare): Promise<Replay[]>;
}

/**
 * `memory.share` of the repository's config: `organisation` also reads (and lends) the memory of the
 * owner's other repositories that say so; the repository's own comes first.
 */
export type MemoryShare = 'repository' | 'organisation';

/** What the memory says not to try in `repo`: its avoid rules, and the strategies that yield to better ones. */
export async function memoryRules(
  memory: Pick<FixMemory, 'avoid' | 'acceptance'>,
  repo: string,
  share: MemoryShare,
): Promise<Avoid[]> {
  return [...(await memory.avoid(repo, share)), ...orderRules(await memory.acceptance(repo, share))];
}

/** Tries in a row that failed or were rejected before a strategy is skipped for a signature. */
export const STREAK = 3;

/** How far a try went: not validated, or validated and committed, and then pushed or proposed. */
export type FixResult = 'failed' | 'kept' | 'published';

/** One finding of one try. */
export interface FixRecord {
  /** owner/name. */
  repo: string;
  pr?: number;
  headSha: string;
  signature: Signature;
  strategy: string;
  path?: string;
  /** codeKey of the finding's code before the try. */
  code?: string;
  result: FixResult;
  reason?: string;
  /** The fix commit (kept or published). */
  commit?: string;
  /** A kept model fix's change to this finding, for a replay once people accepted it. */
  edits?: Replay['edits'];
  /** The try's cost and time, shared by the findings it aimed at (each record carries its share). */
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  ms: number;
}

/**
 * The records of a fix job's tries, from its outcome: one per finding per try, the try's cost and time
 * split evenly among its findings. A kept try is `published` when its commit is among `published` (the
 * commits pushed or proposed), else `kept`.
 */
export function memoryRecords(
  fix: Pick<FixOutcome, 'tried'>,
  where: { repo: string; pr?: number; headSha: string; published: readonly string[] },
): FixRecord[] {
  const published = new Set(where.published);
  return fix.tried.flatMap((t) => {
    const n = Math.max(1, t.findings.length);
    const share = (x: number | undefined) => (x ?? 0) / n;
    const result: FixResult = !t.kept ? 'failed' : t.commit && published.has(t.commit) ? 'published' : 'kept';
    return t.findings.map((f) => ({
      repo: where.repo,
      ...(where.pr !== undefined ? { pr: where.pr } : {}),
      headSha: where.headSha,
      signature: f.signature,
      strategy: t.strategy,
      ...(f.path ? { path: f.path } : {}),
      ...(f.code ? { code: f.code } : {}),
      result,
      ...(t.reason ? { reason: t.reason.slice(0, 500) } : {}),
      ...(t.commit ? { commit: t.commit } : {}),
      ...(t.kept && t.patch && f.path ? { edits: editsFor(t.patch, f.path, f.line) } : {}),
      costUsd: share(t.cost?.usd),
      inputTokens: Math.round(share(t.cost?.input_tokens)),
      outputTokens: Math.round(share(t.cost?.output_tokens)),
      ms: Math.round(t.ms / n),
    }));
  });
}
