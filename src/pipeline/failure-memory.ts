/**
 * What ci-autofix remembers about failures no code change fixes (the store in the service; nothing in
 * the CLI and the Action, which keep no state): the flaky tests of each repository, and the re-runs it
 * asked for until GitHub says how they ended.
 */
export interface FailureMemory {
  /** Of `tests`, the ones seen failing and then passing on one commit of `repo` before. */
  knownFlaky(repo: string, tests: string[]): Promise<Set<string>>;
  /** Tests that failed and then passed on one commit (a runner's retry, an earlier attempt): flaky. */
  flakySeen(repo: string, headSha: string, tests: string[]): Promise<void>;
  /** A re-run asked for: remembered until the run's new attempt completes (`rerunFinished`). */
  rerunRequested(rerun: RerunRecord): Promise<void>;
}

export interface RerunRecord {
  repo: string;
  headSha: string;
  runId: number;
  /** The attempt that failed; the re-run is the next one. */
  attempt: number;
  jobs: Array<{ name: string; verdict: string; reason: string; tests: string[] }>;
}
