/**
 * The port every command that runs repository code goes through (docs/architecture.md, security model): check commands, fixers
 * run on PR code. A sandbox gets an environment allow-list, a timeout and output caps; the bubblewrap
 * backend adds no network, a read-only system, and an unprivileged user.
 */
export interface RunRequest {
  /** A program and its arguments; never a string assembled from untrusted text. */
  argv: string[];
  cwd: string;
  /** Folders the command may write to (the worktree). Everything else is read-only under bubblewrap. */
  writable: string[];
  /** Folders under /tmp the command must be able to read (the sandbox's /tmp is its own). */
  readable?: string[];
  /** Extra environment variables; each must pass the allow-list (names that look like secrets never do). */
  env?: Record<string, string>;
  /** Folders put first on PATH (the repository's pinned tool versions, installed by ci-autofix). */
  pathPrefix?: string[];
  timeoutMs: number;
  /** Bytes of output kept (the start and, mostly, the end: errors come last). */
  maxOutputBytes?: number;
  /** Off by default; a check that needs the network must say so. */
  network?: boolean;
  /** Text written to the command's standard input (an agent's prompt); stdin is empty otherwise. */
  stdin?: string;
  /**
   * Variables minted by the model proxy for one run (`src/llm/model-proxy.ts`): their names may look
   * like secrets (ANTHROPIC_API_KEY) because the program reads them there, but each value must be a
   * scoped proxy token or a loopback URL, so no real credential can take this path.
   */
  brokered?: Record<string, string>;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  /** stdout and stderr interleaved as they arrived, capped. */
  output: string;
  timedOut: boolean;
  /** Bytes of output dropped from the middle by the cap. */
  droppedBytes: number;
  durationMs: number;
  backend: SandboxBackend;
}

export type SandboxBackend = 'local' | 'bwrap';

export interface Sandbox {
  readonly backend: SandboxBackend;
  run(request: RunRequest): Promise<ExecResult>;
}
