import type { Diagnostic, ProgressEvent } from '../domain/index.js';
import type { Avoid, MemoryDecision, Replay, TriedFix } from './memory-types.js';
import type { RepoConfig } from '../config/index.js';
import type { ToolResolver } from '../fixers/index.js';
import type { EditOutcome, FileEdit } from '../llm/index.js';
import type { Sandbox } from '../sandbox/index.js';
import type { CheckPlan } from '../validate/index.js';
import type { FileChange, RepoState, Worktree } from '../workspace/index.js';
import type { SpendLedger } from './budget.js';
import type { ModelDeps } from './model-types.js';

export interface FixJobInput {
  cwd: string;
  config: RepoConfig;
  /** `--check CMD`. */
  check?: string;
  /** CI logs to plan from (paths); the check still runs, to validate. */
  logs?: string[];
  /** `--base REF`: only files changed since REF (from the merge base) are fixed; others' findings are listed. */
  base?: string;
  /** Tests known flaky (seen failing and then passing on one commit): listed, never edited or fixed. */
  flakyTests?: readonly string[];
  /** Strategies not to try for some findings (a person reverted them; the fix memory): skipped, said why. */
  avoid?: readonly Avoid[];
  /** Accepted fixes (the fix memory) applied again to equal code before any model is asked. */
  replays?: readonly Replay[];
  /**
   * More of both, read while the check runs (opening the local memory's store takes about a second):
   * awaited before the first fix is planned. It must not throw.
   */
  recall?: Promise<{ avoid: readonly Avoid[]; replays: readonly Replay[] }>;
  dryRun: boolean;
  /** False for `--no-commit`: the change stays uncommitted in the worktree, which is kept. */
  commit: boolean;
  checkTimeoutMs: number;
  fixerTimeoutMs: number;
  /** What model spending is charged to for `llm.budget.per_pr_usd`: the PR; locally the repository and branch. */
  spendKey?: string;
  /**
   * Whether a fix a tool calls unsafe may be tried as a candidate (validated, and said so in its commit)
   * before a model is asked. Not when the commits are pushed without review, unless `fixers.unsafe_fixes`.
   */
  unsafeCandidates?: boolean;
}

/** Everything with an effect, passed in (docs/architecture.md, conventions); `cli` builds the concrete ones. */
export interface FixJobDeps {
  sandbox: Sandbox;
  workspace: {
    repoState(cwd: string): Promise<RepoState>;
    createWorktree(root: string, commit: string): Promise<Worktree>;
    /** Links the checkout's installed dependencies (node_modules, .venv) into the worktree. */
    linkDependencies(root: string, dir: string): Promise<string[]>;
    /** Makes git ignore these folders of a worktree (the tools' build output). */
    ignoreInWorktree(dir: string, folders: readonly string[]): Promise<void>;
    worktreeChanges(dir: string): Promise<{ files: FileChange[]; patch: string }>;
    commitAll(
      dir: string,
      options: { message: string; author: { name: string; email: string }; paths?: string[] },
    ): Promise<string>;
    advanceBranch(root: string, branch: string, expected: string, commit: string): Promise<void>;
    /** Creates (or moves) a branch at `commit`, without touching the checkout. */
    createBranch(root: string, branch: string, commit: string): Promise<void>;
    /** Drops every uncommitted change in the worktree. */
    reset(dir: string): Promise<void>;
    /** Before each check in `dir`: makes sure its tools' caches see every edit (`EditClock`). */
    beforeCheck(dir: string): Promise<unknown>;
    /** Turns the worktree's commits since `base` back into uncommitted changes. */
    uncommit(dir: string, base: string): Promise<void>;
    headOf(dir: string): Promise<string>;
    /** Applies a patch from another worktree of the same commit. */
    applyPatch(dir: string, patch: string): Promise<void>;
    /** The files git tracks (to map paths a log names on another machine). */
    trackedFiles(root: string): Promise<string[]>;
    /** The files changed from the merge base of `base` and `head` to `head`. */
    changedSince(root: string, base: string, head: string): Promise<string[]>;
    fileAtHead(dir: string, path: string): Promise<string | undefined>;
    /** Puts these files back as HEAD has them (narrowing a fix to the rest). */
    revertPaths(dir: string, paths: string[]): Promise<void>;
  };
  /** Applies edits (old → new blocks, layout aside) to files of `root`: a replayed fix's. */
  applyEdits(root: string, edits: FileEdit[], allowed: ReadonlySet<string>): Promise<EditOutcome>;
  /** Finds the program a fixer runs: the repository's own first, then PATH (reads the checkout). */
  tools(root: string): ToolResolver;
  progress(event: ProgressEvent): void;
  /** The model fixer, when a provider is configured; without it model-fixable findings are reported. */
  model?: ModelDeps;
  /** Spending across jobs, for the per-PR and per-day caps; without it only per-fix and per-job hold. */
  ledger?: SpendLedger;
  /**
   * The repository's pinned versions of the `wanted` tools, installed where they differ from what would
   * run (`versionOf` answers what a tool prints for `--version` now), and ci-autofix's own `helpers`
   * where missing. Without it, whatever is installed runs.
   */
  toolchain?: {
    prepare(
      root: string,
      versionOf: (tool: string) => Promise<string | undefined>,
      wanted: readonly string[],
      helpers?: readonly string[],
    ): Promise<{ binDirs: string[]; notes: string[]; pins: PinReport[] }>;
  };
}

/** A pinned tool, as the outcome reports it. */
export interface PinReport {
  tool: string;
  version: string;
  source: string;
  /** The version that would have run (undefined when the tool was not installed). */
  installed?: string;
  /** True when the pinned version was installed for this run. */
  provisioned: boolean;
}

export type { ProgressEvent } from '../domain/index.js';

export type FixOutcomeKind = 'fixed' | 'partial' | 'not-fixable' | 'validation-failed' | 'nothing-to-fix';

export interface AppliedFix {
  fixer: string;
  tool: string;
  files: string[];
  fixed: Diagnostic[];
  commit?: string;
}

export interface DroppedFix {
  fixer: string;
  files: string[];
  reason: string;
}

/** `fix --format json` (docs/architecture.md, contracts). */
export interface FixOutcome {
  outcome: FixOutcomeKind;
  fixes: AppliedFix[];
  dropped: DroppedFix[];
  /** Every strategy's try, kept or dropped, in order. */
  tried: TriedFix[];
  /** What the fix memory decided (strategies skipped), in order. */
  memory: { decisions: MemoryDecision[] };
  commits: string[];
  validation: {
    check: {
      source: CheckPlan['source'];
      reason: string;
      commands: string[];
      /** The user's check stops at its first failure: later tools' findings may have been hidden. */
      stops_early?: string;
    };
    before: { passed: boolean; diagnostics: number };
    after: { passed: boolean; diagnostics: number };
  };
  remaining: Diagnostic[];
  plan: {
    steps: Array<{ fixer: string; files: string[]; command: string[] }>;
    model: number;
    not_fixable: number;
    notes: string[];
  };
  /** The tools the repository pins, and whether those versions ran. */
  pins?: PinReport[];
  /** `--base`: the files the change touched, and how many findings lay outside them (listed, not fixed). */
  scope?: { base: string; files: number; out_of_scope: number };
  /**
   * When the check was red and no finding was recognised: the lines of its output (or of the logs) that
   * explain the failure, as the analyzer ranked them.
   */
  excerpts?: Array<{ step: string; lines: [number, number]; reason: string; text: string[] }>;
  /** Review mode (`auto_approve: false`): the branch holding the fix commits; yours is not moved. */
  branch?: string;
  /** Where the change is when it was not committed (`--no-commit`), and its diff. */
  worktree?: { dir: string; diff: string };
  cost: { requests: number; input_tokens: number; output_tokens: number; usd: number };
  /** Wall time of the whole job, and of the commands it ran in the sandbox (checks, fixers, versions). */
  timing: { total_ms: number; commands_ms: number; commands: number };
  notes: string[];
}

export type { Avoid, MemoryDecision, TriedFinding, TriedFix } from './memory-types.js';
